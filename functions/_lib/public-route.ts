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
import { type LogLevel, plainLogger } from './plain-log';
import { serving } from './served-routes';

const log = plainLogger();

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
      let level: LogLevel = 'INFO';
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
      log.write(level, 'request', context, {
        requestId,
        method: route.method,
        route: route.path,
        status: response.statusCode,
        durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
        ...extra,
      });
      log.invocationDone();
      return response;
    },
    [route],
  );
}
