/**
 * The policy lifecycle use cases (shared/policy-lifecycle/policy-lifecycle.ts) on the in-memory
 * ports: drafts, the publish gate, deprecation and sunsets, rollback, races, history and the
 * impact replay of audited decisions. Real domain code, a fixed clock, real ids and cursors.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { OperatorPrincipal } from '../../../shared/auth/principal';
import type { DecisionRecord } from '../../../shared/decisions/decision-record';
import { createFixedClock, isoAt } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';
import { createPolicyCompiler } from '../../../shared/policy/compile';
import type { DecisionAgent } from '../../../shared/policy/decide';
import { createPolicyLifecycle, type PolicyLifecycle } from '../../../shared/policy-lifecycle/policy-lifecycle';
import type { PolicyStore } from '../../../shared/policy-lifecycle/policy-store';
import { ORG_OWNER, tenantOwner } from '../../../shared/policy-lifecycle/policy-version';
import { createInMemoryStores, type InMemoryStores } from '../../support/in-memory';
import { aChange, anAgent, aKey, aTenant } from '../../support/tenancy-fixtures';

/** A draft as `saveDraft` takes it: the document and why. */
type DraftInput = Parameters<PolicyLifecycle['saveDraft']>[3];

const START = Date.parse('2026-11-24T10:00:00.000Z');
const DAY_MS = 86_400_000;

const admin: OperatorPrincipal = { kind: 'operator', sub: 'admin', tenantId: 'acme', roles: ['tenant-admin'], teams: [] };
const opsLead: OperatorPrincipal = { kind: 'operator', sub: 'lead', tenantId: 'acme', roles: ['team-lead'], teams: ['ops'] };
const platformAdmin: OperatorPrincipal = { kind: 'operator', sub: 'platform', roles: ['platform-admin'], teams: [] };

const allowTickets: DraftInput = { reason: 'tickets are fine', rules: [{ id: 'tickets', effect: 'allow', actions: ['tickets:*'] }] };
const denyEverything: DraftInput = { reason: 'lock down', rules: [] };
const ticketScenario = {
  name: 'ops bots read tickets',
  agent: { team: 'ops', role: 'bot', environment: 'prod' },
  request: { action: 'tickets:read' },
  expect: 'allow' as const,
};

describe('Policy lifecycle (in-memory ports)', () => {
  let clock: ReturnType<typeof createFixedClock>;
  let stores: InMemoryStores;
  let lifecycle: PolicyLifecycle;

  const build = (store: PolicyStore = stores.policies) =>
    createPolicyLifecycle({
      store,
      audit: stores.audit,
      tenancy: stores.tenancy,
      compiler: createPolicyCompiler(),
      clock,
      ids: createIdGenerator(clock),
      cursors: createPageCursorCodec('c'.repeat(40)),
    });

  beforeEach(async () => {
    clock = createFixedClock(START);
    stores = createInMemoryStores(clock);
    await stores.tenancy.createTenant(aTenant('acme', { epoch: 1 }), aChange('acme'));
    lifecycle = build();
  });

  const changeActions = async () =>
    (
      await stores.audit.listAudit({ tenantId: 'acme', from: isoAt(START - DAY_MS), to: isoAt(clock.nowMs() + DAY_MS) }, { limit: 1000 })
    ).items
      .filter((record) => record.kind === 'change')
      .map((record) => record.action)
      .reverse();

  describe('Method: saveDraft', () => {
    it('saves each draft as the next version, validated with its defaults applied, by its author, with a change record', async () => {
      const first = await lifecycle.saveDraft(admin, 'acme', 'tenant', allowTickets);
      const second = await lifecycle.saveDraft(admin, 'acme', 'tenant', denyEverything);

      expect([first.version, second.version]).toEqual([1, 2]);
      expect(await stores.policies.getVersion(tenantOwner('acme'), 'tenant', 1)).toMatchObject({
        status: 'draft',
        author: 'admin',
        reason: 'tickets are fine',
        createdAt: isoAt(START),
        contentHash: first.contentHash,
        document: {
          rules: [{ id: 'tickets', effect: 'allow', actions: ['tickets:*'], tools: ['*'], resources: ['**'], risk: 'low', locked: false }],
        },
      });
      expect(await changeActions()).toEqual(['test.changed', 'policy.saved', 'policy.saved']);
    });

    it('refuses an invalid document with ValidationError naming the rule, and saves nothing', async () => {
      const invalid = { reason: 'oops', rules: [{ id: 'guard', effect: 'allow', locked: true }] };
      await expect(lifecycle.saveDraft(admin, 'acme', 'tenant', invalid)).rejects.toMatchObject({
        name: 'ValidationError',
        details: [expect.objectContaining({ ruleId: 'guard' })],
      });
      expect(await stores.policies.getHead(tenantOwner('acme'), 'tenant')).toBeUndefined();
    });

    it("lets a team lead save drafts of their team's scope only", async () => {
      await expect(lifecycle.saveDraft(opsLead, 'acme', 'team:ops', allowTickets)).resolves.toMatchObject({ version: 1 });
      await expect(lifecycle.saveDraft(opsLead, 'acme', 'team:payments', allowTickets)).rejects.toMatchObject({ name: 'ForbiddenError' });
      await expect(lifecycle.saveDraft(opsLead, 'acme', 'tenant', allowTickets)).rejects.toMatchObject({ name: 'ForbiddenError' });
    });

    it('refuses a draft of the scope of an agent that does not exist with NotFoundError', async () => {
      await expect(lifecycle.saveDraft(admin, 'acme', `agent:agt_${'0'.repeat(26)}`, allowTickets)).rejects.toMatchObject({
        name: 'NotFoundError',
      });
    });
  });

  describe('Method: publish', () => {
    it('makes a draft active and returns the new policy epoch when no test stands in the way', async () => {
      await lifecycle.saveDraft(admin, 'acme', 'tenant', allowTickets);
      const published = await lifecycle.publish(admin, 'acme', 'tenant', 1, { reason: 'go', deprecateAfterDays: 7 });

      expect(published).toEqual({ scope: 'tenant', version: 1, status: 'active', testsRun: 0, policyEpoch: 2 });
      expect(await stores.policies.getHead(tenantOwner('acme'), 'tenant')).toMatchObject({
        activeVersion: 1,
        activeDocument: { rules: [expect.objectContaining({ id: 'tickets' })] },
      });
      expect((await changeActions()).at(-1)).toBe('policy.published');
    });

    it("publishes a draft that passes the tenant's tests, counting them", async () => {
      await lifecycle.putTests(admin, tenantOwner('acme'), [ticketScenario]);
      await lifecycle.saveDraft(admin, 'acme', 'tenant', allowTickets);
      expect(await lifecycle.publish(admin, 'acme', 'tenant', 1, { reason: 'go', deprecateAfterDays: 7 })).toMatchObject({
        status: 'active',
        testsRun: 1,
      });
    });

    it('refuses a draft that fails a test with PolicyTestsFailedError naming the failure, and leaves the active version in force', async () => {
      await lifecycle.putTests(admin, tenantOwner('acme'), [ticketScenario]);
      await lifecycle.saveDraft(admin, 'acme', 'tenant', allowTickets);
      await lifecycle.publish(admin, 'acme', 'tenant', 1, { reason: 'go', deprecateAfterDays: 7 });
      await lifecycle.saveDraft(admin, 'acme', 'tenant', denyEverything);

      const refused = lifecycle.publish(admin, 'acme', 'tenant', 2, { reason: 'lock down', deprecateAfterDays: 7 });

      await expect(refused).rejects.toMatchObject({
        name: 'PolicyTestsFailedError',
        details: [expect.objectContaining({ test: 'ops bots read tickets', expected: 'allow', actual: 'deny' })],
      });
      expect(await stores.policies.getHead(tenantOwner('acme'), 'tenant')).toMatchObject({ activeVersion: 1 });
      expect(await stores.policies.getVersion(tenantOwner('acme'), 'tenant', 2)).toMatchObject({ status: 'draft' });
      expect((await stores.tenancy.getTenant('acme'))?.epoch).toBe(2);
    });

    it('runs a scenario waiting for a draft only once that draft (or a later version of its scope) is published or is the candidate', async () => {
      const waiting = { ...ticketScenario, name: 'the ops team draft allows tickets', waitsFor: { scope: 'team:ops', version: 1 } };
      await lifecycle.putTests(admin, tenantOwner('acme'), [waiting]);
      // The team's draft is not published: publishing another scope does not run the waiting scenario.
      await lifecycle.saveDraft(admin, 'acme', 'team:ops', denyEverything);
      await lifecycle.saveDraft(admin, 'acme', 'tenant', denyEverything);
      expect(await lifecycle.publish(admin, 'acme', 'tenant', 1, { reason: 'go', deprecateAfterDays: 7 })).toMatchObject({ testsRun: 0 });
      // As the candidate, the draft it waits for must pass it.
      await expect(lifecycle.publish(admin, 'acme', 'team:ops', 1, { reason: 'go', deprecateAfterDays: 7 })).rejects.toMatchObject({
        name: 'PolicyTestsFailedError',
        details: [expect.objectContaining({ test: 'the ops team draft allows tickets' })],
      });
      await lifecycle.saveDraft(admin, 'acme', 'team:ops', allowTickets);
      expect(await lifecycle.publish(admin, 'acme', 'team:ops', 2, { reason: 'go', deprecateAfterDays: 7 })).toMatchObject({ testsRun: 1 });
      // Once a version it waited for is active, it guards every publish, and a later version that drops the rule fails it.
      await lifecycle.saveDraft(admin, 'acme', 'team:ops', denyEverything);
      await expect(lifecycle.publish(admin, 'acme', 'team:ops', 3, { reason: 'oops', deprecateAfterDays: 7 })).rejects.toMatchObject({
        name: 'PolicyTestsFailedError',
      });
      await lifecycle.saveDraft(admin, 'acme', 'tenant', allowTickets);
      expect(await lifecycle.publish(admin, 'acme', 'tenant', 2, { reason: 'go', deprecateAfterDays: 7 })).toMatchObject({ testsRun: 1 });
    });

    it("gates a tenant publish on the org's tests too", async () => {
      await lifecycle.putTests(platformAdmin, ORG_OWNER, [{ ...ticketScenario, name: 'org: tickets stay readable' }]);
      await lifecycle.saveDraft(admin, 'acme', 'tenant', denyEverything);
      await expect(lifecycle.publish(admin, 'acme', 'tenant', 1, { reason: 'go', deprecateAfterDays: 7 })).rejects.toMatchObject({
        name: 'PolicyTestsFailedError',
        details: [expect.objectContaining({ test: 'org: tickets stay readable' })],
      });
    });

    it('deprecates the version it replaces until its sunset, after which the version reads as retired', async () => {
      await lifecycle.saveDraft(admin, 'acme', 'tenant', allowTickets);
      await lifecycle.publish(admin, 'acme', 'tenant', 1, { reason: 'first', deprecateAfterDays: 7 });
      await lifecycle.saveDraft(admin, 'acme', 'tenant', { ...allowTickets, reason: 'second' });
      clock.advance(60_000);

      const published = await lifecycle.publish(admin, 'acme', 'tenant', 2, { reason: 'second', deprecateAfterDays: 3 });

      const sunsetAt = isoAt(START + 60_000 + 3 * DAY_MS);
      expect(published.previous).toEqual({ version: 1, sunsetAt, status: 'deprecated' });
      expect(await lifecycle.getVersion(admin, tenantOwner('acme'), 'tenant', 1)).toMatchObject({ status: 'deprecated', sunsetAt });
      clock.set(Date.parse(sunsetAt));
      expect(await lifecycle.getVersion(admin, tenantOwner('acme'), 'tenant', 1)).toMatchObject({ status: 'retired' });
    });

    it('refuses to publish a version that is not a draft with ConflictError not_a_draft', async () => {
      await lifecycle.saveDraft(admin, 'acme', 'tenant', allowTickets);
      await lifecycle.publish(admin, 'acme', 'tenant', 1, { reason: 'go', deprecateAfterDays: 7 });
      await expect(lifecycle.publish(admin, 'acme', 'tenant', 1, { reason: 'again', deprecateAfterDays: 7 })).rejects.toMatchObject({
        name: 'ConflictError',
        code: 'not_a_draft',
      });
    });

    it('refuses a publish that lost the race to another publish of the scope with ConflictError, leaving the winner active', async () => {
      await lifecycle.saveDraft(admin, 'acme', 'tenant', allowTickets);
      await lifecycle.saveDraft(admin, 'acme', 'tenant', { ...allowTickets, reason: 'other' });
      let raced = false;
      const racing: PolicyStore = {
        ...stores.policies,
        async publish(owner, write, change) {
          if (!raced) {
            // Another operator publishes version 1 after this publish read the head and ran its gate.
            raced = true;
            await build().publish(admin, 'acme', 'tenant', 1, { reason: 'first past the post', deprecateAfterDays: 7 });
          }
          return stores.policies.publish(owner, write, change);
        },
      };

      await expect(build(racing).publish(admin, 'acme', 'tenant', 2, { reason: 'late', deprecateAfterDays: 7 })).rejects.toMatchObject({
        name: 'ConflictError',
        code: 'publish_conflict',
      });
      expect(await stores.policies.getHead(tenantOwner('acme'), 'tenant')).toMatchObject({ activeVersion: 1, revision: 1 });
    });
  });

  describe('Method: rollback', () => {
    beforeEach(async () => {
      await lifecycle.saveDraft(admin, 'acme', 'tenant', allowTickets);
      await lifecycle.publish(admin, 'acme', 'tenant', 1, { reason: 'first', deprecateAfterDays: 7 });
      await lifecycle.saveDraft(admin, 'acme', 'tenant', {
        reason: 'more',
        rules: [
          { id: 'tickets', effect: 'allow', actions: ['tickets:*'] },
          { id: 'wiki', effect: 'allow', actions: ['wiki:*'] },
        ],
      });
      await lifecycle.publish(admin, 'acme', 'tenant', 2, { reason: 'second', deprecateAfterDays: 7 });
    });

    it('publishes the earlier content as a new version that says where it came from', async () => {
      const rolledBack = await lifecycle.rollback(admin, 'acme', 'tenant', { toVersion: 1, reason: 'wiki broke things' });

      expect(rolledBack).toMatchObject({
        scope: 'tenant',
        version: 3,
        status: 'active',
        rolledBackFrom: 1,
        previous: { version: 2, status: 'deprecated' },
      });
      const [v1, v3] = [
        await stores.policies.getVersion(tenantOwner('acme'), 'tenant', 1),
        await stores.policies.getVersion(tenantOwner('acme'), 'tenant', 3),
      ];
      expect(v3).toMatchObject({
        status: 'active',
        rolledBackFrom: 1,
        document: v1!.document,
        contentHash: v1!.contentHash,
        reason: 'wiki broke things',
      });
      expect((await changeActions()).slice(-2)).toEqual(['policy.saved', 'policy.rolled_back']);
    });

    it('refuses to roll back to the version already active with ConflictError already_active', async () => {
      await expect(lifecycle.rollback(admin, 'acme', 'tenant', { toVersion: 2, reason: 'no-op' })).rejects.toMatchObject({
        name: 'ConflictError',
        code: 'already_active',
      });
    });

    it('runs the same gate: a rollback to content the tests now refuse fails with PolicyTestsFailedError', async () => {
      await lifecycle.putTests(admin, tenantOwner('acme'), [
        {
          name: 'wiki stays open',
          agent: { team: 'ops', role: 'bot', environment: 'prod' },
          request: { action: 'wiki:read' },
          expect: 'allow',
        },
      ]);
      await expect(lifecycle.rollback(admin, 'acme', 'tenant', { toVersion: 1, reason: 'back' })).rejects.toMatchObject({
        name: 'PolicyTestsFailedError',
      });
      expect(await stores.policies.getHead(tenantOwner('acme'), 'tenant')).toMatchObject({ activeVersion: 2 });
    });
  });

  describe('Method: history', () => {
    it('lists versions newest first with their status as of now, page after page through cursors', async () => {
      for (const reason of ['one', 'two', 'three']) await lifecycle.saveDraft(admin, 'acme', 'tenant', { ...allowTickets, reason });
      await lifecycle.publish(admin, 'acme', 'tenant', 2, { reason: 'go', deprecateAfterDays: 7 });

      const first = await lifecycle.history(admin, tenantOwner('acme'), 'tenant', { limit: 2 });
      expect(first.items.map((version) => [version.version, version.status])).toEqual([
        [3, 'draft'],
        [2, 'active'],
      ]);
      expect(first.nextCursor).toBeDefined();
      const second = await lifecycle.history(admin, tenantOwner('acme'), 'tenant', { limit: 2, cursor: first.nextCursor });
      expect(second.items.map((version) => version.version)).toEqual([1]);
      expect(second.nextCursor).toBeUndefined();
    });
  });

  describe('Method: checkPins', () => {
    it('accepts a pin to a deprecated version before its sunset and refuses drafts and retired versions', async () => {
      const agent = { id: 'agt_01PINNED000000000000000000', team: 'ops', role: 'bot' };
      await lifecycle.saveDraft(admin, 'acme', 'tenant', allowTickets);
      await lifecycle.publish(admin, 'acme', 'tenant', 1, { reason: 'one', deprecateAfterDays: 1 });
      await lifecycle.saveDraft(admin, 'acme', 'tenant', { ...allowTickets, reason: 'two' });
      await lifecycle.publish(admin, 'acme', 'tenant', 2, { reason: 'two', deprecateAfterDays: 1 });
      await lifecycle.saveDraft(admin, 'acme', 'tenant', { ...allowTickets, reason: 'three' });

      await expect(lifecycle.checkPins('acme', agent, { tenant: 1 })).resolves.toBeUndefined();
      await expect(lifecycle.checkPins('acme', agent, { tenant: 3 })).rejects.toMatchObject({
        name: 'ValidationError',
        details: [expect.objectContaining({ path: 'pins.tenant' })],
      });
      clock.advance(DAY_MS);
      await expect(lifecycle.checkPins('acme', agent, { tenant: 1 })).rejects.toMatchObject({
        name: 'ValidationError',
        details: [expect.objectContaining({ message: expect.stringContaining('retired') })],
      });
    });
  });

  describe('Method: impact', () => {
    const bot: DecisionAgent = {
      id: 'agt_01IMPACT000000000000000000',
      name: 'bot',
      team: 'ops',
      role: 'bot',
      environment: 'prod',
      labels: {},
    };
    const decided = (n: number, action: string, effect: DecisionRecord['effect'], minutesAgo: number): DecisionRecord => ({
      kind: 'decision',
      id: `dec_01IMPACT${String(n).padStart(17, '0')}`,
      tenantId: 'acme',
      at: isoAt(START - minutesAgo * 60_000),
      agent: bot,
      request: { action },
      effect,
      reason: 'recorded',
      versions: [],
      policyEpoch: 2,
      warnings: [],
      latencyMs: 1,
      expiresAtEpoch: START / 1000 + 90 * 86_400,
    });

    it('decides the audited decisions of the window again with the candidate in place and counts what changes', async () => {
      await stores.tenancy.createAgent(anAgent('acme', { id: bot.id }), aKey('acme', bot.id), aChange('acme'));
      await lifecycle.saveDraft(admin, 'acme', 'tenant', allowTickets);
      await lifecycle.publish(admin, 'acme', 'tenant', 1, { reason: 'go', deprecateAfterDays: 7 });
      await stores.decisions.record([
        decided(1, 'tickets:read', 'allow', 30),
        decided(2, 'tickets:close', 'allow', 20),
        decided(3, 'wiki:read', 'deny', 10),
        decided(4, 'tickets:read', 'allow', 60 * 30),
      ]);
      await lifecycle.saveDraft(admin, 'acme', 'tenant', {
        reason: 'only reading',
        rules: [{ id: 'read', effect: 'allow', actions: ['tickets:read', 'wiki:read'] }],
      });

      const impact = await lifecycle.impact(admin, 'acme', 'tenant', 2, { sinceHours: 24, limit: 100 });

      expect(impact).toMatchObject({ scope: 'tenant', version: 2, replayed: 3, changed: 2 });
      expect(impact.transitions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            from: 'allow',
            to: 'deny',
            count: 1,
            examples: [expect.objectContaining({ decisionId: decided(2, 'tickets:close', 'allow', 20).id })],
          }),
          expect.objectContaining({ from: 'deny', to: 'allow', count: 1 }),
          { from: 'allow', to: 'allow', count: 1 },
        ]),
      );
      expect(await stores.policies.getHead(tenantOwner('acme'), 'tenant')).toMatchObject({ activeVersion: 1 });
    });
  });
});
