/**
 * Organisation templates over the local runtime: a platform admin adds a policy pattern of the
 * org's own, a tenant admin lists it (`source: 'org'`) and applies it at a tenant scope, a second
 * put makes version 2; requiring the PII guardrail saves an org draft of locked rules (never
 * published by itself), and once the platform admin publishes it a tenant whose own policy allows
 * exports is denied exporting PII by the org's locked rule.
 *
 * The org document is shared by every test file of the runtime: the required rules are narrowed
 * to a classification and an action only this file uses, the draft is built on the active org
 * document (not on another file's pending draft), and the org document is put back afterwards.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tenantWithAgent, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

/** A policy pattern of the org's own: reads of the given resources allowed, deletes denied. */
const orgPattern = (id: string, title: string) => ({
  id,
  kind: 'policy',
  title,
  description: 'Reads of the warehouse are allowed; deleting from it is not.',
  parameters: [{ name: 'resources', description: 'Resource globs', type: 'string-list', default: ['warehouse/**'] }],
  scopes: ['tenant', 'team', 'role'],
  rules: [
    { id: 'reads', effect: 'allow', actions: ['warehouse:read'], resources: ['{{resources}}'] },
    { id: 'no-deletes', effect: 'deny', actions: ['warehouse:delete'], resources: ['{{resources}}'] },
  ],
  scenarios: [
    {
      name: 'reads the warehouse',
      agent: { environment: 'prod' },
      request: { action: 'warehouse:read', resource: '{{resources[0]|sample}}' },
      expect: 'allow',
      expectRule: 'reads',
    },
  ],
});

/** Parameters that keep the PII guardrail to this file's own requests. */
const NARROW = {
  classifications: ['orgtest-pii'],
  exportActions: ['orgtest:export'],
  exportTools: ['orgtest.export'],
};

describe('Org templates', () => {
  let platform: string;
  let tenantId: string;
  let admin: string;
  let apiKey: string;
  const templateId = unique('org-warehouse');
  /** The org document active before this file, put back afterwards. */
  let activeOrg: { rules: unknown[]; defaults?: unknown } = { rules: [] };

  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  const authorize = (body: unknown) => api.request('POST', '/v1/authorize', { token: apiKey, body });
  const saveOrg = async (document: Record<string, unknown>, reason: string) => {
    const saved = await api.put('/v1/org/policy', platform, { reason, ...document });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    return saved.body.version as number;
  };
  const publishOrg = (version: number) => api.post(`/v1/org/policy/versions/${version}/publish`, platform, { reason: 'org templates e2e' });

  beforeAll(async () => {
    platform = await api.token({ roles: ['platform-admin'] });
    ({ tenantId, admin, apiKey } = await tenantWithAgent(api, 'orgtpl', {
      rules: [{ id: 'exports', effect: 'allow', actions: ['orgtest:export', 'warehouse:*'] }],
    }));
    const versions = await api.get('/v1/org/policy/versions?limit=100', platform);
    expect(versions.status).toBe(200);
    const active = (versions.body.items as { status: string; document: { rules: unknown[]; defaults?: unknown } }[]).find(
      (version) => version.status === 'active',
    );
    if (active) activeOrg = { rules: active.document.rules, ...(active.document.defaults ? { defaults: active.document.defaults } : {}) };
  });

  afterAll(async () => {
    // Leave the org document as it was before this file.
    const version = await saveOrg(activeOrg, 'org templates e2e: put back');
    expect((await publishOrg(version)).status).toBe(200);
  });

  it('lets a platform admin add an org template that a tenant admin lists and applies; a second put is version 2', async () => {
    const first = await api.put(`/v1/templates/${templateId}`, platform, {
      template: orgPattern(templateId, 'Warehouse access'),
      reason: 'the warehouse pattern',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ id: templateId, version: 1, savedBy: 'platform-admin@test', reason: 'the warehouse pattern' });

    const listed = await api.get('/v1/templates?kind=policy', admin);
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((item: any) => item.id === templateId)).toMatchObject({
      source: 'org',
      version: 1,
      kind: 'policy',
      title: 'Warehouse access',
      required: false,
      guardrail: false,
    });
    expect(listed.body.items.find((item: any) => item.id === 'pii-guardrail')).toMatchObject({ source: 'builtin' });

    const applied = await api.post(path(`/templates/${templateId}/apply`), admin, { scope: 'team:ops' });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    expect(applied.body).toMatchObject({
      template: templateId,
      kind: 'policy',
      drafts: [{ scope: 'team:ops', version: 1 }],
      scenariosAdded: 1,
    });
    const published = await api.post(path('/policies/team:ops/versions/1/publish'), admin, { reason: 'org template' });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect((await authorize({ action: 'warehouse:delete', resource: 'warehouse/t1' })).body.effect).toBe('deny');

    const second = await api.put(`/v1/templates/${templateId}`, platform, {
      template: orgPattern(templateId, 'Warehouse access (v2)'),
      reason: 'retitled',
    });
    expect(second.status).toBe(201);
    expect(second.body.version).toBe(2);
    const versions = await api.get(`/v1/templates/${templateId}/versions`, platform);
    expect(versions.status).toBe(200);
    expect(versions.body.items.map((item: any) => [item.version, item.reason])).toEqual([
      [2, 'retitled'],
      [1, 'the warehouse pattern'],
    ]);
    expect((await api.get('/v1/templates', admin)).body.items.find((item: any) => item.id === templateId)).toMatchObject({
      version: 2,
      title: 'Warehouse access (v2)',
    });
  });

  it('registers an agent from an org agent type once a tenant admin applied it (its role created)', async () => {
    const agentTypeId = unique('org-clerk');
    const put = await api.put(`/v1/templates/${agentTypeId}`, platform, {
      reason: 'a clerk for the warehouse',
      template: {
        id: agentTypeId,
        kind: 'agent',
        title: 'Warehouse clerk',
        description: 'Reads the warehouse, never deletes from it.',
        parameters: [],
        role: { name: 'clerk', description: 'Warehouse clerk', quotas: { decisionsPerDay: 500 } },
        labels: { template: agentTypeId },
        pattern: { id: templateId, parameters: {} },
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    const applied = await api.post(path(`/templates/${agentTypeId}/apply`), admin, {});
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    expect(applied.body).toMatchObject({ kind: 'agent', roles: [{ name: 'clerk', status: 'created' }] });
    // Published, so the scenarios it brought (which now name the clerk role) pass in every later gate.
    const published = await api.post(path('/policies/role:clerk/versions/1/publish'), admin, { reason: 'clerk' });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const registered = await api.post(path('/agents'), admin, {
      name: 'clerk-1',
      team: 'ops',
      environment: 'prod',
      owner: 'owner@test',
      template: agentTypeId,
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body.agent).toMatchObject({ role: 'clerk', labels: { template: agentTypeId }, quotas: { decisionsPerDay: 500 } });
  });

  it("refuses a built-in's id, a tenant admin, and versions of a template the org does not have", async () => {
    const shadow = await api.put('/v1/templates/pii-guardrail', platform, {
      template: { ...orgPattern('pii-guardrail', 'Mine') },
      reason: 'shadow',
    });
    expect(shadow.status).toBe(409);
    expect(shadow.body.error.code).toBe('template_exists');
    expect((await api.put(`/v1/templates/${templateId}`, admin, { template: orgPattern(templateId, 'x'), reason: 'x' })).status).toBe(403);
    expect((await api.get(`/v1/templates/${unique('none')}/versions`, platform)).status).toBe(404);
    const notGuardrail = await api.post(`/v1/templates/${templateId}/require`, platform, { reason: 'x' });
    expect(notGuardrail.status).toBe(400);
    expect(JSON.stringify(notGuardrail.body.error.details)).toContain('"template"');
  });

  it("requires the PII guardrail as an org draft of locked rules; once published, a tenant's export of PII is denied though its policy allows exports", async () => {
    const pii = { action: 'orgtest:export', resource: 'customers/1', context: { classification: 'orgtest-pii' } };
    expect((await authorize(pii)).body.effect).toBe('allow');

    // Built on the active org document, not on a draft another file left pending.
    await saveOrg(activeOrg, 'org templates e2e: base');
    const required = await api.post('/v1/templates/pii-guardrail/require', platform, { reason: 'PII stays in', parameters: NARROW });
    expect(required.status, JSON.stringify(required.body)).toBe(201);
    expect(required.body).toMatchObject({ template: 'pii-guardrail', draft: { scope: 'org', version: expect.any(Number) } });
    const { version } = required.body.draft;

    const versions = await api.get('/v1/org/policy/versions?limit=5', platform);
    const draft = versions.body.items.find((item: any) => item.version === version);
    expect(draft).toMatchObject({ status: 'draft', reason: 'PII stays in' });
    const rules = (draft.document.rules as { id: string; locked?: boolean }[]).filter((rule) => rule.id.startsWith('tpl.pii-guardrail.'));
    expect(rules.map((rule) => rule.id).sort()).toEqual([
      'tpl.pii-guardrail.bulk-pii-read',
      'tpl.pii-guardrail.no-pii-export',
      'tpl.pii-guardrail.no-pii-export-tools',
    ]);
    for (const rule of rules) expect(rule.locked).toBe(true);
    expect(JSON.stringify(rules)).toContain('orgtest-pii');
    // Not published: the export is still allowed; the template is listed as required.
    expect((await authorize(pii)).body.effect).toBe('allow');
    expect((await api.get('/v1/templates', admin)).body.items.find((item: any) => item.id === 'pii-guardrail')).toMatchObject({
      required: true,
    });

    const published = await publishOrg(version);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const denied = await authorize(pii);
    expect(denied.body).toMatchObject({ effect: 'deny' });
    expect(JSON.stringify(denied.body)).toContain('tpl.pii-guardrail.no-pii-export');
    // Other exports of the tenant are untouched.
    expect(
      (await authorize({ action: 'orgtest:export', resource: 'customers/1', context: { classification: 'public' } })).body.effect,
    ).toBe('allow');
  });
});
