/**
 * What the console offers each role: which views appear and which buttons are enabled. It mirrors
 * the API's permissions (docs/api.md "Who is calling") for the display only; the API still
 * refuses whatever the caller may not do, and the console shows its answer.
 */
import type { Role, Session } from './session';

export type Ability =
  | 'fleet:tenant'
  | 'fleet:platform'
  | 'agents:read'
  | 'agents:write'
  | 'approvals:read'
  | 'approvals:decide'
  | 'incidents:read'
  | 'incidents:write'
  | 'maturity:read'
  | 'maturity:platform'
  | 'audit:read'
  | 'policies:read'
  | 'usage:read'
  | 'remediations:read'
  /** List live just-in-time grants (`grant:read`; team leads: their teams' grants, which the API filters). */
  | 'grants:read'
  /** Revoke a grant (`grant:revoke`). */
  | 'grants:revoke'
  /** Every tenant's billing lines and the price plans (`billing:platform-export`, `price-plan:read`). */
  | 'billing:platform'
  /** Close a month for billing (`billing:close`). */
  | 'billing:close';

const BY_ROLE: Record<Role, readonly Ability[]> = {
  'platform-admin': ['fleet:platform', 'maturity:platform', 'billing:platform'],
  'platform-finance': ['billing:platform', 'billing:close'],
  'tenant-admin': [
    'fleet:tenant',
    'agents:read',
    'agents:write',
    'approvals:read',
    'approvals:decide',
    'incidents:read',
    'incidents:write',
    'maturity:read',
    'audit:read',
    'policies:read',
    'usage:read',
    'remediations:read',
    'grants:read',
    'grants:revoke',
  ],
  'team-lead': [
    'fleet:tenant',
    'agents:read',
    'agents:write',
    'approvals:read',
    'approvals:decide',
    'incidents:read',
    'policies:read',
    'grants:read',
  ],
  security: [
    'fleet:tenant',
    'agents:read',
    'approvals:read',
    'approvals:decide',
    'incidents:read',
    'incidents:write',
    'maturity:read',
    'audit:read',
    'policies:read',
    'remediations:read',
    'grants:read',
    'grants:revoke',
  ],
  auditor: [
    'fleet:tenant',
    'agents:read',
    'approvals:read',
    'incidents:read',
    'maturity:read',
    'audit:read',
    'policies:read',
    'usage:read',
    'remediations:read',
    'grants:read',
  ],
  finance: ['agents:read', 'usage:read'],
};

/** Whether the session's roles offer `ability` (team leads: for their teams, which the API checks). */
export function can(session: Session, ability: Ability): boolean {
  return session.roles.some((role) => BY_ROLE[role]?.includes(ability));
}

/** Whether the session may act on an agent of `team` (team leads only on their teams). */
export function canWriteAgentOf(session: Session, team: string): boolean {
  if (session.roles.includes('tenant-admin')) return true;
  return session.roles.includes('team-lead') && session.teams.includes(team);
}
