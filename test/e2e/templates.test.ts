/**
 * Templates over the local runtime: every operator lists the built-in policy patterns and agent
 * types with their parameters; a tenant admin applies the PII guardrail at the tenant and the
 * customer support assistant (which creates its role and a `role:` draft). Nothing is published
 * until the admin publishes the drafts, which runs the templates' scenarios in the gate; an agent
 * registered from the agent type gets its role, labels and quotas, and its decisions follow the
 * pattern (ticket reads allowed, refunds behind approval, ticket deletion denied).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { registerAgent, tenantWithAgent, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

describe('Templates', () => {
  let tenantId: string;
  let admin: string;
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  const apply = (templateId: string, body: unknown = {}, token = admin) => api.post(path(`/templates/${templateId}/apply`), token, body);
  const activeVersions = async () =>
    Object.fromEntries(
      ((await api.get(path('/policies'), admin)).body.items as { scope: string; activeVersion?: number }[]).map((item) => [
        item.scope,
        item.activeVersion,
      ]),
    );

  beforeAll(async () => {
    ({ tenantId, admin } = await tenantWithAgent(api, 'templates', {
      rules: [{ id: 'ops-read', effect: 'allow', actions: ['ops:read'] }],
    }));
  });

  it('lists the policy patterns and agent types with their parameters, to every operator', async () => {
    const auditor = await api.token({ roles: ['auditor'], tenant: tenantId });
    const all = await api.get('/v1/templates', auditor);
    expect(all.status).toBe(200);
    const ids = (all.body.items as { id: string }[]).map((item) => item.id);
    expect(ids).toEqual(expect.arrayContaining(['pii-guardrail', 'customer-support-assistant', 'support-assistant-access']));
    const pii = all.body.items.find((item: any) => item.id === 'pii-guardrail');
    expect(pii).toMatchObject({ kind: 'policy', guardrail: true });
    expect(pii.scopes).not.toContain('org');
    expect(pii.parameters.map((parameter: any) => parameter.name)).toEqual(expect.arrayContaining(['classifications', 'bulkThreshold']));

    const agents = await api.get('/v1/templates?kind=agent', auditor);
    expect(agents.status).toBe(200);
    expect(agents.body.items.length).toBeGreaterThan(0);
    expect(agents.body.items.every((item: any) => item.kind === 'agent')).toBe(true);
    expect(agents.body.items.find((item: any) => item.id === 'customer-support-assistant')).toMatchObject({
      pattern: 'support-assistant-access',
    });
    const policies = await api.get('/v1/templates?kind=policy', auditor);
    expect(policies.body.items.every((item: any) => item.kind === 'policy')).toBe(true);
    expect((await api.get('/v1/templates?kind=robot', auditor)).status).toBe(400);
  });

  it('refuses bad parameters naming the parameter, and an unknown template with 404', async () => {
    const negative = await apply('pii-guardrail', { parameters: { bulkThreshold: -5 } });
    expect(negative.status).toBe(400);
    expect(JSON.stringify(negative.body.error)).toContain('parameters.bulkThreshold');
    const wrongType = await apply('customer-support-assistant', { parameters: { refundCap: 'lots' } });
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(wrongType.body.error)).toContain('parameters.refundCap');
    expect((await apply('no-such-template')).status).toBe(404);
    expect((await apply('pii-guardrail', { scope: 'org' })).status).toBe(400);
  });

  it('saves drafts, a role and scenarios without publishing; publishing runs the scenarios; an agent registered from the type follows the pattern', async () => {
    const before = await activeVersions();
    const scenariosBefore = (await api.get(path('/policy-tests'), admin)).body.scenarios.length as number;

    const guardrail = await apply('pii-guardrail');
    expect(guardrail.status, JSON.stringify(guardrail.body)).toBe(201);
    expect(guardrail.body).toMatchObject({ template: 'pii-guardrail', kind: 'policy', roles: [] });
    expect(guardrail.body.drafts).toEqual([{ scope: 'tenant', version: expect.any(Number) }]);
    expect(guardrail.body.scenariosAdded).toBeGreaterThan(0);
    // Nothing published: the active versions are those of before; the library gained the scenarios.
    expect(await activeVersions()).toEqual(before);
    const scenarios = async () => ((await api.get(path('/policy-tests'), admin)).body.scenarios as unknown[]).length;
    expect(await scenarios()).toBe(scenariosBefore + guardrail.body.scenariosAdded);
    // Applying it again changes nothing in the library (a new draft of the same content).
    expect((await apply('pii-guardrail')).status).toBe(201);
    expect(await scenarios()).toBe(scenariosBefore + guardrail.body.scenariosAdded);

    // Publishing the draft runs the template's scenarios in the gate, and they pass. (Each template
    // is published before the next is applied: the gate runs the whole library with only the
    // candidate scope changed, so another template's scenarios fail while its draft is pending.)
    const publish = async ({ scope, version }: { scope: string; version: number }) => {
      const published = await api.post(path(`/policies/${encodeURIComponent(scope)}/versions/${version}/publish`), admin, {
        reason: 'templates',
      });
      expect(published.status, JSON.stringify(published.body)).toBe(200);
    };
    const latestTenant = (await api.get(path('/policies/tenant/versions'), admin)).body.items as { version: number }[];
    const newest = Math.max(...latestTenant.map((item) => item.version));
    await publish({ scope: 'tenant', version: newest });

    const support = await apply('customer-support-assistant', { reason: 'support desk' });
    expect(support.status, JSON.stringify(support.body)).toBe(201);
    expect(support.body).toMatchObject({
      kind: 'agent',
      roles: [{ name: 'support-assistant', status: 'created' }],
      drafts: [{ scope: 'role:support-assistant', version: 1 }],
      agentDefaults: { role: 'support-assistant', labels: { template: 'customer-support-assistant' } },
    });
    expect((await api.get(path('/roles/support-assistant'), admin)).status).toBe(200);
    expect((await activeVersions())['role:support-assistant']).toBeUndefined();
    expect(await scenarios()).toBe(scenariosBefore + guardrail.body.scenariosAdded + support.body.scenariosAdded);
    await publish(support.body.drafts[0]);
    expect(await activeVersions()).toMatchObject({ tenant: newest, 'role:support-assistant': 1 });

    // An agent registered from the agent type gets its role, labels and quotas (its own labels on top).
    const registered = await api.post(path('/agents'), admin, {
      name: 'helpdesk',
      team: 'ops',
      environment: 'prod',
      owner: 'owner@test',
      template: 'customer-support-assistant',
      labels: { function: 'helpdesk', site: 'emea' },
      quotas: { decisionsPerDay: 1000 },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body.agent).toMatchObject({
      role: 'support-assistant',
      labels: { template: 'customer-support-assistant', function: 'helpdesk', site: 'emea' },
      quotas: { decisionsPerDay: 1000, decisionsPerMonth: 500000 },
    });
    const key = registered.body.apiKey as string;
    const decide = (body: Record<string, unknown>) => api.request('POST', '/v1/authorize', { token: key, body });
    const read = await decide({ action: 'tool:invoke', tool: 'zendesk.read', resource: 'tickets/4711' });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ effect: 'allow' });
    const refund = await decide({ action: 'tool:invoke', tool: 'stripe.refund', resource: 'tickets/4711', context: { amount: 40 } });
    expect(refund.body).toMatchObject({ effect: 'require_approval', approvalId: expect.stringMatching(/^apr_/) });
    expect((await decide({ action: 'tool:invoke', tool: 'stripe.refund', context: { amount: 900 } })).body.effect).toBe('deny');
    expect((await decide({ action: 'tool:invoke', tool: 'zendesk.delete', resource: 'tickets/4711' })).body.effect).toBe('deny');

    // The caller's own role wins over the type's.
    const ownRole = await registerAgent(api, tenantId, admin, { template: 'customer-support-assistant' });
    expect((await api.get(path(`/agents/${ownRole.id}`), admin)).body).toMatchObject({
      role: 'bot',
      labels: { template: 'customer-support-assistant' },
    });
  });

  it('refuses a registration without a role or template, from a policy pattern, with bad parameters, or whose role is missing', async () => {
    const agent = { name: 'x', team: 'ops', environment: 'prod', owner: 'owner@test' };
    const noRole = await api.post(path('/agents'), admin, agent);
    expect(noRole.status).toBe(400);
    expect(JSON.stringify(noRole.body.error)).toContain('"role"');
    const pattern = await api.post(path('/agents'), admin, { ...agent, template: 'pii-guardrail' });
    expect(pattern.status).toBe(400);
    expect(JSON.stringify(pattern.body.error)).toContain('"template"');
    const unknown = await api.post(path('/agents'), admin, { ...agent, template: 'no-such-template' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.error)).toContain('"template"');
    const badParameters = await api.post(path('/agents'), admin, {
      ...agent,
      template: 'customer-support-assistant',
      templateParameters: { roleName: 'not a name!' },
    });
    expect(badParameters.status).toBe(400);
    expect(JSON.stringify(badParameters.body.error)).toContain('templateParameters.roleName');
    // A role the agent type names but nobody created (it was never applied with this name): 400 naming role, as today.
    const missingRole = await api.post(path('/agents'), admin, {
      ...agent,
      template: 'customer-support-assistant',
      templateParameters: { roleName: 'never-applied' },
    });
    expect(missingRole.status).toBe(400);
    expect(JSON.stringify(missingRole.body.error)).toContain('"role"');
  });
});
