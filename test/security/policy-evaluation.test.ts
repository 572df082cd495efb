/**
 * A hostile tenant's policy, and a careless or hostile agent's request, against the decision path
 * over HTTP (issue 15, points 1 and 1b): no document and no request makes a decision slow, for the
 * tenant or for anyone else; attacks that cannot be bounded are refused when saved, naming the rule;
 * requests beyond the limits are refused naming the field; and a condition that fails to evaluate
 * never loosens a decision.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { tenantWithAgent, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

/** Saves and publishes a tenant policy; returns the save's answer when it is refused. */
async function publish(tenant: { tenantId: string; admin: string }, document: Record<string, unknown>) {
  const saved = await api.put(`/v1/tenants/${tenant.tenantId}/policies/tenant`, tenant.admin, { reason: 'test', ...document });
  if (saved.status !== 201) return saved;
  const published = await api.post(`/v1/tenants/${tenant.tenantId}/policies/tenant/versions/${saved.body.version}/publish`, tenant.admin, {
    reason: 'test',
  });
  expect(published.status).toBe(200);
  return saved;
}

const authorize = (apiKey: string, body: unknown) => api.request('POST', '/v1/authorize', { token: apiKey, body });

describe('A hostile policy', () => {
  let attacker: Awaited<ReturnType<typeof tenantWithAgent>>;
  let bystander: Awaited<ReturnType<typeof tenantWithAgent>>;

  beforeAll(async () => {
    [attacker, bystander] = await Promise.all([tenantWithAgent(api, 'attacker'), tenantWithAgent(api, 'bystander')]);
    await publish(bystander, { defaults: { prod: 'deny' }, rules: [{ id: 'read', effect: 'allow', actions: ['data:read'] }] });
    // Each of these took the review seconds per decision: a backtracking glob (~3.9 s) and a
    // backtracking regular expression (~8 s). Both are valid documents and still save.
    const saved = await publish(attacker, {
      defaults: { prod: 'allow' },
      rules: [
        { id: 'glob-bomb', effect: 'deny', actions: ['a*a*a*a*a*a*a*a*a*a*a*a*b'] },
        { id: 'regex-bomb', effect: 'deny', actions: ['a*'], when: 'request.resource.matches("^(a+)+$")' },
      ],
    });
    expect(saved.status).toBe(201);
  });

  it("leaves another tenant's decisions fast while its own worst case is being decided", async () => {
    const attack = { action: 'a'.repeat(32), resource: `${'a'.repeat(28)}!` };
    const started = Date.now();
    const attacks = Promise.all(Array.from({ length: 20 }, () => authorize(attacker.apiKey, attack)));
    const bystanderTimes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = Date.now();
      const answer = await authorize(bystander.apiKey, { action: 'data:read' });
      bystanderTimes.push(Date.now() - t0);
      expect(answer.body.effect).toBe('allow');
    }
    const answers = await attacks;
    // The attacker's own answers are right: neither bomb matches, the default allows.
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(answers.every((answer) => answer.body.effect === 'allow')).toBe(true);
    // Backtracking held the one process for seconds per attack (the first alone took ~8 s, and
    // the bystander waited behind all twenty); here each answer takes milliseconds, and the bounds
    // leave room for a busy machine.
    expect(Math.max(...bystanderTimes)).toBeLessThan(3000);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it.each([
    ['a regular expression taken from the request', 'request.resource.matches(string(request.context.p))', /string literal/],
    [
      'loops nested three deep',
      'request.context.l.all(a, request.context.l.all(b, request.context.l.all(c, a + b + c > 0)))',
      /nests loops/,
    ],
    ['a regular expression RE2 does not accept', 'request.resource.matches("(?<=a)b")', /RE2/],
  ])('refuses when saved, naming the rule: %s', async (_name, when) => {
    const refused = await api.put(`/v1/tenants/${attacker.tenantId}/policies/tenant`, attacker.admin, {
      reason: 'x',
      rules: [{ id: 'bad', effect: 'deny', when }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'rules.0.when', ruleId: 'bad' })]);
  });

  it('stops a condition that works too long and treats the rule as matching, for a deny rule', async () => {
    const tenant = await tenantWithAgent(api, 'budget');
    await publish(tenant, {
      defaults: { prod: 'allow' },
      rules: [
        { id: 'loops', effect: 'deny', actions: ['pay'], when: 'request.context.l.all(a, request.context.l.all(b, a + b >= 0))' },
        {
          id: 'doubling',
          effect: 'deny',
          actions: ['send'],
          when: '[request.resource].map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).size() == 0',
        },
      ],
    });
    const loops = await authorize(tenant.apiKey, { action: 'pay', context: { l: Array.from({ length: 1500 }, (_, n) => n) } });
    expect(loops.body).toMatchObject({ effect: 'deny', rule: { id: 'loops' } });
    expect(loops.body.warnings).toEqual([expect.objectContaining({ code: 'evaluation_budget_exceeded', ruleId: 'loops' })]);
    const doubling = await authorize(tenant.apiKey, { action: 'send', resource: 'x'.repeat(1000) });
    expect(doubling.body).toMatchObject({ effect: 'deny', rule: { id: 'doubling' } });
  });
});

describe("An agent's request", () => {
  let tenant: Awaited<ReturnType<typeof tenantWithAgent>>;

  beforeAll(async () => {
    tenant = await tenantWithAgent(api, 'requests');
    await publish(tenant, {
      defaults: { prod: 'allow' },
      rules: [
        {
          id: 'big-payments',
          effect: 'deny',
          actions: ['pay'],
          when: 'request.context.amount > 1000',
          message: 'Payments over 1,000 are not allowed',
        },
      ],
    });
  });

  it.each([
    ['a string where the guardrail expects a number', { amount: '9999' }],
    ['the field left out', {}],
  ])('cannot slip past a deny guardrail by sending %s', async (_name, context) => {
    const answer = await authorize(tenant.apiKey, { action: 'pay', context });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ effect: 'deny', rule: { id: 'big-payments' } });
    expect(answer.body.warnings).toEqual([expect.objectContaining({ code: 'condition_error', ruleId: 'big-payments' })]);
  });

  it('is still allowed when the condition evaluates to false', async () => {
    const answer = await authorize(tenant.apiKey, { action: 'pay', context: { amount: 10 } });
    expect(answer.body.effect).toBe('allow');
    expect(answer.body.warnings ?? []).toEqual([]);
  });

  const nested = (depth: number): unknown => (depth === 0 ? 'x' : { next: nested(depth - 1) });
  it.each([
    ['action', { action: 'a'.repeat(201) }, 'action'],
    ['tool', { action: 'read', tool: 't'.repeat(201) }, 'tool'],
    ['resource', { action: 'read', resource: 'r'.repeat(1025) }, 'resource'],
    ['context nested too deep', { action: 'read', context: nested(9) as Record<string, unknown> }, 'context'],
    ['context too large', { action: 'read', context: { blob: 'x'.repeat(17_000) } }, 'context'],
  ])('beyond the limits is refused with 400 naming the field: %s', async (_name, body, field) => {
    const answer = await authorize(tenant.apiKey, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toEqual([expect.objectContaining({ path: field, in: 'body' })]);
    const batch = await api.request('POST', '/v1/authorize/batch', {
      token: tenant.apiKey,
      body: { requests: [{ action: 'read' }, body] },
    });
    expect(batch.status).toBe(400);
    expect(batch.body.error.details).toEqual([expect.objectContaining({ path: `requests.1.${field}` })]);
  });
});
