/**
 * Reads the caller from the request: for operators, the bearer token the gateway's JWT authorizer
 * verified (its own payload, so list claims stay lists; the gateway's flattened claims only vouch
 * for it) held to the lifetime rule; for agents, the agent authorizer's context.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { operatorClaimsOf, payloadOfGatewayVerifiedToken } from '../../shared/auth/operator-token';
import { type AgentPrincipal, type OperatorPrincipal, operatorFromClaims } from '../../shared/auth/principal';
import { checkTokenLifetime, TOKEN_CLOCK_SKEW_SECONDS, type TokenLifetimePolicy } from '../../shared/auth/token-lifetime';
import { type Clock, systemClock } from '../../shared/kernel/clock';
import { UnauthenticatedError } from '../../shared/kernel/errors';
import { config } from './config';

/** What the agent authorizer returns as its context (all strings: API Gateway's context values are primitives). */
export const AgentAuthorizerContextSchema = z.object({
  tenantId: z.string().min(1),
  agentId: z.string().min(1),
  keyId: z.string().min(1),
  tenantStatus: z.enum(['active', 'suspended']),
  agentStatus: z.enum(['active', 'suspended', 'decommissioned']),
});
export type AgentAuthorizerContext = z.infer<typeof AgentAuthorizerContextSchema>;

interface AuthorizerShapes {
  jwt?: { claims?: Record<string, unknown> };
  lambda?: Record<string, unknown>;
}

const authorizerOf = (event: APIGatewayProxyEventV2): AuthorizerShapes =>
  (event.requestContext as { authorizer?: AuthorizerShapes }).authorizer ?? {};

/** How operator tokens are checked on the function side. */
export interface OperatorTokenCheck {
  readonly lifetime: TokenLifetimePolicy;
  /** The machine's clock, as the gateway's: token times are real times even when the test clock moves. */
  readonly clock: Clock;
}

const configuredTokenCheck = (): OperatorTokenCheck => ({
  lifetime: { maxLifetimeSeconds: config().operatorTokenMaxLifetimeSeconds, clockSkewSeconds: TOKEN_CLOCK_SKEW_SECONDS },
  clock: systemClock,
});

/** The bearer token of an Authorization header value (one token, nothing around it). */
const bearerToken = (header: string | undefined): string | undefined => /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '')?.[1];

/**
 * The operator behind a request whose JWT the gateway verified: the Authorization header's token,
 * matched against the gateway's claims, within the lifetime rule. UnauthenticatedError otherwise.
 */
export function operatorFromEvent(event: APIGatewayProxyEventV2, check: OperatorTokenCheck = configuredTokenCheck()): OperatorPrincipal {
  const gatewayClaims = authorizerOf(event).jwt?.claims;
  const token = bearerToken(event.headers?.authorization);
  if (!gatewayClaims || token === undefined) throw new UnauthenticatedError('Missing operator claims', 'invalid_token');
  const payload = payloadOfGatewayVerifiedToken(token, gatewayClaims);
  checkTokenLifetime(payload, Math.floor(check.clock.nowMs() / 1000), check.lifetime);
  return operatorFromClaims(operatorClaimsOf(payload));
}

/** The agent behind a request, with the statuses the authorizer saw. */
export function agentFromEvent(event: APIGatewayProxyEventV2): { principal: AgentPrincipal; context: AgentAuthorizerContext } {
  const parsed = AgentAuthorizerContextSchema.safeParse(authorizerOf(event).lambda);
  if (!parsed.success) throw new UnauthenticatedError('Missing agent identity', 'invalid_api_key');
  const context = parsed.data;
  return { principal: { kind: 'agent', tenantId: context.tenantId, agentId: context.agentId, keyId: context.keyId }, context };
}
