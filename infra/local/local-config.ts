/**
 * Configuration of the local runtime, read once from the environment and validated. README
 * "Configuration" lists these variables.
 */
import { resolve } from 'node:path';
import * as z from 'zod';
import { FUNCTION_VARIABLE_SCHEMAS as passedOn } from '../../shared/manifest/function-environment';

const port = z.coerce.number().int().min(0).max(65_535);

const LocalEnvironmentSchema = z.object({
  /** Port of the HTTP API (0 picks a free one). */
  PORT: port.default(3000),
  /** Where DynamoDB Local's data, dev credentials and checkpoints live. */
  WARDEN_DATA_DIR: z.string().default('.data'),
  /** Keep DynamoDB Local in memory instead (nothing survives a restart). */
  WARDEN_DYNAMODB_IN_MEMORY: z.enum(['0', '1']).default('0'),
  /** Port of DynamoDB Local (0 picks a free one). */
  WARDEN_DYNAMODB_PORT: port.default(0),
  // Passed on to the functions, with the contract's bounds (shared/manifest/function-environment.ts).
  WARDEN_CACHE_STALENESS_SECONDS: passedOn.WARDEN_CACHE_STALENESS_SECONDS,
  WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS: passedOn.WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS,
  /** Enables the /_local test hooks (adjustable clock, recent events). Never on AWS. */
  WARDEN_TEST_HOOKS: passedOn.WARDEN_TEST_HOOKS,
  /** Stop when this process is gone (set by test harnesses that spawn the runtime). */
  WARDEN_PARENT_PID: z.coerce.number().int().positive().optional(),
  /** Seconds in one minute of approval timeouts (60; tests shorten it so an approval times out in seconds). */
  WARDEN_APPROVAL_SECONDS_PER_MINUTE: passedOn.WARDEN_APPROVAL_SECONDS_PER_MINUTE,
  /** Log level of the functions (Powertools): DEBUG, INFO, WARN, ERROR, SILENT. */
  WARDEN_LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
  /** `off` leaves out the metrics rollup and the anomaly detectors (the decision benchmark compares both). */
  WARDEN_MONITORING: z.enum(['on', 'off']).default('on'),
  /**
   * The console signs in with OpenID Connect against this issuer instead of the development page.
   * The local API trusts only tokens of the local dev key, so the issuer must sign with it: the
   * browser tests' stand-in provider does.
   */
  WARDEN_CONSOLE_OIDC_ISSUER: z.url().optional(),
  WARDEN_CONSOLE_OIDC_CLIENT_ID: z.string().min(1).max(200).default('warden-console'),
});

export interface LocalConfig {
  readonly port: number;
  readonly dataDir: string;
  readonly dynamoDbInMemory: boolean;
  readonly dynamoDbPort: number;
  readonly cacheStalenessSeconds: number;
  readonly operatorTokenMaxLifetimeSeconds: number;
  readonly testHooks: boolean;
  readonly parentPid?: number;
  readonly logLevel: string;
  readonly approvalSecondsPerMinute: number;
  /** Whether the metrics rollup and the anomaly detectors run. */
  readonly monitoring: boolean;
  /** The console's OpenID Connect sign-in, when set (otherwise the development sign-in page). */
  readonly consoleOidc?: { readonly issuer: string; readonly clientId: string };
}

/** Reads the local runtime's configuration; a bad value stops start-up with the variable named. */
export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const parsed = LocalEnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    dataDir: resolve(e.WARDEN_DATA_DIR),
    dynamoDbInMemory: e.WARDEN_DYNAMODB_IN_MEMORY === '1',
    dynamoDbPort: e.WARDEN_DYNAMODB_PORT,
    cacheStalenessSeconds: e.WARDEN_CACHE_STALENESS_SECONDS,
    operatorTokenMaxLifetimeSeconds: e.WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS,
    testHooks: e.WARDEN_TEST_HOOKS === '1',
    ...(e.WARDEN_PARENT_PID === undefined ? {} : { parentPid: e.WARDEN_PARENT_PID }),
    logLevel: e.WARDEN_LOG_LEVEL,
    approvalSecondsPerMinute: e.WARDEN_APPROVAL_SECONDS_PER_MINUTE,
    monitoring: e.WARDEN_MONITORING === 'on',
    ...(e.WARDEN_CONSOLE_OIDC_ISSUER
      ? { consoleOidc: { issuer: e.WARDEN_CONSOLE_OIDC_ISSUER, clientId: e.WARDEN_CONSOLE_OIDC_CLIENT_ID } }
      : {}),
  };
}
