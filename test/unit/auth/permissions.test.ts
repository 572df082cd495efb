import { describe, expect, it } from 'vitest';
import { checkPermission, hasPermission, PERMISSIONS } from '../../../shared/auth/permissions';
import type { OperatorPrincipal, OperatorRole } from '../../../shared/auth/principal';

const operator = (roles: OperatorRole[], tenantId?: string, teams: string[] = []): OperatorPrincipal => ({
  kind: 'operator',
  sub: 'someone',
  roles,
  teams,
  ...(tenantId ? { tenantId } : {}),
});

describe('Function: hasPermission', () => {
  it('grants platform permissions to platform roles only', () => {
    expect(hasPermission(operator(['platform-admin']), 'tenant:onboard')).toBe(true);
    expect(hasPermission(operator(['tenant-admin'], 'acme'), 'tenant:onboard')).toBe(false);
    expect(hasPermission(operator(['platform-finance']), 'tenant:onboard')).toBe(false);
  });

  it('refuses tenant permissions on another tenant, whatever the role', () => {
    for (const role of ['tenant-admin', 'team-lead', 'security', 'auditor', 'finance'] as const) {
      expect(hasPermission(operator([role], 'acme', ['red']), 'agent:read', { tenantId: 'globex' })).toBe(false);
    }
  });

  it('refuses tenant permissions to a caller without a tenant', () => {
    expect(hasPermission(operator(['tenant-admin']), 'agent:read', { tenantId: 'acme' })).toBe(false);
  });

  it('never grants tenant data to platform roles', () => {
    expect(hasPermission(operator(['platform-admin'], 'acme'), 'agent:read', { tenantId: 'acme' })).toBe(false);
  });

  it('lets platform roles read any tenant record', () => {
    expect(hasPermission(operator(['platform-admin']), 'tenant:read', { tenantId: 'acme' })).toBe(true);
  });

  it('limits a team lead to the teams in their token', () => {
    const lead = operator(['team-lead'], 'acme', ['red']);
    expect(hasPermission(lead, 'agent:write', { tenantId: 'acme', teams: ['red'] })).toBe(true);
    expect(hasPermission(lead, 'agent:write', { tenantId: 'acme', teams: ['blue'] })).toBe(false);
    expect(hasPermission(lead, 'agent:write', { tenantId: 'acme', teams: ['red', 'blue'] })).toBe(false);
  });

  it('does not limit a tenant admin who is also a team lead', () => {
    expect(
      hasPermission(operator(['team-lead', 'tenant-admin'], 'acme', ['red']), 'agent:write', { tenantId: 'acme', teams: ['blue'] }),
    ).toBe(true);
  });

  it('defines every permission with at least one role', () => {
    for (const rule of Object.values(PERMISSIONS)) expect(rule.roles.length).toBeGreaterThan(0);
  });
});

describe('Function: checkPermission', () => {
  it('throws a ForbiddenError naming the permission', () => {
    expect(() => checkPermission(operator(['auditor'], 'acme'), 'agent:write', { tenantId: 'acme' })).toThrow(
      expect.objectContaining({ name: 'ForbiddenError', message: expect.stringContaining('agent:write') }),
    );
  });
});
