/**
 * Who is calling: an operator (a human with a JWT) or an agent (a program with an API key).
 */
import * as z from 'zod';

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
 * A list claim (`roles`, `teams`) read exactly, from the token's own JSON payload: each string
 * element of an array is one value, taken as it is (never trimmed, split or case-folded); a string
 * is one value (identity providers that emit a single role as a string); absent or null is no
 * value. Elements that are not strings are ignored; a claim of any other type refuses the token.
 */
const listClaim = z
  .union([z.array(z.unknown()), z.string(), z.null()])
  .optional()
  .transform((value): string[] => {
    if (value === undefined || value === null) return [];
    const values = typeof value === 'string' ? [value] : value.filter((element): element is string => typeof element === 'string');
    return [...new Set(values)];
  });

/**
 * The claims Warden reads from an operator token's payload. A value Warden does not know exactly
 * (a role not in OperatorRoleSchema, a team that does not exist) grants nothing; it is ignored,
 * not refused, so tokens may carry other applications' roles.
 */
export const OperatorClaimsSchema = z.object({
  sub: z.string().min(1).max(256),
  tenant: z.string().min(1).max(64).optional(),
  roles: listClaim.transform((roles) => roles.filter((role): role is OperatorRole => OperatorRoleSchema.safeParse(role).success)),
  teams: listClaim,
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

/** Builds an operator principal from the claims of a token already verified by the gateway (or its local twin). */
export function operatorFromClaims(claims: OperatorClaims): OperatorPrincipal {
  return {
    kind: 'operator',
    sub: claims.sub,
    ...(claims.tenant === undefined ? {} : { tenantId: claims.tenant }),
    roles: claims.roles,
    teams: claims.teams,
  };
}
