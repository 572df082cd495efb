/**
 * Reads the caller from what the gateway's authorizers put in the request context: verified JWT
 * claims for operators, the agent authorizer's context for agents.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { type AgentPrincipal, OperatorClaimsSchema, type OperatorPrincipal, operatorFromClaims } from '../../shared/auth/principal';
import { UnauthenticatedError } from '../../shared/kernel/errors';

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
  ((event.requestContext as { authorizer?: AuthorizerShapes }).authorizer ?? {});

/** The operator behind a request whose JWT the gateway verified. */
export function operatorFromEvent(event: APIGatewayProxyEventV2): OperatorPrincipal {
  const parsed = OperatorClaimsSchema.safeParse(authorizerOf(event).jwt?.claims);
  if (!parsed.success) throw new UnauthenticatedError('Missing operator claims', 'invalid_token');
  return operatorFromClaims(parsed.data);
}

/** The agent behind a request, with the statuses the authorizer saw. */
export function agentFromEvent(event: APIGatewayProxyEventV2): { principal: AgentPrincipal; context: AgentAuthorizerContext } {
  const parsed = AgentAuthorizerContextSchema.safeParse(authorizerOf(event).lambda);
  if (!parsed.success) throw new UnauthenticatedError('Missing agent identity', 'invalid_api_key');
  const context = parsed.data;
  return { principal: { kind: 'agent', tenantId: context.tenantId, agentId: context.agentId, keyId: context.keyId }, context };
}
