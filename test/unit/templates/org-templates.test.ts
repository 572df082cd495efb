/**
 * Organisation templates (shared/templates/org-templates.ts) on the real policy lifecycle over the
 * in-memory ports: every put is a new version with its history, a built-in cannot be shadowed,
 * only platform admins write them, tenants list and apply them like built-ins, and requiring a
 * guardrail saves an org draft of locked rules (never a publish).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { OperatorPrincipal } from '../../../shared/auth/principal';
import { createFixedClock } from '../../../shared/kernel/clock';
import type { PolicyDocument } from '../../../shared/policy/document';
import type { PolicyLifecycle } from '../../../shared/policy-lifecycle/policy-lifecycle';
import { ORG_OWNER, tenantOwner } from '../../../shared/policy-lifecycle/policy-version';
import { createTeamsAndRoles } from '../../../shared/tenancy/teams-and-roles';
import { builtinAgentType, builtinPolicyPattern } from '../../../shared/templates/builtin-templates';
import type { OrgTemplateStore } from '../../../shared/templates/org-template-store';
import { createOrgTemplates, type OrgTemplates, PutOrgTemplateSchema } from '../../../shared/templates/org-templates';
import type { AgentType, Template } from '../../../shared/templates/template';
import { agentRegistrationDefaultsWithOrg, createTemplates, type Templates } from '../../../shared/templates/templates';
import { createInMemoryOrgTemplateStore, createInMemoryStores, type InMemoryStores } from '../../support/in-memory';
import { inMemoryLifecycle } from '../../support/in-memory/in-memory-lifecycle';
import { aChange, aTenant } from '../../support/tenancy-fixtures';

const START = Date.parse('2026-11-24T10:00:00.000Z');
const platformAdmin: OperatorPrincipal = { kind: 'operator', sub: 'root', roles: ['platform-admin'], teams: [] };
const platformFinance: OperatorPrincipal = { kind: 'operator', sub: 'penny', roles: ['platform-finance'], teams: [] };
const tenantAdmin: OperatorPrincipal = { kind: 'operator', sub: 'admin', tenantId: 'acme', roles: ['tenant-admin'], teams: [] };
const publish = { reason: 'go', deprecateAfterDays: 7 };

/** An org policy pattern: the read-only pattern's rules under the org's own id. */
const orgPattern = (id = 'org-read-only', title = 'Org read-only'): Template =>
  PutOrgTemplateSchema.parse({ template: { ...builtinPolicyPattern('read-only-data-access')!, id, title }, reason: 'x' }).template;

/** An org guardrail: one locked deny of an action, at every scope including org. */
const orgGuardrail = (): Template =>
  PutOrgTemplateSchema.parse({
    reason: 'x',
    template: {
      id: 'no-wire-transfers',
      kind: 'policy',
      title: 'No wire transfers',
      description: 'Wire transfers are never made by agents.',
      parameters: [{ name: 'actions', description: 'Transfer actions', type: 'string-list', default: ['bank:wire'] }],
      scopes: ['org', 'tenant'],
      guardrail: true,
      rules: [{ id: 'deny-wire', effect: 'deny', actions: ['{{actions}}'], locked: true, risk: 'critical' }],
    },
  }).template;

describe('Org templates (real lifecycle on in-memory ports)', () => {
  let stores: InMemoryStores;
  let store: OrgTemplateStore;
  let lifecycle: PolicyLifecycle;
  let orgTemplates: OrgTemplates;
  let templates: Templates;

  beforeEach(async () => {
    const clock = createFixedClock(START);
    stores = createInMemoryStores(clock);
    store = createInMemoryOrgTemplateStore(stores.tables);
    await stores.tenancy.createTenant(aTenant('acme'), aChange('acme'));
    const built = inMemoryLifecycle(stores, clock);
    const { ids, cursors } = built;
    lifecycle = built.lifecycle;
    orgTemplates = createOrgTemplates({ store, lifecycle, policies: stores.policies, clock, ids, cursors });
    templates = createTemplates({
      lifecycle,
      policies: stores.policies,
      roles: createTeamsAndRoles({ store: stores.tenancy, clock, ids, cursors }),
      agentEnvironment: async () => undefined,
      orgTemplates: store,
    });
  });

  const orgDocument = async (version: number) => (await stores.policies.getVersion(ORG_OWNER, 'org', version))!.document as PolicyDocument;

  describe('Method: put', () => {
    it('saves each put as the next version with who, when and why, and keeps the history newest first', async () => {
      const first = await orgTemplates.put(platformAdmin, 'org-read-only', { template: orgPattern(), reason: 'first cut' });
      const second = await orgTemplates.put(platformAdmin, 'org-read-only', {
        template: orgPattern('org-read-only', 'Renamed'),
        reason: 'retitled',
      });

      expect(first).toMatchObject({
        id: 'org-read-only',
        version: 1,
        savedBy: 'root',
        reason: 'first cut',
        savedAt: '2026-11-24T10:00:00.000Z',
      });
      expect(second).toMatchObject({ version: 2, reason: 'retitled', template: { title: 'Renamed' } });
      const { items } = await orgTemplates.versions(platformAdmin, 'org-read-only', { limit: 10 });
      expect(items.map((saved) => [saved.version, saved.reason])).toEqual([
        [2, 'retitled'],
        [1, 'first cut'],
      ]);
      const page = await orgTemplates.versions(platformAdmin, 'org-read-only', { limit: 1 });
      expect(page.items.map((saved) => saved.version)).toEqual([2]);
      const rest = await orgTemplates.versions(platformAdmin, 'org-read-only', { limit: 1, cursor: page.nextCursor });
      expect(rest).toEqual({ items: [expect.objectContaining({ version: 1 })] });
    });

    it("refuses a built-in's id with 409 template_exists, so a built-in cannot be shadowed", async () => {
      await expect(
        orgTemplates.put(platformAdmin, 'pii-guardrail', { template: orgPattern('pii-guardrail'), reason: 'mine now' }),
      ).rejects.toMatchObject({ name: 'ConflictError', code: 'template_exists' });
      expect(await store.getTemplate('pii-guardrail')).toBeUndefined();
    });

    it("refuses a template whose id is not the path's, naming template.id", async () => {
      await expect(orgTemplates.put(platformAdmin, 'other-id', { template: orgPattern(), reason: 'x' })).rejects.toMatchObject({
        name: 'ValidationError',
        details: [expect.objectContaining({ path: 'template.id' })],
      });
    });

    it('refuses an agent type whose pattern is neither built-in nor the org’s, and takes one naming an org pattern', async () => {
      const agentType = (pattern: string) =>
        PutOrgTemplateSchema.parse({
          reason: 'x',
          template: { ...builtinAgentType('data-analyst')!, id: 'org-analyst', pattern: { id: pattern, parameters: {} } },
        }).template;
      await expect(orgTemplates.put(platformAdmin, 'org-analyst', { template: agentType('nowhere'), reason: 'x' })).rejects.toMatchObject({
        name: 'ValidationError',
        details: [expect.objectContaining({ path: 'template.pattern.id' })],
      });
      await orgTemplates.put(platformAdmin, 'org-read-only', { template: orgPattern(), reason: 'x' });
      await expect(
        orgTemplates.put(platformAdmin, 'org-analyst', { template: agentType('org-read-only'), reason: 'x' }),
      ).resolves.toMatchObject({
        version: 1,
      });
      const applied = await templates.apply(tenantAdmin, 'acme', 'org-analyst', {});
      expect(applied).toMatchObject({ kind: 'agent', drafts: [{ scope: 'role:data-analyst', version: 1 }] });
    });

    it('refuses a pattern whose rules are no valid policy with its defaults (a when that is not CEL), naming template', async () => {
      const broken = PutOrgTemplateSchema.parse({
        reason: 'x',
        template: { ...orgGuardrail(), rules: [{ id: 'odd', effect: 'deny', when: 'secrets.leak ==', locked: true }] },
      }).template;
      const refused = orgTemplates.put(platformAdmin, 'no-wire-transfers', { template: broken, reason: 'x' });
      await expect(refused).rejects.toMatchObject({ name: 'ValidationError' });
      const error = (await refused.catch((caught: unknown) => caught)) as { details: { path: string }[] };
      for (const detail of error.details) expect(detail.path.startsWith('template')).toBe(true);
      expect(await store.getTemplate('no-wire-transfers')).toBeUndefined();
    });

    it('is for platform admins only: tenant admins and platform finance are refused, nothing is saved', async () => {
      for (const principal of [tenantAdmin, platformFinance]) {
        await expect(orgTemplates.put(principal, 'org-read-only', { template: orgPattern(), reason: 'x' })).rejects.toMatchObject({
          name: 'ForbiddenError',
        });
        await expect(orgTemplates.require(principal, 'pii-guardrail', { reason: 'x' })).rejects.toMatchObject({ name: 'ForbiddenError' });
        await expect(orgTemplates.versions(principal, 'org-read-only', { limit: 10 })).rejects.toMatchObject({ name: 'ForbiddenError' });
      }
      expect(await store.listTemplates(10)).toEqual([]);
      expect(await stores.policies.getHead(ORG_OWNER, 'org')).toBeUndefined();
    });

    it('answers 404 for the versions of a template the org does not have (built-ins have none)', async () => {
      await expect(orgTemplates.versions(platformAdmin, 'pii-guardrail', { limit: 10 })).rejects.toMatchObject({ name: 'NotFoundError' });
    });
  });

  describe('Listing and applying', () => {
    it('lists org templates after the built-ins with source org and their latest version, and applies one like a built-in', async () => {
      await orgTemplates.put(platformAdmin, 'org-read-only', { template: orgPattern(), reason: 'x' });
      await orgTemplates.put(platformAdmin, 'org-read-only', { template: orgPattern('org-read-only', 'v2'), reason: 'y' });

      const { items } = await templates.list(tenantAdmin);
      expect(items.find((item) => item.id === 'org-read-only')).toMatchObject({ source: 'org', version: 2, title: 'v2', required: false });
      expect(items.find((item) => item.id === 'pii-guardrail')).toMatchObject({ source: 'builtin', required: false });
      expect(items.find((item) => item.id === 'pii-guardrail')).not.toHaveProperty('version');
      expect((await templates.list(tenantAdmin, { kind: 'agent' })).items.some((item) => item.source === 'org')).toBe(false);

      const applied = await templates.apply(tenantAdmin, 'acme', 'org-read-only', { scope: 'team:ops' });
      expect(applied).toMatchObject({ template: 'org-read-only', kind: 'policy', drafts: [{ scope: 'team:ops', version: 1 }] });
      const document = (await stores.policies.getVersion(tenantOwner('acme'), 'team:ops', 1))!.document as PolicyDocument;
      expect(document.rules.map((rule) => rule.id)).toContain('tpl.org-read-only.allow-reads');
    });
  });

  describe('Function: agentRegistrationDefaultsWithOrg', () => {
    it('gives the defaults of built-in and org agent types, 404 for neither, and 400 naming template once its pattern is gone', async () => {
      expect(await agentRegistrationDefaultsWithOrg(store, 'data-analyst')).toMatchObject({ role: 'data-analyst' });
      await orgTemplates.put(platformAdmin, 'org-read-only', { template: orgPattern(), reason: 'x' });
      const agentType = PutOrgTemplateSchema.parse({
        reason: 'x',
        template: {
          ...builtinAgentType('data-analyst')!,
          id: 'org-analyst',
          role: { ...builtinAgentType('data-analyst')!.role, name: 'org-analyst' },
          labels: { template: 'org-analyst' },
          pattern: { id: 'org-read-only', parameters: {} },
        },
      }).template;
      await orgTemplates.put(platformAdmin, 'org-analyst', { template: agentType, reason: 'x' });
      expect(await agentRegistrationDefaultsWithOrg(store, 'org-analyst')).toMatchObject({
        role: 'org-analyst',
        labels: { template: 'org-analyst' },
      });
      await expect(agentRegistrationDefaultsWithOrg(store, 'nowhere')).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(agentRegistrationDefaultsWithOrg(store, 'org-read-only')).rejects.toMatchObject({
        name: 'ValidationError',
        details: [expect.objectContaining({ path: 'template' })],
      });
      // The pattern replaced by an agent type of the same id: the org agent type can no longer be used.
      await orgTemplates.put(platformAdmin, 'org-read-only', {
        template: { ...(agentType as AgentType), id: 'org-read-only', pattern: { id: 'read-only-data-access', parameters: {} } },
        reason: 'x',
      });
      await expect(agentRegistrationDefaultsWithOrg(store, 'org-analyst')).rejects.toMatchObject({
        name: 'ValidationError',
        details: [expect.objectContaining({ path: 'template' })],
      });
      await expect(templates.apply(tenantAdmin, 'acme', 'org-analyst', {})).rejects.toMatchObject({ name: 'ConflictError' });
    });
  });

  describe('Method: require', () => {
    it('refuses a pattern that is not a guardrail, and an agent type, naming template', async () => {
      for (const id of ['read-only-data-access', 'data-analyst']) {
        await expect(orgTemplates.require(platformAdmin, id, { reason: 'x' })).rejects.toMatchObject({
          name: 'ValidationError',
          details: [expect.objectContaining({ path: 'template' })],
        });
      }
      await expect(orgTemplates.require(platformAdmin, 'nowhere', { reason: 'x' })).rejects.toMatchObject({ name: 'NotFoundError' });
      expect(await stores.policies.getHead(ORG_OWNER, 'org')).toBeUndefined();
    });

    it('saves the guardrail as a new org draft of locked rules merged into the latest org document, never publishes, and lists it required', async () => {
      await lifecycle.saveOrgDraft(platformAdmin, { reason: 'base', rules: [{ id: 'org-base', effect: 'deny', actions: ['nuke:*'] }] });
      await lifecycle.publishOrg(platformAdmin, 1, publish);

      const result = await orgTemplates.require(platformAdmin, 'pii-guardrail', {
        reason: 'PII stays in',
        parameters: { classifications: ['orgtest-pii'] },
      });

      expect(result).toEqual({
        template: 'pii-guardrail',
        draft: { scope: 'org', version: 2 },
        rules: ['tpl.pii-guardrail.no-pii-export', 'tpl.pii-guardrail.no-pii-export-tools', 'tpl.pii-guardrail.bulk-pii-read'],
      });
      expect(await stores.policies.getHead(ORG_OWNER, 'org')).toMatchObject({ latestVersion: 2, activeVersion: 1 });
      expect(await stores.policies.getVersion(ORG_OWNER, 'org', 2)).toMatchObject({
        status: 'draft',
        reason: 'PII stays in',
        author: 'root',
      });
      const document = await orgDocument(2);
      expect(document.rules[0]!.id).toBe('org-base');
      const required = document.rules.filter((rule) => rule.id.startsWith('tpl.pii-guardrail.'));
      expect(required).toHaveLength(3);
      for (const rule of required) expect(rule.locked).toBe(true);
      expect(JSON.stringify(required)).toContain('orgtest-pii');
      expect(JSON.stringify(required)).not.toContain('"restricted"');
      expect((await templates.list(tenantAdmin)).items.find((item) => item.id === 'pii-guardrail')).toMatchObject({ required: true });
      expect(await store.listRequired(10)).toEqual([
        expect.objectContaining({ id: 'pii-guardrail', source: 'builtin', draft: { scope: 'org', version: 2 }, requiredBy: 'root' }),
      ]);
      // The org test library is left as it was: its scenarios run in every tenant's gate.
      expect((await lifecycle.getTests(platformAdmin, ORG_OWNER)).scenarios).toEqual([]);
    });

    it('requires an org guardrail pattern at the version it has, and the published org rule then denies every tenant', async () => {
      await orgTemplates.put(platformAdmin, 'no-wire-transfers', { template: orgGuardrail(), reason: 'x' });
      const { draft } = await orgTemplates.require(platformAdmin, 'no-wire-transfers', { reason: 'no wires' });
      expect(draft).toEqual({ scope: 'org', version: 1 });
      expect((await orgDocument(1)).rules).toEqual([
        expect.objectContaining({ id: 'tpl.no-wire-transfers.deny-wire', effect: 'deny', actions: ['bank:wire'], locked: true }),
      ]);
      expect(await store.listRequired(10)).toEqual([
        expect.objectContaining({ id: 'no-wire-transfers', source: 'org', templateVersion: 1 }),
      ]);
      expect((await templates.list(tenantAdmin)).items.find((item) => item.id === 'no-wire-transfers')).toMatchObject({
        source: 'org',
        required: true,
      });

      await lifecycle.saveDraft(tenantAdmin, 'acme', 'tenant', { reason: 'all', rules: [{ id: 'all', effect: 'allow', actions: ['*'] }] });
      await lifecycle.publish(tenantAdmin, 'acme', 'tenant', 1, publish);
      await lifecycle.publishOrg(platformAdmin, 1, publish);
      const simulated = await lifecycle.simulate(tenantAdmin, 'acme', {
        agent: { team: 'ops', role: 'bot', environment: 'prod' },
        request: { action: 'bank:wire' },
      });
      expect(simulated).toMatchObject({ effect: 'deny', rule: expect.objectContaining({ id: 'tpl.no-wire-transfers.deny-wire' }) });
    });
  });
});
