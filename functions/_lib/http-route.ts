/**
 * `httpRoute(spec, handle)`: the Lambda handler of one route. The middleware onion, outermost
 * first: error responses (one mapping for every error), Powertools logger context, one access log
 * line per request; then the route's own steps: who is calling, may they, is the tenant active,
 * is the input valid. `handle` gets typed, validated input and returns the response body.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { checkPermission } from '../../shared/auth/permissions';
import type { AgentPrincipal, OperatorPrincipal } from '../../shared/auth/principal';
import { ForbiddenError, NotFoundError } from '../../shared/kernel/errors';
import type { PathParams, RouteSpec } from '../../shared/manifest/route-spec';
import { errorResponse, isServerError, statusOf } from './http-errors';
import { logger } from './logger';
import { agentFromEvent, operatorFromEvent } from './principal-from-event';
import { parseInput, pathParams, requestBody } from './request-input';
import { getServices, type Services } from './services';

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;
type PrincipalOf<R extends RouteSpec> = R['auth'] extends 'operator' ? OperatorPrincipal : R['auth'] extends 'agent' ? AgentPrincipal : undefined;

/** What a route's handler receives. */
export interface RouteRequest<R extends RouteSpec> {
  readonly body: Output<R['body']>;
  readonly query: Output<R['query']>;
  readonly params: PathParams<R['path']>;
  readonly principal: PrincipalOf<R>;
  readonly services: Services;
  readonly requestId: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly event: APIGatewayProxyEventV2;
}

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

const requestIdOf = (event: APIGatewayProxyEventV2) => event.requestContext?.requestId ?? 'unknown';

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

/** Establishes the caller, checks the route's permission and the tenant's status. */
async function callerOf(route: RouteSpec, event: APIGatewayProxyEventV2, params: Record<string, string>, services: Services) {
  if (route.auth === 'none') return undefined;
  if (route.auth === 'agent') {
    const { principal, context } = agentFromEvent(event);
    logger.appendKeys({ tenantId: principal.tenantId, agentId: principal.agentId });
    if (!route.refusesSuspendedItself) {
      if (context.tenantStatus === 'suspended') throw new ForbiddenError('The tenant is suspended', 'tenant_suspended');
      if (context.agentStatus === 'suspended') throw new ForbiddenError('The agent is suspended', 'agent_suspended');
    }
    return principal;
  }
  const principal = operatorFromEvent(event);
  const tenantId = params.tenantId;
  if (tenantId !== undefined) logger.appendKeys({ tenantId });
  if (route.permission) checkPermission(principal, route.permission, tenantId === undefined ? {} : { tenantId });
  // A tenant's own operators are refused while it is suspended; platform operators are not (they lift suspensions).
  if (tenantId !== undefined && principal.tenantId === tenantId) {
    const tenant = await services.tenantStates.get(tenantId);
    if (!tenant) throw new NotFoundError('Tenant', tenantId);
    if (tenant.status === 'suspended') throw new ForbiddenError('The tenant is suspended', 'tenant_suspended');
  }
  return principal;
}

/** The Lambda handler of `route`. */
export function httpRoute<R extends RouteSpec>(route: R, handle: (request: RouteRequest<R>) => Promise<unknown>) {
  const status = route.successStatus ?? 200;
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(httpErrorResponses())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(accessLog(route))
    .handler(async function routeHandler(event) {
      const services = await getServices();
      const params = pathParams(event, route.path);
      const principal = await callerOf(route, event, params, services);
      const request = {
        body: route.body ? parseInput(route.body, requestBody(event, route), 'body') : undefined,
        query: route.query ? parseInput(route.query, event.queryStringParameters ?? {}, 'query') : undefined,
        params,
        principal,
        services,
        requestId: requestIdOf(event),
        headers: event.headers ?? {},
        event,
      } as RouteRequest<R>;
      const result = await handle(request);
      const response = result instanceof HttpResult ? result : new HttpResult(status, result);
      return {
        statusCode: response.status,
        headers: { 'content-type': 'application/json', 'x-request-id': request.requestId, ...response.headers },
        ...(response.status === 204 ? {} : { body: response.isText ? String(response.body) : JSON.stringify(response.body) }),
      };
    });
}
