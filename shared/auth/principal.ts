/**
 * Who is calling: an operator (a human with a JWT) or an agent (a program with an API key).
 */
import { z } from 'zod';

/** Operator roles carried in the JWT's `roles` claim. */
export const OperatorRoleSchema = z.enum([
  'platform-admin',
  'platform-finance',
  'tenant-admin',
  'team-lead',
  'security',
  'auditor',
  'finance',
]);
export type OperatorRole = z.infer<typeof OperatorRoleSchema>;

/** Roles that act on the platform rather than inside one tenant. */
export const PLATFORM_ROLES: ReadonlySet<OperatorRole> = new Set(['platform-admin', 'platform-finance']);

/**
 * A list claim as it arrives: a JSON array from a verified JWT, or the `[a b]` text API Gateway's
 * JWT authorizer puts in `requestContext.authorizer.jwt.claims` for arrays.
 */
const listClaim = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return inner.split(/[\s,]+/).filter(Boolean);
}, z.array(z.string()));

/** The claims Warden reads from an operator token; unknown roles are ignored, not refused. */
export const OperatorClaimsSchema = z.object({
  sub: z.string().min(1).max(256),
  tenant: z.string().min(1).max(64).optional(),
  roles: listClaim.default([]).transform((roles) => roles.filter((role): role is OperatorRole => OperatorRoleSchema.safeParse(role).success)),
  teams: listClaim.default([]),
});
export type OperatorClaims = z.infer<typeof OperatorClaimsSchema>;

/** A human operator, from verified JWT claims. */
export interface OperatorPrincipal {
  readonly kind: 'operator';
  readonly sub: string;
  readonly tenantId?: string;
  readonly roles: readonly OperatorRole[];
  readonly teams: readonly string[];
}

/** An agent, from its API key as checked by the agent authorizer. */
export interface AgentPrincipal {
  readonly kind: 'agent';
  readonly tenantId: string;
  readonly agentId: string;
  readonly keyId: string;
}

export type Principal = OperatorPrincipal | AgentPrincipal;

/** Builds an operator principal from claims already verified by the gateway (or its local twin). */
export function operatorFromClaims(claims: OperatorClaims): OperatorPrincipal {
  return {
    kind: 'operator',
    sub: claims.sub,
    ...(claims.tenant === undefined ? {} : { tenantId: claims.tenant }),
    roles: claims.roles,
    teams: claims.teams,
  };
}
