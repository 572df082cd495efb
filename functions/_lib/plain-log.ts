/**
 * One JSON log line in the fields and under the level variables Powertools Logger uses, for the
 * functions whose whole cold start is smaller than loading Powertools and middy: `health`,
 * `openapi` and the agent authorizer (docs/decisions/cold-starts.md). Lines go through `redact`,
 * so an API key or a JWT that reaches one by mistake is masked, as in the Powertools logger.
 */
import type { Context } from 'aws-lambda';
import { redactText } from './redact';

const LEVELS = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** The configured log level, read as Powertools reads it (config.ts would load zod). */
function threshold(): number {
  const { POWERTOOLS_LOG_LEVEL, AWS_LAMBDA_LOG_LEVEL, LOG_LEVEL } = process.env;
  const name = (POWERTOOLS_LOG_LEVEL ?? AWS_LAMBDA_LOG_LEVEL ?? LOG_LEVEL ?? 'INFO').toUpperCase();
  return LEVELS[name as keyof typeof LEVELS] ?? LEVELS.INFO;
}

/** A function's plain logger: `write` one line; the first line of the execution environment says `cold_start: true`. */
export function plainLogger() {
  let coldStart = true;
  return {
    write(level: LogLevel, message: string, context: Context | undefined, fields: Record<string, unknown> = {}): void {
      if (LEVELS[level] >= threshold()) {
        const line = {
          level,
          message,
          timestamp: new Date().toISOString(),
          service: process.env.POWERTOOLS_SERVICE_NAME ?? 'warden',
          cold_start: coldStart,
          function_name: context?.functionName,
          function_request_id: context?.awsRequestId,
          ...(process.env._X_AMZN_TRACE_ID ? { xray_trace_id: process.env._X_AMZN_TRACE_ID } : {}),
          ...fields,
        };
        process.stdout.write(`${redactText(JSON.stringify(line))}\n`);
      }
    },
    /** Marks the end of an invocation: later lines are warm. */
    invocationDone(): void {
      coldStart = false;
    },
  };
}
