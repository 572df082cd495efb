/**
 * Policies as teams change them every day, over HTTP: drafts → simulate → publish gated by the
 * test library → a failing change refused → fix → rollback; the org document gated by every
 * tenant's tests; pins to deprecated versions until their sunset; who may write which scope;
 * parallel saves.
 */
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const DAY_MS = 86_400_000;

const readTickets = { action: 'tool:invoke', tool: 'zendesk.read', resource: 'tickets/1' };
const searchTickets = { action: 'tool:invoke', tool: 'zendesk.search', resource: 'tickets' };
const deleteData = { action: 'data:delete', resource: 'customers/7' };

interface Fixture {
  tenantId: string;
  admin: string;
  agentId: string;
  path: (rest: string) => string;
}

async function tenantWithAgent(platform: string, prefix: string): Promise<Fixture> {
  const tenantId = unique(prefix);
  expect(
    (await api.post('/v1/tenants', platform, { id: tenantId, name: prefix, tier: 'business', environments: ['dev', 'prod'] })).status,
  ).toBe(201);
  const admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId, sub: `admin@${tenantId}` });
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  expect((await api.post(path('/teams'), admin, { name: 'support' })).status).toBe(201);
  expect((await api.post(path('/teams'), admin, { name: 'billing' })).status).toBe(201);
  expect((await api.put(path('/roles/support-bot'), admin, { description: 'Answers tickets' })).status).toBe(201);
  const registered = await api.post(path('/agents'), admin, {
    name: 'triage',
    team: 'support',
    role: 'support-bot',
    environment: 'prod',
    owner: 'lead@x',
  });
  expect(registered.status).toBe(201);
  return { tenantId, admin, agentId: registered.body.agent.id, path };
}

const supportAgent = { team: 'support', role: 'support-bot', environment: 'prod' };
const library = [
  { name: 'support reads tickets in prod', agent: supportAgent, request: readTickets, expect: 'allow', expectRule: 'support-read' },
  { name: 'nobody deletes customer data', agent: supportAgent, request: deleteData, expect: 'deny' },
];

const teamPolicy = (tools: string[]) => ({
  reason: `support may use ${tools.join(', ')}`,
  rules: [{ id: 'support-read', effect: 'allow', actions: ['tool:invoke'], tools }],
});

describe('Policy lifecycle', () => {
  let platform: string;

  beforeAll(async () => {
    platform = await api.token({ roles: ['platform-admin'] });
  });

  afterEach(async () => {
    await api.setClockOffset(0);
  });

  it('saves drafts, simulates them, publishes through the test library, refuses a breaking change, and rolls back', async () => {
    const { admin, agentId, path, tenantId } = await tenantWithAgent(platform, 'lifecycle');

    const tenantDraft = await api.put(path('/policies/tenant'), admin, {
      reason: 'baseline',
      defaults: { dev: 'allow', prod: 'deny' },
      rules: [{ id: 'no-delete', effect: 'deny', actions: ['data:delete'], locked: true, message: 'Deleting data is not allowed' }],
    });
    expect(tenantDraft.status).toBe(201);
    expect(tenantDraft.body).toMatchObject({ scope: 'tenant', version: 1, status: 'draft' });
    expect((await api.put(path('/policies/team%3Asupport'), admin, teamPolicy(['zendesk.read']))).body).toMatchObject({
      scope: 'team:support',
      version: 1,
    });
    expect(
      (
        await api.put(path(`/policies/agent:${agentId}`), admin, {
          reason: 'triage writes need a human',
          rules: [
            {
              id: 'triage-write',
              effect: 'require_approval',
              actions: ['tool:invoke'],
              tools: ['zendesk.write'],
              risk: 'medium',
              grantMinutes: 30,
            },
          ],
        })
      ).status,
    ).toBe(201);

    // Drafts change nothing for agents; a simulation may put one in place.
    const before = await api.post(path('/simulate'), admin, { agentId, request: readTickets });
    expect(before.status).toBe(200);
    expect(before.body.effect).toBe('deny');
    const candidate = await api.post(path('/simulate'), admin, {
      agentId,
      request: readTickets,
      candidate: { scope: 'team:support', version: 1 },
    });
    expect(candidate.body).toMatchObject({ effect: 'allow', rule: { id: 'support-read', scope: 'team:support', version: 1 } });

    expect((await api.put(path('/policy-tests'), admin, { scenarios: library })).status).toBe(200);
    expect((await api.get(path('/policy-tests'), admin)).body.scenarios).toHaveLength(2);

    for (const [scope, version] of [
      ['team:support', 1],
      ['tenant', 1],
      [`agent:${agentId}`, 1],
    ] as const) {
      const published = await api.post(path(`/policies/${scope}/versions/${version}/publish`), admin, { reason: `publish ${scope}` });
      expect(published.status, JSON.stringify(published.body)).toBe(200);
      expect(published.body).toMatchObject({ scope, version, status: 'active' });
    }
    const listed = await api.get(path('/policies'), admin);
    expect(listed.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ scope: 'team:support', activeVersion: 1 }),
        expect.objectContaining({ scope: 'tenant', activeVersion: 1 }),
      ]),
    );
    const allowed = await api.post(path('/simulate'), admin, { agentId, request: readTickets });
    expect(allowed.body).toMatchObject({ effect: 'allow', rule: { id: 'support-read', scope: 'team:support', version: 1 } });
    expect(allowed.body.consulted).toEqual(
      expect.arrayContaining([
        { scope: 'tenant', version: 1 },
        { scope: 'team:support', version: 1 },
      ]),
    );
    expect((await api.post(path('/simulate'), admin, { agentId, request: deleteData })).body).toMatchObject({
      effect: 'deny',
      rule: { id: 'no-delete', scope: 'tenant' },
    });

    // A change that breaks a test is refused with the failing test, expected and actual effect and the deciding rule.
    expect((await api.put(path('/policies/team:support'), admin, teamPolicy(['zendesk.search']))).body.version).toBe(2);
    const refused = await api.post(path('/policies/team:support/versions/2/publish'), admin, { reason: 'search only' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('policy_tests_failed');
    expect(refused.body.error.details).toEqual([
      expect.objectContaining({ test: 'support reads tickets in prod', expected: 'allow', actual: 'deny' }),
    ]);
    expect((await api.post(path('/simulate'), admin, { agentId, request: readTickets })).body.rule).toMatchObject({
      scope: 'team:support',
      version: 1,
    });

    // The fix passes; the version it replaces is deprecated.
    expect((await api.put(path('/policies/team:support'), admin, teamPolicy(['zendesk.read', 'zendesk.search']))).body.version).toBe(3);
    const fixed = await api.post(path('/policies/team:support/versions/3/publish'), admin, { reason: 'read and search' });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect((await api.post(path('/simulate'), admin, { agentId, request: searchTickets })).body).toMatchObject({
      effect: 'allow',
      rule: { version: 3 },
    });
    const history = await api.get(path('/policies/team:support/versions'), admin);
    expect(history.body.items.map((version: { version: number; status: string }) => [version.version, version.status])).toEqual([
      [3, 'active'],
      [2, 'draft'],
      [1, 'deprecated'],
    ]);
    const diff = await api.get(path('/policies/team:support/diff?from=1&to=3'), admin);
    expect(diff.status).toBe(200);
    expect(diff.body.changed).toEqual([
      { id: 'support-read', changes: [{ field: 'tools', from: ['zendesk.read'], to: ['zendesk.read', 'zendesk.search'] }] },
    ]);

    // Rollback publishes version 1's content as a new version: search is denied again.
    const rolledBack = await api.post(path('/policies/team:support/rollback'), admin, { toVersion: 1, reason: 'search leaked data' });
    expect(rolledBack.status, JSON.stringify(rolledBack.body)).toBe(200);
    expect(rolledBack.body).toMatchObject({ scope: 'team:support', version: 4, status: 'active', rolledBackFrom: 1 });
    expect((await api.post(path('/simulate'), admin, { agentId, request: searchTickets })).body.effect).toBe('deny');
    expect((await api.post(path('/simulate'), admin, { agentId, request: readTickets })).body).toMatchObject({
      effect: 'allow',
      rule: { version: 4 },
    });
    expect((await api.get(path('/policies/team:support/versions/4'), admin)).body.document).toEqual(
      (await api.get(path('/policies/team:support/versions/1'), admin)).body.document,
    );

    const effective = await api.get(path(`/effective-policy?agentId=${agentId}`), admin);
    expect(effective.status).toBe(200);
    // The org document (shared by every tenant, possibly published by another test file) comes first.
    const rules: { id: string; scope: string; version: number }[] = effective.body.rules;
    const firstTenantRule = rules.findIndex((rule) => rule.scope !== 'org');
    expect(rules.slice(firstTenantRule).every((rule) => rule.scope !== 'org')).toBe(true);
    expect(rules.slice(firstTenantRule).map((rule) => [rule.id, rule.scope, rule.version])).toEqual([
      ['no-delete', 'tenant', 1],
      ['support-read', 'team:support', 4],
      ['triage-write', `agent:${agentId}`, 1],
    ]);

    const run = await api.post(path('/policy-tests/run'), admin, {});
    // The org library (shared, possibly filled by another test file) runs too.
    expect(run.body.failed).toBe(0);
    expect(
      run.body.results.filter((result: { test: string; passed: boolean }) => result.passed).map((result: { test: string }) => result.test),
    ).toEqual(expect.arrayContaining(library.map((scenario) => scenario.name)));

    // Every change was recorded and announced from its audit record.
    const published = await eventually(async () => {
      const events = (await api.events('Policy.Published')).filter((event) => event.detail.tenantId === tenantId);
      return events.length >= 5 ? events : undefined;
    });
    expect(published.map((event) => [event.detail.scope, event.detail.version])).toEqual(expect.arrayContaining([['team:support', 4]]));
    expect(published.find((event) => event.detail.version === 4)?.detail).toMatchObject({
      rolledBackFrom: 1,
      previousVersion: 3,
      actor: `admin@${tenantId}`,
    });
  });

  it('refuses a saved document with the rule id and the reason', async () => {
    const { admin, path } = await tenantWithAgent(platform, 'refuse');
    const refused = await api.put(path('/policies/tenant'), admin, {
      reason: 'bad',
      rules: [{ id: 'open-all', effect: 'allow', locked: true }],
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.error.details)).toContain('open-all');
    const badCel = await api.put(path('/policies/tenant'), admin, {
      reason: 'bad',
      rules: [{ id: 'odd', effect: 'deny', when: 'secrets.leak == true' }],
    });
    expect(badCel.status).toBe(400);
    expect(JSON.stringify(badCel.body.error.details)).toContain('odd');
  });

  it("refuses an org document that breaks a tenant's tests, naming the tenant", async () => {
    const { admin, path, tenantId } = await tenantWithAgent(platform, 'orggate');
    expect((await api.put(path('/policies/team:support'), admin, teamPolicy(['zendesk.read']))).status).toBe(201);
    expect((await api.post(path('/policies/team:support/versions/1/publish'), admin, { reason: 'go' })).status).toBe(200);
    expect((await api.put(path('/policy-tests'), admin, { scenarios: library })).status).toBe(200);

    const saved = await api.put('/v1/org/policy', platform, {
      reason: 'lock zendesk reads',
      rules: [{ id: 'org-no-zendesk-read', effect: 'deny', actions: ['tool:invoke'], tools: ['zendesk.read'], locked: true }],
    });
    expect(saved.status).toBe(201);
    const refused = await api.post(`/v1/org/policy/versions/${saved.body.version}/publish`, platform, { reason: 'lock' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tenantId, test: 'support reads tickets in prod', expected: 'allow', actual: 'deny' }),
      ]),
    );
    // The tenant's own admin cannot touch the org document.
    expect((await api.put('/v1/org/policy', admin, { reason: 'x', rules: [] })).status).toBe(403);
  });

  it('applies a pin to a deprecated version with a warning until its sunset, and ignores it after', async () => {
    const { admin, agentId, path } = await tenantWithAgent(platform, 'pins');
    expect((await api.put(path('/policies/team:support'), admin, teamPolicy(['zendesk.read']))).status).toBe(201);
    expect((await api.post(path('/policies/team:support/versions/1/publish'), admin, { reason: 'v1' })).status).toBe(200);
    expect((await api.put(path('/policies/team:support'), admin, teamPolicy(['zendesk.search']))).status).toBe(201);
    const second = await api.post(path('/policies/team:support/versions/2/publish'), admin, { reason: 'v2', deprecateAfterDays: 2 });
    expect(second.status).toBe(200);
    const sunsetAt = second.body.previous.sunsetAt;

    const pinned = await api.patch(path(`/agents/${agentId}`), admin, { pins: { 'team:support': 1 } });
    expect(pinned.status, JSON.stringify(pinned.body)).toBe(200);
    const underPin = await api.post(path('/simulate'), admin, { agentId, request: readTickets });
    expect(underPin.body).toMatchObject({ effect: 'allow', rule: { scope: 'team:support', version: 1 } });
    expect(underPin.body.warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'deprecated_version', scope: 'team:support', version: 1, sunsetAt })]),
    );

    await api.setClockOffset(3 * DAY_MS);
    const afterSunset = await api.post(path('/simulate'), admin, { agentId, request: readTickets });
    expect(afterSunset.body).toMatchObject({ effect: 'deny' });
    expect(afterSunset.body.warnings ?? []).not.toEqual(expect.arrayContaining([expect.objectContaining({ code: 'deprecated_version' })]));
    expect(afterSunset.body.warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'pin_ignored', scope: 'team:support', version: 1 })]),
    );
    expect((await api.get(path('/policies/team:support/versions/1'), admin)).body.status).toBe('retired');
  });

  it('lets a team lead write only their teams and their agents, never the tenant scope', async () => {
    const { admin, agentId, path, tenantId } = await tenantWithAgent(platform, 'lead');
    const lead = await api.token({ roles: ['team-lead'], tenant: tenantId, teams: ['support'], sub: 'lead@x' });
    expect((await api.put(path('/policies/team:support'), lead, teamPolicy(['zendesk.read']))).status).toBe(201);
    expect((await api.post(path('/policies/team:support/versions/1/publish'), lead, { reason: 'mine' })).status).toBe(200);
    expect((await api.put(path(`/policies/agent:${agentId}`), lead, { reason: 'mine', rules: [] })).status).toBe(201);

    expect((await api.put(path('/policies/tenant'), admin, { reason: 'admin', rules: [] })).status).toBe(201);
    expect((await api.post(path('/policies/tenant/versions/1/publish'), lead, { reason: 'not mine' })).status).toBe(403);
    expect((await api.put(path('/policies/tenant'), lead, { reason: 'not mine', rules: [] })).status).toBe(403);
    expect((await api.put(path('/policies/team:billing'), lead, { reason: 'not mine', rules: [] })).status).toBe(403);
    expect((await api.put(path('/policies/team:billing'), admin, { reason: 'admin', rules: [] })).status).toBe(201);
    expect((await api.post(path('/policies/team:billing/versions/1/publish'), lead, { reason: 'not mine' })).status).toBe(403);
    expect((await api.put(path('/policies/role:support-bot'), lead, { reason: 'not mine', rules: [] })).status).toBe(403);
    expect((await api.put(path('/policy-tests'), lead, { scenarios: [] })).status).toBe(403);
  });

  it('keeps every one of many parallel saves of one scope, each under its own number', async () => {
    const { admin, path } = await tenantWithAgent(platform, 'parallel');
    const saves = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        api.put(path('/policies/tenant'), admin, {
          reason: `save ${index}`,
          rules: [{ id: `rule-${index}`, effect: 'deny', actions: [`act:${index}`] }],
        }),
      ),
    );
    expect(saves.map((save) => save.status)).toEqual(Array(12).fill(201));
    const numbers = saves.map((save) => save.body.version as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    const history = await api.get(path('/policies/tenant/versions?limit=100'), admin);
    expect(history.body.items).toHaveLength(12);
    expect(new Set(history.body.items.map((version: { reason: string }) => version.reason)).size).toBe(12);
  });
});
