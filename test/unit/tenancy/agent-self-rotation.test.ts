/**
 * An agent rotating its own key (`rotateOwnKey`): the operator's rotation, with the agent as the
 * actor of the change, refused to suspended and decommissioned agents even when their key got that
 * far. On the in-memory tenancy store.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AgentPrincipal, OperatorPrincipal } from '../../../shared/auth/principal';
import { createFixedClock, isoAt } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';
import type { Agent } from '../../../shared/tenancy/agent';
import { createAgentRegistry, MAX_LIVE_KEYS } from '../../../shared/tenancy/agent-registry';
import type { TenancyStore } from '../../../shared/tenancy/tenancy-store';
import { createInMemoryAuditReader, createInMemoryTables, createInMemoryTenancyStore } from '../../support/in-memory';
import { aChange, aKey, anAgent, aTenant } from '../../support/tenancy-fixtures';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const MINUTE = 60_000;
const DAY = 86_400_000;

describe('Agent registry: rotateOwnKey', () => {
  let store: TenancyStore;
  let audit: ReturnType<typeof createInMemoryAuditReader>;
  let registry: ReturnType<typeof createAgentRegistry>;
  let agent: Agent;
  let self: AgentPrincipal;
  const oldKey = aKey('acme', 'placeholder', { expiresAt: isoAt(NOW + 30 * DAY) });

  beforeEach(async () => {
    const tables = createInMemoryTables();
    store = createInMemoryTenancyStore(tables);
    audit = createInMemoryAuditReader(tables);
    const clock = createFixedClock(NOW);
    registry = createAgentRegistry({ store, clock, ids: createIdGenerator(clock), cursors: createPageCursorCodec('secret') });
    await store.createTenant(aTenant('acme'), aChange('acme'));
    agent = anAgent('acme');
    const key = { ...oldKey, agentId: agent.id };
    agent = { ...agent, keys: [{ keyId: key.keyId, keyHash: key.keyHash, createdAt: key.createdAt, expiresAt: key.expiresAt }] };
    await store.createAgent(agent, key, aChange('acme', agent.id));
    self = { kind: 'agent', tenantId: 'acme', agentId: agent.id, keyId: key.keyId };
  });

  const rotationsOf = async (agentId: string) =>
    (await audit.listAudit({ tenantId: 'acme', from: isoAt(NOW - DAY), to: isoAt(NOW + DAY), agentId }, { limit: 100 })).items.filter(
      (record) => record.action === 'agent.key-rotated',
    );

  it('issues a new key for the tenant TTL and keeps the earlier key for graceMinutes only', async () => {
    const rotated = await registry.rotateOwnKey(self, { graceMinutes: 10 });
    expect(rotated.apiKey).toMatch(/^wdn_acme_/);
    expect(rotated.expiresAt).toBe(isoAt(NOW + 90 * DAY));
    const saved = await store.getAgent('acme', agent.id);
    expect(saved!.keys.map((key) => [key.keyId, key.expiresAt])).toEqual([
      [oldKey.keyId, isoAt(NOW + 10 * MINUTE)],
      [rotated.keyId, isoAt(NOW + 90 * DAY)],
    ]);
    expect(saved!.version).toBe(agent.version + 1);
  });

  it('records the change with the agent as actor, and names the agent in the event', async () => {
    const rotated = await registry.rotateOwnKey(self, { graceMinutes: 10 });
    const [record] = await rotationsOf(agent.id);
    expect(record).toMatchObject({
      actor: { type: 'agent', agentId: agent.id },
      target: { type: 'agent', id: agent.id },
      after: { keyId: rotated.keyId, previousKeyValidUntil: isoAt(NOW + 10 * MINUTE) },
      event: { detail: { agentId: agent.id, keyId: rotated.keyId, actor: agent.id } },
    });
  });

  it("leaves the same keys as the operator's rotation would", async () => {
    const own = await registry.rotateOwnKey(self, { graceMinutes: 10 });
    const afterOwn = (await store.getAgent('acme', agent.id))!.keys.map(({ keyId, expiresAt }) => ({ keyId, expiresAt }));
    const admin: OperatorPrincipal = { kind: 'operator', sub: 'root', tenantId: 'acme', roles: ['tenant-admin'], teams: [] };
    const operators = await registry.rotateKey(admin, 'acme', agent.id, { graceMinutes: 10 });
    const afterOperators = (await store.getAgent('acme', agent.id))!.keys.map(({ keyId, expiresAt }) => ({ keyId, expiresAt }));
    expect(afterOperators).toEqual([
      ...afterOwn.map((key) => ({ ...key, expiresAt: key.keyId === own.keyId ? isoAt(NOW + 10 * MINUTE) : key.expiresAt })),
      { keyId: operators.keyId, expiresAt: isoAt(NOW + 90 * DAY) },
    ]);
    expect((await rotationsOf(agent.id)).map((record) => record.actor)).toEqual(
      expect.arrayContaining([
        { type: 'agent', agentId: agent.id },
        { type: 'operator', sub: 'root' },
      ]),
    );
  });

  it.each([
    ['suspended', 'agent_suspended'],
    ['decommissioned', 'agent_decommissioned'],
  ] as const)('refuses a %s agent with ForbiddenError %s and writes nothing', async (status, code) => {
    await store.saveAgent({ ...agent, status, version: agent.version + 1 }, agent.version, aChange('acme', agent.id));
    await expect(registry.rotateOwnKey(self, { graceMinutes: 0 })).rejects.toMatchObject({ name: 'ForbiddenError', code });
    expect((await store.getAgent('acme', agent.id))!.keys).toEqual(agent.keys);
    expect(await rotationsOf(agent.id)).toEqual([]);
  });

  it('refuses an agent that no longer exists with NotFoundError', async () => {
    await expect(registry.rotateOwnKey({ ...self, agentId: 'agt_00000000000000000000000000' }, { graceMinutes: 0 })).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('refuses a rotation with grace past MAX_LIVE_KEYS live keys, and lets one without grace end them all', async () => {
    for (let i = 1; i < MAX_LIVE_KEYS; i++) await registry.rotateOwnKey(self, { graceMinutes: 60 });
    expect((await store.getAgent('acme', agent.id))!.keys).toHaveLength(MAX_LIVE_KEYS);
    await expect(registry.rotateOwnKey(self, { graceMinutes: 60 })).rejects.toMatchObject({ code: 'too_many_live_keys' });
    const ended = await registry.rotateOwnKey(self, { graceMinutes: 0 });
    expect((await store.getAgent('acme', agent.id))!.keys.map((key) => key.keyId)).toEqual([ended.keyId]);
  });
});
