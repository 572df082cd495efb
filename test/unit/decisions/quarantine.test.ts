import { describe, expect, it } from 'vitest';
import { inQuarantine, QUARANTINE_RULE, underQuarantine } from '../../../shared/decisions/quarantine';
import type { Decision, DecisionRequest, Grant } from '../../../shared/policy/decide';
import type { Quarantine } from '../../../shared/tenancy/agent';

const NOW = Date.parse('2026-12-07T10:00:00.000Z');
const quarantine: Quarantine = {
  until: '2026-12-07T14:00:00.000Z',
  reason: 'remediation rem_01ABCDEFGHJKMNPQRSTVWXYZ00-deny-spike-quarantine',
  by: 'system:playbook:deny-spike-quarantine',
  runId: 'rem_01ABCDEFGHJKMNPQRSTVWXYZ00-deny-spike-quarantine',
};
const request: DecisionRequest = { action: 'tool:invoke', tool: 'crm.read', resource: 'customers/42' };
const consulted = [{ scope: 'tenant', version: 3 }];
const warnings = [{ code: 'deprecated_version', message: 'pinned' }];

const decision = (effect: Decision['effect'], overrides: Partial<Decision> = {}): Decision => ({
  effect,
  reason: `${effect} by rule crm (tenant v3)`,
  rule: { id: 'crm', scope: 'tenant', version: 3 },
  risk: 'low',
  warnings,
  consulted,
  ...overrides,
});
const grant = (overrides: Partial<Grant> = {}): Grant => ({
  id: 'grt_1',
  action: 'tool:invoke',
  tool: 'crm.read',
  resource: 'customers/42',
  expiresAt: '2026-12-07T10:30:00.000Z',
  ...overrides,
});
const quarantined = (given: Decision, grants: Grant[] = [], nowMs = NOW) => underQuarantine(given, { quarantine, request, grants, nowMs });

describe('quarantine on the decision path', () => {
  it('turns an allow into require_approval naming the quarantine, its end, who set it and what the policy said', () => {
    const result = quarantined(decision('allow'));
    expect(result).toMatchObject({ effect: 'require_approval', rule: { id: 'quarantine' }, risk: 'high', warnings, consulted });
    expect(result.rule).toEqual(QUARANTINE_RULE);
    expect(result.reason).toContain('Quarantined until 2026-12-07T14:00:00.000Z by system:playbook:deny-spike-quarantine');
    expect(result.reason).toContain(quarantine.reason);
    expect(result.reason).toContain('The policy would allow: allow by rule crm (tenant v3)');
    expect(result.grantId).toBeUndefined();
  });

  it('leaves a deny and a require_approval as they are', () => {
    const deny = decision('deny');
    const approval = decision('require_approval', { risk: 'medium' });
    expect(quarantined(deny)).toBe(deny);
    expect(quarantined(approval)).toBe(approval);
  });

  it('changes nothing once the quarantine has run out, or without one', () => {
    const allow = decision('allow');
    expect(quarantined(allow, [], Date.parse(quarantine.until))).toBe(allow);
    expect(quarantined(allow, [], Date.parse(quarantine.until) + 1)).toBe(allow);
    expect(underQuarantine(allow, { quarantine: undefined, request, grants: [], nowMs: NOW })).toBe(allow);
    expect(inQuarantine(quarantine, Date.parse(quarantine.until) - 1)).toBe(true);
    expect(inQuarantine(quarantine, Date.parse(quarantine.until))).toBe(false);
    expect(inQuarantine(undefined, NOW)).toBe(false);
  });

  it('allows a request a live grant covers exactly, with the grant id', () => {
    const result = quarantined(decision('allow'), [grant({ id: 'grt_other', tool: 'crm.write' }), grant()]);
    expect(result).toMatchObject({ effect: 'allow', grantId: 'grt_1', rule: { id: 'crm' } });
    expect(result.reason).toMatch(/^Allowed by grant grt_1 during the quarantine \(until 2026-12-07T14:00:00.000Z\); allow by rule crm/);
  });

  it('does not let an expired grant through', () => {
    expect(quarantined(decision('allow'), [grant({ expiresAt: '2026-12-07T09:59:59.999Z' })]).effect).toBe('require_approval');
    expect(quarantined(decision('allow'), [grant({ expiresAt: new Date(NOW).toISOString() })]).effect).toBe('require_approval');
  });

  it('does not let a grant for another action, tool or resource through', () => {
    for (const other of [
      grant({ tool: 'crm.write' }),
      grant({ tool: undefined }),
      grant({ action: 'tool:list' }),
      grant({ resource: 'customers/43' }),
      grant({ resource: undefined }),
    ])
      expect(quarantined(decision('allow'), [other]), JSON.stringify(other)).toMatchObject({ effect: 'require_approval' });
  });

  it('leaves an allow a grant already decided as it is', () => {
    const granted = decision('allow', { grantId: 'grt_9', reason: 'allowed by grant grt_9' });
    expect(quarantined(granted)).toBe(granted);
  });
});
