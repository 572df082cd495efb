/**
 * `publicRoute(route, respond)`: the handler of a route without authentication, input or
 * services — the liveness probe and the API document. It runs without middy and Powertools (whose
 * modules cost more to load than such a function does in all: docs/decisions/cold-starts.md) and
 * keeps what users see of the onion: the JSON error shape, the `x-request-id` header and one
 * access log line per request, in the fields and under the level variables Powertools uses.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { RouteSpec } from '../../shared/manifest/route-spec';
import { errorResponse, isServerError } from './http-errors';
import { serving } from './served-routes';

const LEVELS = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type Level = 'INFO' | 'WARN' | 'ERROR';

/** The configured log level, read as Powertools reads it. */
function threshold(): number {
  // Powertools' own variables, read as Powertools reads them (config.ts would load zod)
  const { POWERTOOLS_LOG_LEVEL, AWS_LAMBDA_LOG_LEVEL, LOG_LEVEL } = process.env;
  const name = (POWERTOOLS_LOG_LEVEL ?? AWS_LAMBDA_LOG_LEVEL ?? LOG_LEVEL ?? 'INFO').toUpperCase();
  return LEVELS[name as keyof typeof LEVELS] ?? LEVELS.INFO;
}

let coldStart = true;

/** A body that is already JSON text, sent as it is. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** The handler of `route`; `respond` returns the body (a value, or JsonText). */
export function publicRoute(route: RouteSpec & { readonly auth: 'none' }, respond: () => Promise<unknown>) {
  return serving(
    async function publicRouteHandler(event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
      const startedAt = performance.now();
      const requestId = event.requestContext?.requestId ?? 'unknown';
      let response: APIGatewayProxyStructuredResultV2;
      let level: Level = 'INFO';
      const extra: Record<string, unknown> = {};
      try {
        const body = await respond();
        response = {
          statusCode: route.successStatus ?? 200,
          headers: { 'content-type': 'application/json', 'x-request-id': requestId },
          body: body instanceof JsonText ? body.text : JSON.stringify(body),
        };
      } catch (error) {
        level = isServerError(error) ? 'ERROR' : 'WARN';
        if (level === 'ERROR')
          extra.error = { name: (error as Error).name, message: (error as Error).message, stack: (error as Error).stack };
        response = errorResponse(error, requestId);
      }
      if (LEVELS[level] >= threshold()) {
        const line = {
          level,
          message: 'request',
          timestamp: new Date().toISOString(),
          service: process.env.POWERTOOLS_SERVICE_NAME ?? 'warden',
          cold_start: coldStart,
          function_name: context?.functionName,
          function_request_id: context?.awsRequestId,
          requestId,
          method: route.method,
          route: route.path,
          status: response.statusCode,
          durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
          ...extra,
        };
        process.stdout.write(`${JSON.stringify(line)}\n`);
      }
      coldStart = false;
      return response;
    },
    [route],
  );
}
