/**
 * The template use cases (shared/templates/templates.ts) on the real policy lifecycle and role use
 * cases over the in-memory ports: applying saves drafts (never publishes), merges the template's
 * scenarios into the tenant's test library, and the publish gate then holds the draft to them.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { OperatorPrincipal } from '../../../shared/auth/principal';
import { createFixedClock } from '../../../shared/kernel/clock';
import type { PolicyDocument } from '../../../shared/policy/document';
import type { PolicyLifecycle } from '../../../shared/policy-lifecycle/policy-lifecycle';
import { tenantOwner } from '../../../shared/policy-lifecycle/policy-version';
import { createTeamsAndRoles } from '../../../shared/tenancy/teams-and-roles';
import { builtinAgentType, builtinPolicyPattern } from '../../../shared/templates/builtin-templates';
import { ApplyTemplateSchema, createTemplates, type Templates } from '../../../shared/templates/templates';
import { createInMemoryStores, type InMemoryStores } from '../../support/in-memory';
import { inMemoryLifecycle } from '../../support/in-memory/in-memory-lifecycle';
import { aChange, aKey, anAgent, aTenant } from '../../support/tenancy-fixtures';

const START = Date.parse('2026-11-24T10:00:00.000Z');
const admin: OperatorPrincipal = { kind: 'operator', sub: 'admin', tenantId: 'acme', roles: ['tenant-admin'], teams: [] };
const otherAdmin: OperatorPrincipal = { kind: 'operator', sub: 'eve', tenantId: 'globex', roles: ['tenant-admin'], teams: [] };
const auditor: OperatorPrincipal = { kind: 'operator', sub: 'audrey', tenantId: 'acme', roles: ['auditor'], teams: [] };
const publish = { reason: 'go', deprecateAfterDays: 7 };

describe('Templates (real lifecycle on in-memory ports)', () => {
  let stores: InMemoryStores;
  let lifecycle: PolicyLifecycle;
  let templates: Templates;

  beforeEach(async () => {
    const clock = createFixedClock(START);
    stores = createInMemoryStores(clock);
    await stores.tenancy.createTenant(aTenant('acme'), aChange('acme'));
    await stores.tenancy.createTenant(aTenant('globex'), aChange('globex'));
    const built = inMemoryLifecycle(stores, clock);
    const { ids, cursors } = built;
    lifecycle = built.lifecycle;
    templates = createTemplates({
      lifecycle,
      policies: stores.policies,
      roles: createTeamsAndRoles({ store: stores.tenancy, clock, ids, cursors }),
      agentEnvironment: async (tenantId, agentId) => (await stores.tenancy.getAgent(tenantId, agentId))?.environment,
    });
  });

  const owner = tenantOwner('acme');
  const head = (scope: string) => stores.policies.getHead(owner, scope);
  const documentOf = async (scope: string, version: number) =>
    (await stores.policies.getVersion(owner, scope, version))!.document as PolicyDocument;
  const ruleIds = async (scope: string, version: number) => (await documentOf(scope, version)).rules.map((rule) => rule.id);
  const library = async () => (await lifecycle.getTests(admin, owner)).scenarios as readonly { name: string }[];
  const registerAgent = async (environment: string) => {
    const agent = anAgent('acme', { environment });
    await stores.tenancy.createAgent(agent, aKey('acme', agent.id), aChange('acme'));
    return agent.id;
  };

  describe('Method: list', () => {
    it('lists both kinds with their parameters described, policy patterns with their scopes and whether they are guardrails', async () => {
      const { items } = await templates.list(auditor);

      expect(new Set(items.map((item) => item.kind))).toEqual(new Set(['agent', 'policy']));
      expect(items.find((item) => item.id === 'pii-guardrail')).toMatchObject({
        kind: 'policy',
        scopes: ['tenant', 'team', 'role'],
        guardrail: true,
      });
      expect(items.find((item) => item.id === 'read-only-data-access')).toMatchObject({
        kind: 'policy',
        title: 'Read-only data access',
        guardrail: false,
        parameters: expect.arrayContaining([
          expect.objectContaining({ name: 'resources', type: 'string-list', description: expect.any(String), default: ['data/**'] }),
        ]),
      });
      expect(items.find((item) => item.id === 'data-analyst')).toMatchObject({ kind: 'agent', pattern: 'read-only-data-access' });
      for (const item of items) expect(item.parameters.length).toBeGreaterThan(0);
    });

    it('lists one kind when asked, and never offers the org scope', async () => {
      const { items } = await templates.list(admin, { kind: 'policy' });
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        expect(item.kind).toBe('policy');
        if (item.kind === 'policy') expect(item.scopes).not.toContain('org');
      }
      expect((await templates.list(otherAdmin, { kind: 'agent' })).items.every((item) => item.kind === 'agent')).toBe(true);
    });
  });

  describe('Method: apply (policy pattern)', () => {
    it('saves a draft of the tenant scope holding the tpl.<pattern>.* rules and never publishes', async () => {
      await lifecycle.saveDraft(admin, 'acme', 'tenant', {
        reason: 'own',
        rules: [{ id: 'tickets', effect: 'allow', actions: ['tickets:*'] }],
      });
      await lifecycle.publish(admin, 'acme', 'tenant', 1, publish);

      const result = await templates.apply(admin, 'acme', 'read-only-data-access', {});

      expect(result).toEqual({
        template: 'read-only-data-access',
        kind: 'policy',
        drafts: [{ scope: 'tenant', version: 2 }],
        roles: [],
        scenariosAdded: 4,
      });
      expect(await head('tenant')).toMatchObject({ latestVersion: 2, activeVersion: 1 });
      expect(await stores.policies.getVersion(owner, 'tenant', 2)).toMatchObject({
        status: 'draft',
        author: 'admin',
        reason: 'applied template read-only-data-access',
      });
      expect(await ruleIds('tenant', 2)).toEqual([
        'tickets',
        'tpl.read-only-data-access.allow-reads',
        'tpl.read-only-data-access.allow-read-tools',
        'tpl.read-only-data-access.deny-writes',
        'tpl.read-only-data-access.deny-write-tools',
      ]);
    });

    it('puts the scenarios in the library, and publishing the draft then passes the gate', async () => {
      const { drafts } = await templates.apply(admin, 'acme', 'read-only-data-access', { parameters: { resources: ['warehouse/**'] } });

      expect((await library()).map((scenario) => scenario.name)).toEqual([
        '[read-only-data-access] reads a resource in prod',
        '[read-only-data-access] searches through a read tool',
        '[read-only-data-access] may not write a resource',
        '[read-only-data-access] may not delete through a tool',
      ]);
      await expect(lifecycle.publish(admin, 'acme', 'tenant', drafts[0]!.version, publish)).resolves.toMatchObject({
        status: 'active',
        testsRun: 4,
      });
    });

    it('makes its scenarios wait for its draft, so two templates applied together publish in either order', async () => {
      const pii = await templates.apply(admin, 'acme', 'pii-guardrail', {});
      const support = await templates.apply(admin, 'acme', 'customer-support-assistant', {});

      const waiting = (await lifecycle.getTests(admin, owner)).scenarios as readonly { name: string; waitsFor?: unknown }[];
      expect(waiting.filter((scenario) => scenario.name.startsWith('[pii-guardrail]')).map((scenario) => scenario.waitsFor)).toEqual(
        Array(pii.scenariosAdded).fill({ scope: 'tenant', version: pii.drafts[0]!.version }),
      );
      // The support assistant's draft first: the guardrail's scenarios wait for theirs, unpublished.
      await expect(lifecycle.publish(admin, 'acme', support.drafts[0]!.scope, support.drafts[0]!.version, publish)).resolves.toMatchObject({
        testsRun: support.scenariosAdded,
      });
      await expect(lifecycle.publish(admin, 'acme', 'tenant', pii.drafts[0]!.version, publish)).resolves.toMatchObject({
        testsRun: support.scenariosAdded + pii.scenariosAdded,
      });
    });

    it('makes the scenarios gate: a draft edited to remove a template rule is refused at publish', async () => {
      await templates.apply(admin, 'acme', 'read-only-data-access', {});
      const applied = await documentOf('tenant', 1);
      const edited = applied.rules.filter((rule) => rule.id !== 'tpl.read-only-data-access.allow-reads');
      const { version } = await lifecycle.saveDraft(admin, 'acme', 'tenant', { reason: 'trim', rules: edited });

      await expect(lifecycle.publish(admin, 'acme', 'tenant', version, publish)).rejects.toMatchObject({
        name: 'PolicyTestsFailedError',
        details: [expect.objectContaining({ message: expect.stringContaining('reads a resource in prod') })],
      });
      expect((await head('tenant'))?.activeVersion).toBeUndefined();
    });

    it('keeps one copy of each rule and scenario when applied twice with the same parameters', async () => {
      const parameters = { resources: ['warehouse/**'] };
      const first = await templates.apply(admin, 'acme', 'read-only-data-access', { scope: 'team:ops', parameters });
      const second = await templates.apply(admin, 'acme', 'read-only-data-access', { scope: 'team:ops', parameters });

      expect([first.drafts, second.drafts]).toEqual([[{ scope: 'team:ops', version: 1 }], [{ scope: 'team:ops', version: 2 }]]);
      expect(await documentOf('team:ops', 2)).toEqual(await documentOf('team:ops', 1));
      const [v1, v2] = await Promise.all([1, 2].map((n) => stores.policies.getVersion(owner, 'team:ops', n)));
      expect(v2!.contentHash).toBe(v1!.contentHash);
      expect(await library()).toHaveLength(4);
    });

    it("builds on a pending draft, keeping its own rules, and keeps the library's own scenarios", async () => {
      const own = {
        name: 'own scenario',
        agent: { team: 'ops', role: 'bot', environment: 'prod' },
        request: { action: 'tickets:read' },
        expect: 'allow' as const,
      };
      await lifecycle.putTests(admin, owner, [own]);
      await lifecycle.saveDraft(admin, 'acme', 'tenant', {
        reason: 'mine',
        rules: [{ id: 'tickets', effect: 'allow', actions: ['tickets:*'] }],
      });

      const { drafts } = await templates.apply(admin, 'acme', 'read-only-data-access', {});

      expect(drafts).toEqual([{ scope: 'tenant', version: 2 }]);
      expect((await ruleIds('tenant', 2))[0]).toBe('tickets');
      expect(await ruleIds('tenant', 2)).toHaveLength(5);
      expect((await library()).map((scenario) => scenario.name)[0]).toBe('own scenario');
      await expect(lifecycle.publish(admin, 'acme', 'tenant', 2, publish)).resolves.toMatchObject({ testsRun: 5 });
    });

    it('sets the defaults of a pattern that has them', async () => {
      const pattern = builtinPolicyPattern('production-least-privilege')!;
      await templates.apply(admin, 'acme', pattern.id, { parameters: { allowedActions: ['tickets:read'] } });
      const document = await documentOf('tenant', 1);
      expect(document.defaults).toMatchObject(pattern.defaults ?? {});
      expect(document.rules.every((rule) => rule.id.startsWith(`tpl.${pattern.id}.`))).toBe(true);
    });

    it("applies at an agent's scope with the scenarios of its environment, naming the agent", async () => {
      const agentId = await registerAgent('prod');

      const result = await templates.apply(admin, 'acme', 'read-only-data-access', { scope: `agent:${agentId}` });

      expect(result.drafts).toEqual([{ scope: `agent:${agentId}`, version: 1 }]);
      expect(result.scenariosAdded).toBe(3);
      expect(await library()).toEqual(Array(3).fill(expect.objectContaining({ agentId })));
      await expect(lifecycle.publish(admin, 'acme', `agent:${agentId}`, 1, publish)).resolves.toMatchObject({ testsRun: 3 });
    });

    it('refuses the scope of an agent that does not exist with NotFoundError, and saves nothing', async () => {
      const missing = `agent:agt_${'0'.repeat(26)}`;
      await expect(templates.apply(admin, 'acme', 'read-only-data-access', { scope: missing })).rejects.toMatchObject({
        name: 'NotFoundError',
      });
      expect(await head(missing)).toBeUndefined();
    });

    it('refuses bad parameters with ValidationError naming parameters.<name>, and saves nothing', async () => {
      await expect(
        templates.apply(admin, 'acme', 'read-only-data-access', { parameters: { resources: 'data/**', colour: 'red' } }),
      ).rejects.toMatchObject({
        name: 'ValidationError',
        details: expect.arrayContaining([
          expect.objectContaining({ path: 'parameters.resources' }),
          expect.objectContaining({ path: 'parameters.colour' }),
        ]),
      });
      expect(await head('tenant')).toBeUndefined();
      expect(await library()).toEqual([]);
    });

    it('refuses a scope the pattern does not allow, and org, with ValidationError naming scope', async () => {
      // support-assistant-access applies at team, role or agent scope; the default is tenant.
      await expect(templates.apply(admin, 'acme', 'support-assistant-access', {})).rejects.toMatchObject({
        name: 'ValidationError',
        details: [expect.objectContaining({ path: 'scope' })],
      });
      await expect(templates.apply(admin, 'acme', 'pii-guardrail', { scope: 'org' })).rejects.toMatchObject({
        name: 'ValidationError',
        details: [expect.objectContaining({ path: 'scope' })],
      });
      expect(await head('tenant')).toBeUndefined();
    });
  });

  describe('Method: apply (agent type)', () => {
    it('creates the role, saves a draft of role:<name> and never publishes, with the defaults of its agents', async () => {
      const agentType = builtinAgentType('data-analyst')!;

      const result = await templates.apply(admin, 'acme', 'data-analyst', {});

      expect(result).toEqual({
        template: 'data-analyst',
        kind: 'agent',
        drafts: [{ scope: 'role:data-analyst', version: 1 }],
        roles: [{ name: 'data-analyst', status: 'created' }],
        scenariosAdded: 4,
        agentDefaults: { role: 'data-analyst', labels: agentType.labels, quotas: agentType.role.quotas },
      });
      expect(await stores.tenancy.getRole('acme', 'data-analyst')).toMatchObject({
        description: agentType.role.description,
        quotas: agentType.role.quotas,
      });
      expect(await head('role:data-analyst')).toMatchObject({ latestVersion: 1 });
      expect((await head('role:data-analyst'))?.activeVersion).toBeUndefined();
      expect(await ruleIds('role:data-analyst', 1)).toEqual(
        builtinPolicyPattern('read-only-data-access')!.rules.map((rule) => `tpl.read-only-data-access.${rule.id}`),
      );
    });

    it('puts its scenarios in the library, run as its role, and publishing the draft then passes the gate', async () => {
      await templates.apply(admin, 'acme', 'coding-assistant', { parameters: { roleName: 'coder' } });

      const scenarios = (await library()) as readonly { name: string; agent?: { role: string } }[];
      expect(scenarios).toHaveLength(6);
      expect(scenarios.every((scenario) => scenario.agent?.role === 'coder')).toBe(true);
      await expect(lifecycle.publish(admin, 'acme', 'role:coder', 1, publish)).resolves.toMatchObject({ status: 'active', testsRun: 6 });
    });

    it('replaces a role of the same name and keeps one copy of each rule and scenario when applied again', async () => {
      const first = await templates.apply(admin, 'acme', 'customer-support-assistant', {});
      const second = await templates.apply(admin, 'acme', 'customer-support-assistant', {});

      expect(first.roles).toEqual([{ name: 'support-assistant', status: 'created' }]);
      expect(second.roles).toEqual([{ name: 'support-assistant', status: 'replaced' }]);
      expect(second.drafts).toEqual([{ scope: 'role:support-assistant', version: 2 }]);
      expect(await documentOf('role:support-assistant', 2)).toEqual(await documentOf('role:support-assistant', 1));
      expect(await library()).toHaveLength(first.scenariosAdded);
    });

    it('refuses bad parameters naming parameters.<name>, and a scope other than its role, naming scope; it creates nothing', async () => {
      await expect(templates.apply(admin, 'acme', 'data-analyst', { parameters: { datasets: [] } })).rejects.toMatchObject({
        name: 'ValidationError',
        details: [expect.objectContaining({ path: 'parameters.datasets' })],
      });
      await expect(templates.apply(admin, 'acme', 'data-analyst', { scope: 'team:ops' })).rejects.toMatchObject({
        name: 'ValidationError',
        details: [expect.objectContaining({ path: 'scope' })],
      });
      expect(await stores.tenancy.getRole('acme', 'data-analyst')).toBeUndefined();
      expect(await head('role:data-analyst')).toBeUndefined();
    });
  });

  describe('Method: apply (refusals)', () => {
    it('refuses an unknown template with NotFoundError', async () => {
      await expect(templates.apply(admin, 'acme', 'no-such-template', {})).rejects.toMatchObject({ name: 'NotFoundError' });
    });

    it("refuses another tenant's admin and an auditor with ForbiddenError, and saves nothing", async () => {
      await expect(templates.apply(otherAdmin, 'acme', 'read-only-data-access', {})).rejects.toMatchObject({ name: 'ForbiddenError' });
      await expect(templates.apply(auditor, 'acme', 'data-analyst', {})).rejects.toMatchObject({ name: 'ForbiddenError' });
      expect(await head('tenant')).toBeUndefined();
      expect(await stores.tenancy.getRole('acme', 'data-analyst')).toBeUndefined();
    });
  });

  describe('Method: registrationDefaults', () => {
    it('gives the role, labels and quotas of an agent type, with its parameters', () => {
      const agentType = builtinAgentType('internal-automation-bot')!;
      expect(templates.registrationDefaults('internal-automation-bot')).toEqual({
        role: 'automation-bot',
        labels: agentType.labels,
        quotas: agentType.role.quotas,
      });
      expect(templates.registrationDefaults('data-analyst', { roleName: 'analyst' })).toMatchObject({ role: 'analyst' });
    });

    it('refuses a policy pattern naming template, bad parameters naming them, and an unknown id with NotFoundError', () => {
      expect(() => templates.registrationDefaults('pii-guardrail')).toThrow(
        expect.objectContaining({ name: 'ValidationError', details: [expect.objectContaining({ path: 'template' })] }),
      );
      expect(() => templates.registrationDefaults('data-analyst', { roleName: 'no spaces' })).toThrow(
        expect.objectContaining({ name: 'ValidationError', details: [expect.objectContaining({ path: 'parameters.roleName' })] }),
      );
      expect(() => templates.registrationDefaults('nope')).toThrow(expect.objectContaining({ name: 'NotFoundError' }));
    });
  });

  describe('ApplyTemplateSchema', () => {
    it('takes parameters, a tenant scope and a reason, all optional', () => {
      expect(ApplyTemplateSchema.parse({})).toEqual({});
      expect(ApplyTemplateSchema.parse({ parameters: { a: 1 }, scope: 'team:ops', reason: ' why ' })).toEqual({
        parameters: { a: 1 },
        scope: 'team:ops',
        reason: 'why',
      });
    });

    it('refuses unknown fields, the org scope, a malformed scope, a long reason and more than 20 parameters, naming each', () => {
      const pathOf = (body: unknown) => ApplyTemplateSchema.safeParse(body).error?.issues.map((issue) => issue.path.join('.'));
      expect(pathOf({ colour: 'red' })).toEqual(['']);
      expect(pathOf({ scope: 'org' })).toEqual(['scope']);
      expect(pathOf({ scope: 'agent:bob' })).toEqual(['scope']);
      expect(pathOf({ reason: 'x'.repeat(501) })).toEqual(['reason']);
      expect(pathOf({ parameters: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`p${i}`, i])) })).toEqual(['parameters']);
    });
  });
});
