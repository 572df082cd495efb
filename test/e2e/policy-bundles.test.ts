/**
 * Policy bundles and the embedded evaluator against the local runtime: what a bundle holds (and
 * what it must not), its signature and conditional GET, freshness after a publish, a grant and a
 * suspension, fail-safe expiry, and a differential test — generated policies and requests decided
 * by the evaluator and by POST /v1/authorize give the same answers.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createEvaluator } from '../../packages/evaluator/src';
import { verifyBundleJws } from '../../shared/auth/bundle-keys';
import { eventually, unique, wardenClient } from '../support/warden-client';

const url = inject('runtimeUrl');
const api = wardenClient(url, inject('runtimeDataDir'));

interface Setup {
  tenantId: string;
  admin: string;
  path: (rest: string) => string;
  agents: Record<'gold' | 'analyst' | 'billing', { id: string; key: string }>;
}

async function tenantWithAgents(prefix: string): Promise<Setup> {
  const platform = await api.token({ roles: ['platform-admin'] });
  const tenantId = unique(prefix);
  expect(
    (await api.post('/v1/tenants', platform, { id: tenantId, name: prefix, tier: 'business', environments: ['dev', 'prod'] })).status,
  ).toBe(201);
  const admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId, sub: `admin@${tenantId}` });
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  for (const team of ['support', 'billing']) expect((await api.post(path('/teams'), admin, { name: team })).status).toBe(201);
  for (const role of ['bot', 'analyst']) expect((await api.put(path(`/roles/${role}`), admin, { description: role })).status).toBe(201);
  const register = async (name: string, team: string, role: string, environment: string, labels: Record<string, string> = {}) => {
    const registered = await api.post(path('/agents'), admin, { name, team, role, environment, owner: 'lead@x', labels });
    expect(registered.status).toBe(201);
    return { id: registered.body.agent.id as string, key: registered.body.apiKey as string };
  };
  return {
    tenantId,
    admin,
    path,
    agents: {
      gold: await register('gold', 'support', 'bot', 'prod', { tier: 'gold' }),
      analyst: await register('analyst', 'support', 'analyst', 'dev'),
      billing: await register('biller', 'billing', 'bot', 'prod'),
    },
  };
}

async function publish(setup: Setup, scope: string, document: Record<string, unknown>): Promise<number> {
  const saved = await api.put(setup.path(`/policies/${encodeURIComponent(scope)}`), setup.admin, { ...document, reason: 'bundle test' });
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  const published = await api.post(
    setup.path(`/policies/${encodeURIComponent(scope)}/versions/${saved.body.version}/publish`),
    setup.admin,
    {
      reason: 'bundle test',
    },
  );
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return saved.body.version as number;
}

const authorize = async (key: string, request: unknown) => {
  const response = await fetch(`${url}/v1/authorize`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  return { status: response.status, body: (await response.json()) as any };
};

describe('policy bundles', () => {
  let setup: Setup;

  beforeAll(async () => {
    setup = await tenantWithAgents('bundle');
    await publish(setup, 'tenant', {
      defaults: { prod: 'deny', dev: 'allow' },
      rules: [{ id: 'read', effect: 'allow', actions: ['tickets:read'] }],
    });
    await publish(setup, 'team:support', { rules: [{ id: 'reply', effect: 'allow', actions: ['tool:invoke'], tools: ['zendesk.reply'] }] });
    await publish(setup, 'team:billing', {
      rules: [{ id: 'invoices', effect: 'allow', actions: ['data:read'], resources: ['invoices/*'] }],
    });
    await publish(setup, `agent:${setup.agents.billing.id}`, { rules: [{ id: 'biller-only', effect: 'allow', actions: ['data:export'] }] });
  });

  it("holds the agent's own scopes, signed with a published key, and nothing of another team or agent", async () => {
    const response = await fetch(`${url}/v1/agent/bundle`, { headers: { authorization: `Bearer ${setup.agents.gold.key}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jose');
    const keys = await (await fetch(`${url}/v1/agent/bundle/keys`)).json();
    const bundle = (await verifyBundleJws(await response.text(), keys)) as any;
    expect(bundle).toMatchObject({
      format: 1,
      tenantId: setup.tenantId,
      agent: { id: setup.agents.gold.id, team: 'support', labels: { tier: 'gold' } },
    });
    expect(bundle.etag).toBe(response.headers.get('etag'));
    const scopes = bundle.documents.map((document: { scope: string }) => document.scope);
    expect(scopes).toEqual(expect.arrayContaining(['tenant', 'team:support']));
    expect(scopes.filter((scope: string) => scope.startsWith('team:') || scope.startsWith('agent:'))).toEqual(['team:support']);
    expect(JSON.stringify(bundle)).not.toContain(setup.agents.billing.id);
    expect(Date.parse(bundle.notAfter) - Date.parse(bundle.issuedAt)).toBe(300_000);

    // A conditional GET answers 304 while nothing changed.
    const again = await fetch(`${url}/v1/agent/bundle`, {
      headers: { authorization: `Bearer ${setup.agents.gold.key}`, 'if-none-match': bundle.etag },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('refuses operators and unknown keys, and publishes no private key', async () => {
    expect((await fetch(`${url}/v1/agent/bundle`, { headers: { authorization: `Bearer ${setup.admin}` } })).status).toBe(401);
    expect((await fetch(`${url}/v1/agent/bundle`)).status).toBe(401);
    const keys = await (await fetch(`${url}/v1/agent/bundle/keys`)).json();
    expect(keys.keys.every((key: Record<string, unknown>) => key.d === undefined && key.crv === 'Ed25519')).toBe(true);
  });

  it('reaches a running evaluator after a publish, a grant and a suspension, and stops it deciding when suspended', async () => {
    const evaluator = createEvaluator({ url, apiKey: setup.agents.gold.key });
    expect(evaluator.check({ action: 'tickets:read' })).toBeUndefined(); // no bundle yet: ask the API
    expect(await evaluator.refresh()).toBe('updated');
    expect(evaluator.check({ action: 'tickets:write' })).toMatchObject({ effect: 'deny' });
    expect(await evaluator.refresh()).toBe('unchanged');

    await publish(setup, 'role:bot', {
      rules: [{ id: 'bots-write', effect: 'require_approval', actions: ['tickets:write'], risk: 'low' }],
    });
    expect(await evaluator.refresh()).toBe('updated');
    expect(evaluator.check({ action: 'tickets:write' })).toMatchObject({
      effect: 'require_approval',
      rule: { id: 'bots-write', scope: 'role:bot' },
    });

    // The approval the API opens, once approved, comes back as a grant in the next bundle.
    const asked = await authorize(setup.agents.gold.key, { action: 'tickets:write', resource: 'tickets/7' });
    expect(asked.body.effect).toBe('require_approval');
    const security = await api.token({ roles: ['security'], tenant: setup.tenantId, sub: `security@${setup.tenantId}` });
    const approved = await api.post(setup.path(`/approvals/${asked.body.approvalId}/approve`), security, { comment: 'ok' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const grant = await eventually(async () => {
      await evaluator.refresh();
      return evaluator.bundle?.grants[0];
    });
    expect(evaluator.check({ action: 'tickets:write', resource: 'tickets/7' })).toMatchObject({ effect: 'allow', grantId: grant.id });
    expect((await authorize(setup.agents.gold.key, { action: 'tickets:write', resource: 'tickets/7' })).body).toMatchObject({
      effect: 'allow',
      grantId: grant.id,
    });

    expect((await api.post(setup.path(`/agents/${setup.agents.gold.id}/suspend`), setup.admin, { reason: 'test' })).status).toBe(200);
    await expect(evaluator.refresh()).rejects.toThrow(/403/);
    expect(evaluator.check({ action: 'tickets:read' })).toBeUndefined();
    expect((await api.post(setup.path(`/agents/${setup.agents.gold.id}/reinstate`), setup.admin, {})).status).toBe(200);
    expect(await evaluator.refresh()).toBe('updated');
    expect(evaluator.check({ action: 'tickets:read' })).toMatchObject({ effect: 'allow' });
  });

  it('never decides from a bundle past its validity', async () => {
    let clock = Date.now();
    const evaluator = createEvaluator({ url, apiKey: setup.agents.analyst.key, now: () => clock });
    await evaluator.refresh();
    expect(evaluator.check({ action: 'tickets:read' })).toMatchObject({ effect: 'allow' });
    clock = Date.parse(evaluator.bundle!.notAfter);
    expect(evaluator.check({ action: 'tickets:read' })).toBeUndefined();
  });
});

describe('the evaluator decides as POST /v1/authorize does', () => {
  const actions = ['tickets:read', 'tickets:write', 'data:read', 'data:delete', 'payments:refund', 'tool:invoke'];
  const tools = ['zendesk.read', 'zendesk.reply', 'github.push'];
  const resources = ['customers/7', 'invoices/2026-11', 'kb/refunds', 'tickets/1'];
  const ruleArbitrary = (id: string) =>
    fc
      .record({
        effect: fc.constantFrom('allow', 'deny', 'require_approval'),
        actions: fc.subarray(['tickets:*', 'data:read', 'data:*', 'payments:refund', 'tool:invoke', '*'], { minLength: 1, maxLength: 2 }),
        tools: fc.constantFrom(undefined, ['zendesk.*'], ['github.push', 'zendesk.read']),
        resources: fc.constantFrom(undefined, ['customers/**'], ['invoices/*', 'kb/**']),
        environments: fc.constantFrom(undefined, ['prod'], ['dev']),
        when: fc.constantFrom(undefined, 'request.context.amount > 100', 'agent.labels.tier == "gold"', 'now.getHours() >= 0'),
        locked: fc.boolean(),
        risk: fc.constantFrom('low', 'high'),
      })
      .map((rule) => ({
        id,
        ...Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined)),
        locked: rule.effect !== 'allow' && rule.locked,
      }));
  const documentArbitrary = (prefix: string) =>
    fc
      .integer({ min: 1, max: 4 })
      .chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => ruleArbitrary(`${prefix}-${index}`))));
  const setArbitrary = fc.record({
    defaults: fc.record({ prod: fc.constantFrom('deny', 'allow', 'require_approval'), dev: fc.constantFrom('allow', 'deny') }),
    tenant: documentArbitrary('t'),
    team: documentArbitrary('s'),
    role: documentArbitrary('r'),
  });
  const requestArbitrary = fc.record({
    action: fc.constantFrom(...actions),
    tool: fc.constantFrom(undefined, ...tools),
    resource: fc.constantFrom(undefined, ...resources),
    context: fc.constantFrom(undefined, { amount: 20 }, { amount: 500 }),
  });

  it('on generated policies and requests (seeded), answer for answer', async () => {
    const setup = await tenantWithAgents('bundlediff');
    const seed = 20261207;
    const sets = fc.sample(setArbitrary, { numRuns: 5, seed });
    const requests = fc.sample(requestArbitrary, { numRuns: 12, seed: seed + 1 }).map((request) => JSON.parse(JSON.stringify(request)));
    const effects = new Set<string>();
    let compared = 0;
    for (const [index, set] of sets.entries()) {
      await publish(setup, 'tenant', { defaults: set.defaults, rules: set.tenant });
      await publish(setup, 'team:support', { rules: set.team });
      await publish(setup, 'role:bot', { rules: set.role });
      for (const agent of Object.values(setup.agents)) {
        const evaluator = createEvaluator({ url, apiKey: agent.key });
        await evaluator.refresh();
        for (const request of requests) {
          const local = evaluator.check(request)!;
          const central = await authorize(agent.key, request);
          expect(central.status).toBe(200);
          expect(
            { set: index, request, effect: local.effect, rule: local.rule, reason: local.reason, warnings: local.warnings },
            `seed ${seed}`,
          ).toEqual({
            set: index,
            request,
            effect: central.body.effect,
            rule: central.body.rule,
            reason: central.body.reason,
            warnings: central.body.warnings ?? [],
          });
          effects.add(local.effect);
          compared += 1;
        }
      }
    }
    expect(compared).toBe(5 * 3 * 12);
    expect([...effects].sort()).toEqual(['allow', 'deny', 'require_approval']);
  });
});
