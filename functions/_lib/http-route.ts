/**
 * `httpRoute(route, services, handle)`: the Lambda handler of one authenticated route. Inside the
 * onion of http-handler.ts, the route's own steps: who is calling, may they, is the tenant
 * active, is the input valid. `services` builds (once) what the handler uses — the composition of
 * its area in compose/ — so a function loads only its own area. `handle` gets typed, validated
 * input and returns the response body.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { checkPermission } from '../../shared/auth/permissions';
import type { AgentPrincipal, OperatorPrincipal } from '../../shared/auth/principal';
import { ForbiddenError, NotFoundError } from '../../shared/kernel/errors';
import type { PathParams, RouteSpec } from '../../shared/manifest/route-spec';
import type { TenantStateCache } from '../../shared/tenancy/tenant-state-cache';
import { apiAnswers } from './compose/ops';
import { httpHandler, requestIdOf } from './http-handler';
import { logger } from './logger';
import { agentFromEvent, operatorFromEvent } from './principal-from-event';
import { parseInput, pathParams, requestBody, type YamlReader } from './request-input';

export { HttpResult } from './http-handler';

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;
type PrincipalOf<R extends RouteSpec> = R['auth'] extends 'operator'
  ? OperatorPrincipal
  : R['auth'] extends 'agent'
    ? AgentPrincipal
    : undefined;

/** What every route's services hold: the cached tenant states operator routes check. */
export interface RouteServices {
  readonly tenantStates: Pick<TenantStateCache, 'get'>;
}

/** What a route's handler receives. */
export interface RouteRequest<R extends RouteSpec, S> {
  readonly body: Output<R['body']>;
  readonly query: Output<R['query']>;
  readonly params: PathParams<R['path']>;
  readonly principal: PrincipalOf<R>;
  readonly services: S;
  readonly requestId: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly event: APIGatewayProxyEventV2;
}

/** Options of a route: how it reads YAML bodies, when its spec accepts them. */
export interface RouteOptions {
  readonly readYaml?: YamlReader;
}

/** Establishes the caller, checks the route's permission and the tenant's status. */
async function callerOf(route: RouteSpec, event: APIGatewayProxyEventV2, params: Record<string, string>, services: RouteServices) {
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

/** The Lambda handler of `route`, with the services `services()` builds. */
export function httpRoute<R extends RouteSpec, S extends RouteServices>(
  route: R,
  services: () => Promise<S>,
  handle: (request: RouteRequest<R, S>) => Promise<unknown>,
  options: RouteOptions = {},
) {
  if (route.bodyFormats?.includes('yaml') && !options.readYaml)
    throw new Error(`${route.method} ${route.path} accepts YAML: give httpRoute a readYaml`);
  return httpHandler(
    route,
    async (event) => {
      const built = await services();
      const params = pathParams(event, route.path);
      const principal = await callerOf(route, event, params, built);
      const request = {
        body: route.body ? parseInput(route.body, requestBody(event, route, options.readYaml), 'body') : undefined,
        query: route.query ? parseInput(route.query, event.queryStringParameters ?? {}, 'query') : undefined,
        params,
        principal,
        services: built,
        requestId: requestIdOf(event),
        headers: event.headers ?? {},
        event,
      } as RouteRequest<R, S>;
      return handle(request);
    },
    { answered: (status) => apiAnswers().answered(status) },
  );
}
