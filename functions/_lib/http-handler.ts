/**
 * The middleware onion every HTTP route runs in, outermost first: error responses (one mapping
 * for every error), Powertools logger context, one access log line per request; and the shaping
 * of a result into an API Gateway response. It knows nothing of callers, input schemas or
 * services, so a route that needs none of them (`publicRoute`) loads none of them.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { RouteSpec } from '../../shared/manifest/route-spec';
import { errorResponse, isServerError, statusOf } from './http-errors';
import { logger } from './logger';
import { serving } from './served-routes';

/** A response with a status or headers other than the route's default, or a body that is not JSON. */
export class HttpResult {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
    /** The body is already text in the content type of `headers` (CSV, ...), sent as it is. */
    readonly isText = false,
  ) {}

  static text(status: number, text: string, contentType: string, headers: Record<string, string> = {}): HttpResult {
    return new HttpResult(status, text, { 'content-type': contentType, ...headers }, true);
  }
}

/** The request id API Gateway gave the request. */
export const requestIdOf = (event: APIGatewayProxyEventV2) => event.requestContext?.requestId ?? 'unknown';

/** Maps every error to the JSON error shape; logs server errors with their stack, client errors briefly. */
function httpErrorResponses(): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: function httpErrorResponsesOnError(request) {
      const { error } = request;
      if (isServerError(error)) logger.error('request failed', { error: error as Error });
      else logger.warn('request refused', { code: (error as { code?: string }).code });
      request.response = errorResponse(error, requestIdOf(request.event));
    },
  };
}

/** One access log line per request: method, route, status, duration. Never bodies or headers. */
function accessLog(route: RouteSpec): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  let startedAt = 0;
  const line = (status: number | undefined) =>
    logger.info('request', {
      method: route.method,
      route: route.path,
      status,
      durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
    });
  return {
    before: function accessLogBefore(request) {
      startedAt = performance.now();
      logger.appendKeys({ requestId: requestIdOf(request.event) });
    },
    after: function accessLogAfter(request) {
      line(request.response?.statusCode);
    },
    onError: function accessLogOnError(request) {
      // runs before httpErrorResponses sets the response (onion order), so log the status it will set
      line(statusOf(request.error));
    },
  };
}

/** Tells `answered` the status of every answer; noting it never changes or delays the answer. */
function answerObserver(
  answered: (status: number) => void,
): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const note = (status: number) => {
    try {
      answered(status);
    } catch (error) {
      logger.warn('answer not counted', { error: String(error) });
    }
  };
  return {
    after: function answerObserverAfter(request) {
      note(request.response?.statusCode ?? 200);
    },
    onError: function answerObserverOnError(request) {
      note(statusOf(request.error));
    },
  };
}

/** What an HTTP handler may be told beyond its route. */
export interface HttpHandlerOptions {
  /** Called with the status of every answer (the API's answer counts: functions/_lib/compose/ops.ts). */
  readonly answered?: (status: number) => void;
}

/** The Lambda handler of `route`: `respond` returns the body of a success (or an HttpResult). */
export function httpHandler(
  route: RouteSpec,
  respond: (event: APIGatewayProxyEventV2) => Promise<unknown>,
  options: HttpHandlerOptions = {},
) {
  const status = route.successStatus ?? 200;
  const onion = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(httpErrorResponses())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(accessLog(route));
  const handler = (options.answered ? onion.use(answerObserver(options.answered)) : onion).handler(async function routeHandler(event) {
    const result = await respond(event);
    const response = result instanceof HttpResult ? result : new HttpResult(status, result);
    return {
      statusCode: response.status,
      headers: { 'content-type': 'application/json', 'x-request-id': requestIdOf(event), ...response.headers },
      ...(response.status === 204 || response.status === 304
        ? {}
        : { body: response.isText ? String(response.body) : JSON.stringify(response.body) }),
    };
  });
  return serving(handler, [route]);
}
