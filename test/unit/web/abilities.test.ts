/**
 * The console offers the grants and platform billing views and buttons to exactly the roles the
 * API's permissions name (shared/auth/permissions.ts), so no role sees a view it would be refused.
 */
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../../shared/auth/permissions';
import { type Ability, can } from '../../../web/src/auth/abilities';
import type { Role, Session } from '../../../web/src/auth/session';

const ROLES: readonly Role[] = ['platform-admin', 'platform-finance', 'tenant-admin', 'team-lead', 'security', 'auditor', 'finance'];
const sessionOf = (role: Role): Session => ({ token: 't', sub: 'someone', roles: [role], teams: [], exp: 0 });
const rolesWith = (ability: Ability) => ROLES.filter((role) => can(sessionOf(role), ability));

describe('The abilities of the Access and Platform billing views', () => {
  it.each([
    ['grants:read', ['grant:read']],
    ['grants:revoke', ['grant:revoke']],
    ['billing:platform', ['billing:platform-export', 'price-plan:read']],
    ['billing:close', ['billing:close']],
  ] as const)('offers %s to the roles holding %j', (ability, permissions) => {
    for (const permission of permissions) expect(rolesWith(ability).sort()).toEqual([...PERMISSIONS[permission].roles].sort());
  });

  it('gives platform finance the platform billing view and closing a month, and a platform admin the view only', () => {
    expect(can(sessionOf('platform-finance'), 'billing:platform')).toBe(true);
    expect(can(sessionOf('platform-finance'), 'billing:close')).toBe(true);
    expect(can(sessionOf('platform-admin'), 'billing:platform')).toBe(true);
    expect(can(sessionOf('platform-admin'), 'billing:close')).toBe(false);
  });

  it('lets a team lead read grants (the API lists its teams’ only) but not revoke them', () => {
    expect(can(sessionOf('team-lead'), 'grants:read')).toBe(true);
    expect(can(sessionOf('team-lead'), 'grants:revoke')).toBe(false);
  });
});
