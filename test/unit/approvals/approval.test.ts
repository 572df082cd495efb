import { describe, expect, it } from 'vitest';
import {
  type Approval,
  authorityProblem,
  awaitingLevel,
  maySee,
  requestKeyOf,
  requiredApprovalsFor,
} from '../../../shared/approvals/approval';
import { grantMinutesFor } from '../../../shared/approvals/grant';
import type { OperatorPrincipal } from '../../../shared/auth/principal';

const operator = (sub: string, roles: OperatorPrincipal['roles'], teams: string[] = [], tenantId = 'acme'): OperatorPrincipal => ({
  kind: 'operator',
  sub,
  tenantId,
  roles,
  teams,
});

function anApproval(overrides: Partial<Approval> = {}): Approval {
  return {
    id: 'apr_1',
    tenantId: 'acme',
    agent: { id: 'agt_1', name: 'bot', team: 'support', role: 'bot', environment: 'prod', owner: 'owner@acme' },
    request: { action: 'payments:refund' },
    requestKey: 'k',
    risk: 'low',
    rule: { id: 'r', scope: 'tenant', version: 1 },
    reason: 'needs approval',
    grantMinutes: 60,
    origin: { type: 'decision', decisionId: 'dec_1' },
    status: 'pending',
    requiredApprovals: 1,
    approvals: [],
    escalated: false,
    deadlineAt: '2026-12-01T10:00:00.000Z',
    createdAt: '2026-12-01T06:00:00.000Z',
    updatedAt: '2026-12-01T06:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

describe('Approval routing', () => {
  it.each([
    ['low', false, 0, 'team-lead'],
    ['medium', false, 0, 'team-lead'],
    ['high', false, 0, 'security'],
    ['critical', false, 0, 'security'],
    ['critical', false, 1, 'tenant-admin'],
    ['low', true, 0, 'security'],
    ['high', true, 0, 'tenant-admin'],
    ['critical', true, 0, 'tenant-admin'],
    ['critical', true, 1, 'tenant-admin'],
  ] as const)('sends %s risk (escalated: %s, approvals so far: %i) to %s', (risk, escalated, votes, level) => {
    const approvals = Array.from({ length: votes }, (_, i) => ({ by: `a${i}`, level: 'security' as const, at: 'now' }));
    expect(awaitingLevel({ risk, escalated, approvals })).toBe(level);
  });

  it('needs two approvers for critical risk and one otherwise', () => {
    expect([
      requiredApprovalsFor('low'),
      requiredApprovalsFor('medium'),
      requiredApprovalsFor('high'),
      requiredApprovalsFor('critical'),
    ]).toEqual([1, 1, 1, 2]);
  });

  it('keys the same agent and request alike, and anything else apart', () => {
    expect(requestKeyOf('agt_1', { action: 'a', tool: 't' })).toBe(requestKeyOf('agt_1', { action: 'a', tool: 't', resource: undefined }));
    expect(requestKeyOf('agt_1', { action: 'a', tool: 't' })).not.toBe(requestKeyOf('agt_2', { action: 'a', tool: 't' }));
    expect(requestKeyOf('agt_1', { action: 'a', tool: 't' })).not.toBe(requestKeyOf('agt_1', { action: 'a', resource: 't' }));
  });
});

describe('Who may decide an approval', () => {
  it('lets a team lead decide low and medium risk for agents of their teams only', () => {
    expect(authorityProblem(operator('lead', ['team-lead'], ['support']), anApproval())).toBeUndefined();
    expect(authorityProblem(operator('lead', ['team-lead'], ['support']), anApproval({ risk: 'medium' }))).toBeUndefined();
    expect(authorityProblem(operator('lead', ['team-lead'], ['billing']), anApproval())).toBe('beyond_authority');
    expect(authorityProblem(operator('lead', ['team-lead'], ['support']), anApproval({ risk: 'high' }))).toBe('beyond_authority');
  });

  it('lets higher levels decide what a lower level awaits, but never the reverse', () => {
    expect(authorityProblem(operator('sec', ['security']), anApproval())).toBeUndefined();
    expect(authorityProblem(operator('admin', ['tenant-admin']), anApproval({ risk: 'high' }))).toBeUndefined();
    expect(authorityProblem(operator('sec', ['security']), anApproval({ risk: 'high', escalated: true }))).toBe('beyond_authority');
    expect(authorityProblem(operator('auditor', ['auditor']), anApproval())).toBe('beyond_authority');
  });

  it("refuses the agent's owner whatever their role", () => {
    expect(authorityProblem(operator('owner@acme', ['tenant-admin']), anApproval())).toBe('owner_cannot_approve');
  });

  it('refuses the first approver of a critical request as its second', () => {
    const half = anApproval({ risk: 'critical', requiredApprovals: 2, approvals: [{ by: 'admin-a', level: 'security', at: 'now' }] });
    expect(authorityProblem(operator('admin-a', ['tenant-admin']), half)).toBe('second_approver_must_differ');
    expect(authorityProblem(operator('admin-b', ['tenant-admin']), half)).toBeUndefined();
    expect(authorityProblem(operator('sec-b', ['security']), half)).toBe('beyond_authority');
  });

  it("refuses everyone of another tenant, and shows team leads only their teams' approvals", () => {
    expect(authorityProblem(operator('admin', ['tenant-admin'], [], 'other'), anApproval())).toBe('forbidden');
    expect(maySee(operator('admin', ['tenant-admin'], [], 'other'), anApproval())).toBe(false);
    expect(maySee(operator('lead', ['team-lead'], ['billing']), anApproval())).toBe(false);
    expect(maySee(operator('lead', ['team-lead'], ['support']), anApproval())).toBe(true);
    expect(maySee(operator('auditor', ['auditor']), anApproval())).toBe(true);
  });
});

describe('How long a grant lasts', () => {
  it.each([
    [undefined, undefined, 60],
    [30, undefined, 30],
    [undefined, 90, 90],
    [30, 10, 10],
    [15, 120, 15],
  ])("takes the shorter of the rule's %s and the requested %s minutes (default 60)", (rule, requested, minutes) => {
    expect(grantMinutesFor(rule, requested)).toBe(minutes);
  });
});
