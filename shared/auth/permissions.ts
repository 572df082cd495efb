/**
 * The role matrix: which operator roles may do what. This is the one place it is written; routes
 * name a permission, and `checkPermission` is the one place it is enforced.
 */
import { ForbiddenError } from '../kernel/errors';
import type { OperatorPrincipal, OperatorRole } from './principal';
import { PLATFORM_ROLES } from './principal';

interface PermissionRule {
  /** Roles that hold the permission. */
  readonly roles: readonly OperatorRole[];
  /** Platform permissions act outside any tenant; tenant permissions need the caller's tenant. */
  readonly level: 'platform' | 'tenant';
  /** Roles that hold it only for the teams in their token (checked against the object's team). */
  readonly teamScoped?: readonly OperatorRole[];
}

const tenantReaders: OperatorRole[] = ['tenant-admin', 'team-lead', 'security', 'auditor', 'finance'];

/** Every permission Warden checks, with who holds it. */
export const PERMISSIONS = {
  'tenant:onboard': { level: 'platform', roles: ['platform-admin'] },
  'tenant:list': { level: 'platform', roles: ['platform-admin', 'platform-finance'] },
  'tenant:update': { level: 'platform', roles: ['platform-admin'] },
  'tenant:read': { level: 'tenant', roles: ['tenant-admin', 'security', 'auditor', 'finance'] },
  'team:write': { level: 'tenant', roles: ['tenant-admin'] },
  'team:read': { level: 'tenant', roles: tenantReaders },
  'role:write': { level: 'tenant', roles: ['tenant-admin'] },
  'role:read': { level: 'tenant', roles: tenantReaders },
  'agent:write': { level: 'tenant', roles: ['tenant-admin', 'team-lead'], teamScoped: ['team-lead'] },
  /** Give an agent quotas above its team's and tenant's quotas (others are capped: tenancy/quota-caps.ts). */
  'agent:quotas-uncapped': { level: 'tenant', roles: ['tenant-admin'] },
  'agent:read': { level: 'tenant', roles: tenantReaders },
  /** Save drafts, publish and roll back tenant policies; team leads only for their teams' and agents' scopes. */
  'policy:write': { level: 'tenant', roles: ['tenant-admin', 'team-lead'], teamScoped: ['team-lead'] },
  'policy:read': { level: 'tenant', roles: ['tenant-admin', 'team-lead', 'security', 'auditor'] },
  /** Simulate decisions and run test libraries (changes nothing). */
  'policy:simulate': { level: 'tenant', roles: ['tenant-admin', 'team-lead', 'security', 'auditor'] },
  'policy-tests:write': { level: 'tenant', roles: ['tenant-admin'] },
  /** Read the audit log (decisions and changes). */
  'audit:read': { level: 'tenant', roles: ['tenant-admin', 'security', 'auditor'] },
  /** Read the fleet's metrics (team leads: their teams' only, named with `team`). */
  'metrics:read': { level: 'tenant', roles: ['tenant-admin', 'team-lead', 'security', 'auditor'], teamScoped: ['team-lead'] },
  /** Read detector settings and anomalies (team leads: their teams' anomalies only). */
  'monitoring:read': { level: 'tenant', roles: ['tenant-admin', 'team-lead', 'security', 'auditor'], teamScoped: ['team-lead'] },
  /** Change detector settings. */
  'monitoring:write': { level: 'tenant', roles: ['tenant-admin', 'security'] },
  /** See incidents (team leads: their teams' agents'). */
  'incident:read': { level: 'tenant', roles: ['tenant-admin', 'team-lead', 'security', 'auditor'], teamScoped: ['team-lead'] },
  /** Acknowledge and resolve incidents. */
  'incident:write': { level: 'tenant', roles: ['tenant-admin', 'security'] },
  /** See notification channels (never their secrets) and their deliveries. */
  'channel:read': { level: 'tenant', roles: ['tenant-admin', 'security', 'auditor'] },
  /** Create, change, delete and test notification channels. */
  'channel:write': { level: 'tenant', roles: ['tenant-admin', 'security'] },
  /** See remediation playbooks. */
  'playbook:read': { level: 'tenant', roles: ['tenant-admin', 'security', 'auditor'] },
  /** Create, change, delete playbooks and enable the default ones. */
  'playbook:write': { level: 'tenant', roles: ['tenant-admin', 'security'] },
  /** See remediation runs. */
  'remediation:read': { level: 'tenant', roles: ['tenant-admin', 'security', 'auditor'] },
  /** Approve, cancel and revert remediation runs. */
  'remediation:write': { level: 'tenant', roles: ['tenant-admin', 'security'] },
  /** Read metered usage (the basis of billing). */
  'usage:read': { level: 'tenant', roles: ['tenant-admin', 'finance', 'auditor'] },
  /** See approvals (team leads: their teams' agents; who may decide is checked per approval). */
  'approval:read': { level: 'tenant', roles: ['tenant-admin', 'team-lead', 'security', 'auditor'] },
  'approval:decide': { level: 'tenant', roles: ['tenant-admin', 'team-lead', 'security'] },
  'grant:read': { level: 'tenant', roles: ['tenant-admin', 'team-lead', 'security', 'auditor'] },
  'grant:revoke': { level: 'tenant', roles: ['tenant-admin', 'security'] },
  /** Price plans of the tiers (platform). */
  'price-plan:read': { level: 'platform', roles: ['platform-admin', 'platform-finance'] },
  'price-plan:write': { level: 'platform', roles: ['platform-admin'] },
  /** A tenant's FOCUS billing export, and its reconciliation with the audit log. */
  'billing:export': { level: 'tenant', roles: ['tenant-admin', 'finance'] },
  'billing:reconcile': { level: 'tenant', roles: ['tenant-admin', 'finance', 'auditor'] },
  /** Every tenant's billing export, and closing a month. */
  'billing:platform-export': { level: 'platform', roles: ['platform-finance', 'platform-admin'] },
  'billing:close': { level: 'platform', roles: ['platform-finance'] },
  'org-policy:write': { level: 'platform', roles: ['platform-admin'] },
  'org-policy:read': { level: 'platform', roles: ['platform-admin'] },
  /** Every tenant's metrics and the system's health (GET /v1/metrics). */
  'metrics:platform-read': { level: 'platform', roles: ['platform-admin'] },
  /** A tenant's maturity assessment, history and report. */
  'maturity:read': { level: 'tenant', roles: ['tenant-admin', 'security', 'auditor'] },
  /** Every tenant's latest maturity level (GET /v1/maturity). */
  'maturity:platform-read': { level: 'platform', roles: ['platform-admin'] },
  /** The built-in templates (GET /v1/templates): every operator may read them. */
  'template:read': {
    level: 'platform',
    roles: ['platform-admin', 'platform-finance', 'tenant-admin', 'team-lead', 'security', 'auditor', 'finance'],
  },
  /** Save organisation templates (new versions) and require guardrail patterns of every tenant as locked org rules. */
  'template:write': { level: 'platform', roles: ['platform-admin'] },
  /** Every version an organisation template has had (who saved what, when and why). */
  'template:versions': { level: 'platform', roles: ['platform-admin'] },
  /** Apply a template to the tenant: drafts, roles and test scenarios (tenant admins: it extends the test library). */
  'template:apply': { level: 'tenant', roles: ['tenant-admin'] },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof PERMISSIONS;

/** Platform permissions a platform role may also use on one tenant's platform-level routes. */
const PLATFORM_OVERRIDES: Partial<Record<Permission, readonly OperatorRole[]>> = {
  'tenant:read': ['platform-admin', 'platform-finance'],
};

/**
 * Refuses (ForbiddenError) unless the principal holds `permission` in `tenantId`, and, for
 * team-scoped roles, in every team of `teams` (the teams of the object acted on).
 */
export function checkPermission(
  principal: OperatorPrincipal,
  permission: Permission,
  target: { tenantId?: string; teams?: readonly string[] } = {},
): void {
  if (!hasPermission(principal, permission, target)) {
    throw new ForbiddenError(`Not allowed: ${permission}`, 'forbidden');
  }
}

/** Whether `checkPermission` would pass. */
export function hasPermission(
  principal: OperatorPrincipal,
  permission: Permission,
  target: { tenantId?: string; teams?: readonly string[] } = {},
): boolean {
  const rule: PermissionRule = PERMISSIONS[permission];
  const platformRoles = PLATFORM_OVERRIDES[permission] ?? [];
  if (principal.roles.some((role) => platformRoles.includes(role))) return true;

  if (rule.level === 'platform') return principal.roles.some((role) => rule.roles.includes(role));

  // Tenant permissions: only for the caller's own tenant, and never through a platform role.
  if (target.tenantId === undefined || principal.tenantId !== target.tenantId) return false;
  return principal.roles.some((role) => {
    if (PLATFORM_ROLES.has(role) || !rule.roles.includes(role)) return false;
    if (!rule.teamScoped?.includes(role) || target.teams === undefined) return true;
    return target.teams.every((team) => principal.teams.includes(team));
  });
}

/** True when the principal's only way to hold `permission` is team-scoped (a team lead). */
export function isTeamScopedOnly(principal: OperatorPrincipal, permission: Permission): boolean {
  const rule: PermissionRule = PERMISSIONS[permission];
  const granting = principal.roles.filter((role) => rule.roles.includes(role));
  return granting.length > 0 && granting.every((role) => rule.teamScoped?.includes(role));
}
