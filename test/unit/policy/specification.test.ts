/**
 * POLICY.md as a table: at least one case for every sentence of "Globs", "The decision" and the
 * "deciding rule" paragraph, each case quoting the sentence it checks.
 */
import { describe, expect, it } from 'vitest';
import { decide, type Grant } from '../../../shared/policy/decide';
import { compileGlobTest, globMatches } from '../../../shared/policy/glob';
import { globAsRegExp as compileGlob } from '../../support/policy/glob-oracle';
import { agent, scopes } from '../../support/policy/build';

const NOW = Date.parse('2026-11-24T10:00:00.000Z');

interface GlobCase {
  readonly sentence: string;
  readonly kind: 'name' | 'path';
  readonly glob: string;
  readonly matches: readonly string[];
  readonly misses: readonly string[];
}

const GLOBS: readonly GlobCase[] = [
  {
    sentence: 'Globs match the whole string.',
    kind: 'name',
    glob: 'data:export',
    matches: ['data:export'],
    misses: ['data:export2', 'xdata:export', 'data:ex'],
  },
  {
    sentence: 'Globs match the whole string.',
    kind: 'path',
    glob: 'customers/*',
    matches: ['customers/1'],
    misses: ['customers/1/notes', 'old/customers/1'],
  },
  {
    sentence: 'In `actions` and `tools`, `*` matches any run of characters (dots included)',
    kind: 'name',
    glob: 'crm.*',
    matches: ['crm.read', 'crm.contacts.delete', 'crm.'],
    misses: ['crm', 'xcrm.read'],
  },
  {
    sentence: 'In `actions` and `tools`, `*` matches any run of characters (dots included)',
    kind: 'name',
    glob: 'tool:*/x',
    matches: ['tool:a/b/x'],
    misses: ['tool:a/b/y'],
  },
  { sentence: 'and `?` one character.', kind: 'name', glob: 'v?', matches: ['v1', 'v.'], misses: ['v', 'v12'] },
  {
    sentence: 'In `resources`, `*` matches any run of characters within one `/`-separated segment',
    kind: 'path',
    glob: 'customers/*/notes',
    matches: ['customers/1/notes', 'customers//notes'.replace('//', '/x/')],
    misses: ['customers/1/2/notes', 'customers/notes'],
  },
  { sentence: '`?` one character', kind: 'path', glob: 'files/?', matches: ['files/a'], misses: ['files/ab', 'files//', 'files/'] },
  {
    sentence: '`**` standing as a whole segment matches zero or more whole segments together with the slash that joins them',
    kind: 'path',
    glob: 'a/**/b',
    matches: ['a/b', 'a/x/b', 'a/x/y/b'],
    misses: ['a/xb', 'ab', 'a/x/bc'],
  },
  {
    sentence: '`customers/**` matches `customers`, `customers/1` and `customers/1/notes`',
    kind: 'path',
    glob: 'customers/**',
    matches: ['customers', 'customers/1', 'customers/1/notes'],
    misses: ['customersx', 'orders/1'],
  },
  {
    sentence: '`**/notes` matches `notes` and `a/b/notes`',
    kind: 'path',
    glob: '**/notes',
    matches: ['notes', 'a/b/notes'],
    misses: ['xnotes', 'a/notesx'],
  },
  {
    sentence: 'A request without a tool or resource is matched as the empty string, which `*` and `**` match.',
    kind: 'name',
    glob: '*',
    matches: [''],
    misses: [],
  },
  {
    sentence: 'A request without a tool or resource is matched as the empty string, which `*` and `**` match.',
    kind: 'path',
    glob: '**',
    matches: ['', 'a', 'a/b/c'],
    misses: [],
  },
  {
    sentence: 'A request without a tool or resource is matched as the empty string, which `*` and `**` match.',
    kind: 'path',
    glob: 'customers/**',
    matches: [],
    misses: [''],
  },
];

describe('POLICY.md "Globs"', () => {
  it.each(GLOBS.map((entry) => [`${entry.sentence} — ${entry.kind} ${entry.glob}`, entry] as const))('%s', (_name, entry) => {
    // Both forms: the meaning as a regular expression (the oracle) and the engine's own test.
    const pattern = compileGlob(entry.glob, entry.kind);
    const test = compileGlobTest(entry.glob, entry.kind);
    for (const value of entry.matches) {
      expect(pattern.test(value), `${entry.glob} should match "${value}"`).toBe(true);
      expect(globMatches(test, value), `${entry.glob} (string test) should match "${value}"`).toBe(true);
    }
    for (const value of entry.misses) {
      expect(pattern.test(value), `${entry.glob} should not match "${value}"`).toBe(false);
      expect(globMatches(test, value), `${entry.glob} (string test) should not match "${value}"`).toBe(false);
    }
  });

  it('A request without a tool or resource is matched as the empty string — end to end through a decision', () => {
    const policy = scopes({
      tenant: {
        rules: [
          { id: 'any-tool', effect: 'allow', actions: ['ping'], tools: ['*'], resources: ['**'] },
          { id: 'crm-only', effect: 'deny', actions: ['ping'], tools: ['crm.*'] },
        ],
      },
    });
    expect(decide({ scopes: policy, agent, request: { action: 'ping' }, nowMs: NOW })).toMatchObject({
      effect: 'allow',
      rule: { id: 'any-tool' },
    });
  });
});

interface DecisionCase {
  readonly sentence: string;
  readonly documents: Parameters<typeof scopes>[0];
  readonly request: { action: string; tool?: string; resource?: string; context?: Record<string, unknown> };
  readonly grants?: Grant[];
  readonly agentEnvironment?: string;
  readonly effect: 'allow' | 'deny' | 'require_approval';
  /** `null`: no deciding rule (a default or a grant). */
  readonly rule: { id: string; scope: string } | null;
  readonly grantId?: string;
}

const allowAll = (id: string) => ({ id, effect: 'allow', actions: ['*'] });
const liveGrant: Grant = { id: 'grt_1', action: 'pay', tool: 'bank', resource: 'acct/1', expiresAt: '2026-11-24T11:00:00.000Z' };

const DECISIONS: readonly DecisionCase[] = [
  {
    sentence: "Candidates. The rules of the agent's documents whose environment, action, tool and resource match",
    documents: {
      tenant: {
        rules: [
          { id: 'dev-only', effect: 'allow', actions: ['read'], environments: ['dev'] },
          { id: 'prod', effect: 'require_approval', actions: ['read'], environments: ['prod'] },
        ],
      },
    },
    request: { action: 'read' },
    effect: 'require_approval',
    rule: { id: 'prod', scope: 'tenant' },
  },
  {
    sentence: "Candidates. The rules of the agent's documents whose environment, action, tool and resource match",
    documents: {
      tenant: {
        defaults: { prod: 'allow' },
        rules: [
          { id: 'other-tool', effect: 'deny', actions: ['read'], tools: ['crm.*'] },
          { id: 'other-resource', effect: 'deny', actions: ['read'], resources: ['secrets/**'] },
        ],
      },
    },
    request: { action: 'read', tool: 'zendesk.read', resource: 'tickets/1' },
    effect: 'allow',
    rule: null,
  },
  {
    sentence: '... and whose condition is true.',
    documents: {
      tenant: {
        rules: [
          { id: 'gold', effect: 'allow', actions: ['read'], when: 'agent.labels.tier == "gold"' },
          { id: 'silver', effect: 'deny', actions: ['read'], when: 'agent.labels.tier == "silver"' },
        ],
      },
    },
    request: { action: 'read' },
    effect: 'allow',
    rule: { id: 'gold', scope: 'tenant' },
  },
  {
    sentence: 'Guardrails. Among candidates marked `locked`, the most restrictive effect is the guardrail (`deny` > `require_approval`).',
    documents: {
      org: { rules: [{ id: 'org-approve', effect: 'require_approval', actions: ['export'], locked: true }] },
      tenant: { rules: [{ id: 'tenant-deny', effect: 'deny', actions: ['export'], locked: true }] },
      [`agent:${agent.id}`]: { rules: [allowAll('agent-allow')] },
    },
    request: { action: 'export' },
    effect: 'deny',
    rule: { id: 'tenant-deny', scope: 'tenant' },
  },
  {
    sentence: 'Specific decision. Among all candidates, the most specific scope that has any candidate decides;',
    documents: {
      tenant: { rules: [{ id: 'tenant-deny', effect: 'deny', actions: ['read'] }] },
      'team:support': { rules: [{ id: 'team-allow', effect: 'allow', actions: ['read'] }] },
    },
    request: { action: 'read' },
    effect: 'allow',
    rule: { id: 'team-allow', scope: 'team:support' },
  },
  {
    sentence:
      'Specific decision. Among all candidates, the most specific scope that has any candidate decides; (role is more specific than team)',
    documents: {
      'team:support': { rules: [{ id: 'team-allow', effect: 'allow', actions: ['read'] }] },
      'role:bot': { rules: [{ id: 'role-deny', effect: 'deny', actions: ['read'] }] },
    },
    request: { action: 'read' },
    effect: 'deny',
    rule: { id: 'role-deny', scope: 'role:bot' },
  },
  {
    sentence: 'within that scope the most restrictive effect wins.',
    documents: {
      'team:support': { rules: [allowAll('first-allow'), { id: 'then-approve', effect: 'require_approval', actions: ['read'] }] },
    },
    request: { action: 'read' },
    effect: 'require_approval',
    rule: { id: 'then-approve', scope: 'team:support' },
  },
  {
    sentence: "No candidates: the environment's default (tenant's over org's), else `deny`. — tenant's over org's",
    documents: { org: { defaults: { prod: 'deny', dev: 'allow' }, rules: [] }, tenant: { defaults: { prod: 'allow' }, rules: [] } },
    request: { action: 'read' },
    effect: 'allow',
    rule: null,
  },
  {
    sentence:
      "No candidates: the environment's default (tenant's over org's), else `deny`. — org's when the tenant sets none for the environment",
    documents: { org: { defaults: { prod: 'require_approval' }, rules: [] }, tenant: { defaults: { dev: 'allow' }, rules: [] } },
    request: { action: 'read' },
    effect: 'require_approval',
    rule: null,
  },
  {
    sentence: "No candidates: the environment's default (tenant's over org's), else `deny`. — else deny",
    documents: { tenant: { defaults: { dev: 'allow' }, rules: [] } },
    request: { action: 'read' },
    effect: 'deny',
    rule: null,
  },
  {
    sentence: 'Result. The more restrictive of the guardrail and the specific decision. — the guardrail wins over a more specific allow',
    documents: {
      org: { rules: [{ id: 'org-approve', effect: 'require_approval', actions: ['pay'], locked: true }] },
      [`agent:${agent.id}`]: { rules: [allowAll('agent-allow')] },
    },
    request: { action: 'pay' },
    effect: 'require_approval',
    rule: { id: 'org-approve', scope: 'org' },
  },
  {
    sentence: 'Result. The more restrictive of the guardrail and the specific decision. — the specific decision wins when more restrictive',
    documents: {
      org: { rules: [{ id: 'org-approve', effect: 'require_approval', actions: ['pay'], locked: true }] },
      'role:bot': { rules: [{ id: 'role-deny', effect: 'deny', actions: ['pay'] }] },
    },
    request: { action: 'pay' },
    effect: 'deny',
    rule: { id: 'role-deny', scope: 'role:bot' },
  },
  {
    sentence: 'Grants. If the result is `require_approval` and a live grant of the agent matches the request, the result is `allow`',
    documents: { tenant: { rules: [{ id: 'approve-pay', effect: 'require_approval', actions: ['pay'], grantMinutes: 60 }] } },
    request: { action: 'pay', tool: 'bank', resource: 'acct/1' },
    grants: [liveGrant],
    effect: 'allow',
    rule: null,
    grantId: 'grt_1',
  },
  {
    sentence: 'Grants. ... a live grant — an expired grant does not apply',
    documents: { tenant: { rules: [{ id: 'approve-pay', effect: 'require_approval', actions: ['pay'] }] } },
    request: { action: 'pay', tool: 'bank', resource: 'acct/1' },
    grants: [{ ...liveGrant, expiresAt: '2026-11-24T09:59:59.000Z' }],
    effect: 'require_approval',
    rule: { id: 'approve-pay', scope: 'tenant' },
  },
  {
    sentence: 'Grants. ... matches the request — a grant for another resource does not apply',
    documents: { tenant: { rules: [{ id: 'approve-pay', effect: 'require_approval', actions: ['pay'] }] } },
    request: { action: 'pay', tool: 'bank', resource: 'acct/2' },
    grants: [liveGrant],
    effect: 'require_approval',
    rule: { id: 'approve-pay', scope: 'tenant' },
  },
  {
    sentence: 'A grant never turns a `deny` into anything else: a `locked` deny beats every grant.',
    documents: {
      org: { rules: [{ id: 'org-deny', effect: 'deny', actions: ['pay'], locked: true }] },
      tenant: { rules: [{ id: 'approve-pay', effect: 'require_approval', actions: ['pay'] }] },
    },
    request: { action: 'pay', tool: 'bank', resource: 'acct/1' },
    grants: [liveGrant],
    effect: 'deny',
    rule: { id: 'org-deny', scope: 'org' },
  },
  {
    sentence: 'Restrictiveness: `deny` > `require_approval` > `allow`.',
    documents: {
      tenant: {
        rules: [allowAll('a'), { id: 'r', effect: 'require_approval', actions: ['x'] }, { id: 'd', effect: 'deny', actions: ['x'] }],
      },
    },
    request: { action: 'x' },
    effect: 'deny',
    rule: { id: 'd', scope: 'tenant' },
  },
  {
    sentence:
      "The deciding rule: when the result equals the guardrail's effect, the first locked candidate with that effect (scopes from `org` down, then document order)",
    documents: {
      org: {
        rules: [
          { id: 'org-lock-1', effect: 'deny', actions: ['x'], locked: true },
          { id: 'org-lock-2', effect: 'deny', actions: ['x'], locked: true },
        ],
      },
      tenant: { rules: [{ id: 'tenant-lock', effect: 'deny', actions: ['x'], locked: true }] },
      'team:support': { rules: [{ id: 'team-deny', effect: 'deny', actions: ['x'] }] },
    },
    request: { action: 'x' },
    effect: 'deny',
    rule: { id: 'org-lock-1', scope: 'org' },
  },
  {
    sentence: "otherwise the first candidate with the result's effect in the deciding scope, in document order;",
    documents: {
      tenant: { rules: [{ id: 't-deny', effect: 'deny', actions: ['x'] }] },
      'team:support': { rules: [allowAll('team-allow-1'), { id: 'team-allow-2', effect: 'allow', actions: ['x'] }] },
    },
    request: { action: 'x' },
    effect: 'allow',
    rule: { id: 'team-allow-1', scope: 'team:support' },
  },
  {
    sentence: 'a grant when step 5 applied;',
    documents: { 'role:bot': { rules: [{ id: 'approve', effect: 'require_approval', actions: ['pay'] }] } },
    request: { action: 'pay', tool: 'bank', resource: 'acct/1' },
    grants: [liveGrant],
    effect: 'allow',
    rule: null,
    grantId: 'grt_1',
  },
  {
    sentence: 'none for a default.',
    documents: { tenant: { defaults: { prod: 'require_approval' }, rules: [{ id: 'unrelated', effect: 'deny', actions: ['other'] }] } },
    request: { action: 'x' },
    effect: 'require_approval',
    rule: null,
  },
];

describe('POLICY.md "The decision" and the deciding rule', () => {
  it.each(DECISIONS.map((entry) => [entry.sentence, entry] as const))('%s', (_name, entry) => {
    const decision = decide({
      scopes: scopes(entry.documents),
      agent: { ...agent, environment: entry.agentEnvironment ?? agent.environment },
      request: entry.request,
      nowMs: NOW,
      grants: entry.grants ?? [],
    });
    expect(decision.effect).toBe(entry.effect);
    if (entry.rule === null) expect(decision.rule).toBeUndefined();
    else expect(decision.rule).toEqual({ ...entry.rule, version: 1 });
    expect(decision.grantId).toBe(entry.grantId);
  });

  it('The answer names the deciding rule (id, scope, version), its message, the risk, the versions consulted', () => {
    const decision = decide({
      scopes: scopes({
        org: { rules: [] },
        tenant: { rules: [{ id: 'no-export', effect: 'deny', actions: ['export'], risk: 'high', message: 'No exports' }] },
      }),
      agent,
      request: { action: 'export' },
      nowMs: NOW,
    });
    expect(decision).toMatchObject({ rule: { id: 'no-export', scope: 'tenant', version: 1 }, message: 'No exports', risk: 'high' });
    expect(decision.consulted).toEqual([
      { scope: 'org', version: 1 },
      { scope: 'tenant', version: 1 },
    ]);
  });

  describe('A condition that fails to evaluate (missing field, wrong type, over its evaluation budget) never loosens a decision', () => {
    const guardrail = (when: string) =>
      scopes({
        tenant: {
          defaults: { prod: 'allow' },
          rules: [
            { id: 'big-payments', effect: 'deny', actions: ['pay'], when },
            { id: 'payments', effect: 'allow', actions: ['pay'] },
          ],
        },
      });
    const pay = (context: Record<string, unknown>) => ({ action: 'pay', context });

    it.each([
      ['a string where a number was meant', { amount: '9999' }],
      ['the field left out', {}],
      ['null', { amount: null }],
    ])('for a deny rule it counts as true (the rule matches): %s', (_case, context) => {
      const decision = decide({ scopes: guardrail('request.context.amount > 1000'), agent, request: pay(context), nowMs: NOW });
      expect(decision.effect).toBe('deny');
      expect(decision.rule?.id).toBe('big-payments');
    });

    it('for a require_approval rule it counts as true', () => {
      const policy = scopes({
        tenant: {
          defaults: { prod: 'allow' },
          rules: [{ id: 'review', effect: 'require_approval', actions: ['pay'], when: 'request.context.amount > 1000' }],
        },
      });
      expect(decide({ scopes: policy, agent, request: pay({ amount: 'lots' }), nowMs: NOW }).effect).toBe('require_approval');
    });

    it('for an allow rule as false (it does not match)', () => {
      const policy = scopes({
        tenant: {
          defaults: { prod: 'deny' },
          rules: [{ id: 'small', effect: 'allow', actions: ['pay'], when: 'request.context.amount < 100' }],
        },
      });
      const decision = decide({ scopes: policy, agent, request: pay({ amount: '5' }), nowMs: NOW });
      expect(decision.effect).toBe('deny');
      expect(decision.rule).toBeUndefined();
    });

    it('Either way the decision reports it as a condition_error warning naming the rule', () => {
      const decision = decide({ scopes: guardrail('request.context.amount > 1000'), agent, request: pay({}), nowMs: NOW });
      expect(decision.warnings).toEqual([
        expect.objectContaining({ code: 'condition_error', ruleId: 'big-payments', scope: 'tenant', version: 1 }),
      ]);
    });

    it('a condition that evaluates keeps its plain meaning', () => {
      expect(decide({ scopes: guardrail('request.context.amount > 1000'), agent, request: pay({ amount: 5 }), nowMs: NOW })).toMatchObject({
        effect: 'allow',
        rule: { id: 'payments' },
        warnings: [],
      });
      expect(decide({ scopes: guardrail('request.context.amount > 1000'), agent, request: pay({ amount: 5000 }), nowMs: NOW }).effect).toBe(
        'deny',
      );
    });

    it('Authors who want a restriction to apply only when a field is present write has(request.context.x) && ...', () => {
      const decision = decide({
        scopes: guardrail('has(request.context.amount) && request.context.amount > 1000'),
        agent,
        request: pay({}),
        nowMs: NOW,
      });
      expect(decision).toMatchObject({ effect: 'allow', rule: { id: 'payments' }, warnings: [] });
    });

    it('over its evaluation budget: a condition that would loop too long counts as true for a deny rule', () => {
      const when = 'request.context.items.all(a, request.context.items.all(b, a + b >= 0))';
      const items = Array.from({ length: 500 }, (_, n) => n);
      const decision = decide({ scopes: guardrail(when), agent, request: pay({ items }), nowMs: NOW });
      expect(decision.effect).toBe('deny');
      expect(decision.warnings).toEqual([expect.objectContaining({ code: 'evaluation_budget_exceeded', ruleId: 'big-payments' })]);
    });
  });

  it('CEL sees agent, request (with context) and now', () => {
    const when =
      'agent.team == "support" && request.tool == "crm.read" && request.context.amount > 100 && now > timestamp("2026-01-01T00:00:00Z")';
    const policy = scopes({ tenant: { rules: [{ id: 'big', effect: 'require_approval', actions: ['pay'], when }] } });
    expect(
      decide({ scopes: policy, agent, request: { action: 'pay', tool: 'crm.read', context: { amount: 150 } }, nowMs: NOW }).effect,
    ).toBe('require_approval');
    expect(
      decide({ scopes: policy, agent, request: { action: 'pay', tool: 'crm.read', context: { amount: 50 } }, nowMs: NOW }).effect,
    ).toBe('deny');
  });
});
