import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbTenancyStore } from '../../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { controlKeys } from '../../../shared/adapters/dynamodb/keys';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { ConflictError } from '../../../shared/kernel/errors';
import type { TenancyStore } from '../../../shared/tenancy/tenancy-store';
import { createTestTables, type TestTables } from '../../support/test-tables';
import { aChange, aKey, aTenant, anAgent } from '../../support/tenancy-fixtures';
import { auditKeys } from '../../../shared/adapters/dynamodb/keys';
import { shardsOfDay } from '../../../shared/audit/audit-shards';

describe('DynamoDbTenancyStore (DynamoDB Local)', () => {
  let tables: TestTables;
  let store: TenancyStore;

  beforeAll(async () => {
    tables = await createTestTables();
    store = createDynamoDbTenancyStore(singleClient(tables.documentClient), tables.names);
  });

  /** The audit items of the tenant's day, from every shard of it. */
  const auditItems = async (tenantId: string) => {
    const shards = await Promise.all(
      shardsOfDay(tenantId, '2026-11-24').map((partition) =>
        tables.documentClient.send(
          new QueryCommand({
            TableName: tables.names.audit,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': auditKeys.partition(partition) },
          }),
        ),
      ),
    );
    return shards.flatMap((result) => result.Items ?? []);
  };

  describe('Method: createTenant', () => {
    it('stores the tenant and its change record in one transaction', async () => {
      const change = aChange('t-create');
      await store.createTenant(aTenant('t-create'), change);
      expect(await store.getTenant('t-create')).toMatchObject({ id: 't-create', status: 'active' });
      expect((await auditItems('t-create')).map((item) => item.id)).toEqual([change.id]);
    });

    it('refuses a duplicate id with ConflictError tenant_exists and writes no second change record', async () => {
      await store.createTenant(aTenant('t-dup'), aChange('t-dup'));
      await expect(store.createTenant(aTenant('t-dup', { name: 'Other' }), aChange('t-dup'))).rejects.toMatchObject({
        name: 'ConflictError',
        code: 'tenant_exists',
      });
      expect(await store.getTenant('t-dup')).toMatchObject({ name: 'Tenant t-dup' });
      expect(await auditItems('t-dup')).toHaveLength(1);
    });
  });

  describe('Method: updateTenant', () => {
    it('refuses a stale version with a version conflict', async () => {
      await store.createTenant(aTenant('t-stale'), aChange('t-stale'));
      await store.updateTenant(aTenant('t-stale', { name: 'First', version: 2 }), 1, aChange('t-stale'));
      await expect(store.updateTenant(aTenant('t-stale', { name: 'Second', version: 2 }), 1, aChange('t-stale'))).rejects.toMatchObject({
        code: 'version_conflict',
      });
      expect(await store.getTenant('t-stale')).toMatchObject({ name: 'First', version: 2 });
    });

    it('lets exactly one of many concurrent updates of one version win', async () => {
      await store.createTenant(aTenant('t-race'), aChange('t-race'));
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          store.updateTenant(aTenant('t-race', { name: `Writer ${i}`, version: 2 }), 1, aChange('t-race')),
        ),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(
        results
          .filter((result) => result.status === 'rejected')
          .every((result) => (result as PromiseRejectedResult).reason instanceof ConflictError),
      ).toBe(true);
      expect(await auditItems('t-race')).toHaveLength(2);
    });

    it('never loses an epoch bump made meanwhile by an agent change', async () => {
      await store.createTenant(aTenant('t-epoch'), aChange('t-epoch'));
      const agent = anAgent('t-epoch');
      await store.createAgent(agent, aKey('t-epoch', agent.id), aChange('t-epoch'));
      await store.saveAgent({ ...agent, name: 'renamed', version: 2 }, 1, aChange('t-epoch'));
      await store.updateTenant(aTenant('t-epoch', { name: 'Renamed', version: 2, epoch: 2 }), 1, aChange('t-epoch'));
      expect((await store.getTenant('t-epoch'))?.epoch).toBe(3);
    });
  });

  describe('Method: saveAgent', () => {
    it('bumps the tenant epoch, writes key records and refuses a stale version', async () => {
      await store.createTenant(aTenant('t-agent'), aChange('t-agent'));
      const agent = anAgent('t-agent');
      await store.createAgent(agent, aKey('t-agent', agent.id), aChange('t-agent'));
      const rotated = aKey('t-agent', agent.id);
      await store.saveAgent({ ...agent, version: 2 }, 1, aChange('t-agent'), { put: [rotated] });
      expect((await store.getTenant('t-agent'))?.epoch).toBe(2);
      expect(await store.getApiKey('t-agent', rotated.keyHash)).toMatchObject({ agentId: agent.id });
      await expect(store.saveAgent({ ...agent, version: 2 }, 1, aChange('t-agent'))).rejects.toMatchObject({ code: 'version_conflict' });
    });
  });

  describe('Tenant isolation', () => {
    it("reads another tenant's agent, key and team as not found", async () => {
      await store.createTenant(aTenant('iso-one'), aChange('iso-one'));
      await store.createTenant(aTenant('iso-two'), aChange('iso-two'));
      const agent = anAgent('iso-one');
      const key = aKey('iso-one', agent.id);
      await store.createAgent(agent, key, aChange('iso-one'));
      await store.createTeam(
        { tenantId: 'iso-one', name: 'secret', quotas: {}, createdAt: agent.createdAt, createdBy: 'a', version: 1 },
        aChange('iso-one'),
      );
      expect(await store.getAgent('iso-one', agent.id)).toBeDefined();
      expect(await store.getAgent('iso-two', agent.id)).toBeUndefined();
      expect(await store.getApiKey('iso-two', key.keyHash)).toBeUndefined();
      expect(await store.getTeam('iso-two', 'secret')).toBeUndefined();
      expect((await store.listAgents('iso-two', { limit: 100 })).items).toEqual([]);
    });

    it('keeps every item of a tenant under keys that begin with the tenant id', async () => {
      const item = await tables.documentClient.send(
        new GetCommand({ TableName: tables.names.control, Key: controlKeys.tenant('iso-one') }),
      );
      expect(item.Item?.pk).toBe('iso-one');
      const agents = await store.listAgents('iso-one', { limit: 100 });
      expect(agents.items).toHaveLength(1);
    });
  });

  describe('Method: listAgents', () => {
    it('pages in id order after the given agent', async () => {
      await store.createTenant(aTenant('t-list'), aChange('t-list'));
      const agents = Array.from({ length: 5 }, () => anAgent('t-list'));
      for (const agent of agents) await store.createAgent(agent, aKey('t-list', agent.id), aChange('t-list'));
      const first = await store.listAgents('t-list', { limit: 2 });
      expect(first).toMatchObject({ more: true });
      const rest = await store.listAgents('t-list', { limit: 10, after: first.items[1]!.id });
      expect([...first.items, ...rest.items].map((agent) => agent.id)).toEqual(agents.map((agent) => agent.id));
      expect(rest.more).toBe(false);
    });
  });

  describe('Method: touchAgentLastSeen', () => {
    it('writes lastSeenAt only when the stored one is older than notBefore', async () => {
      await store.createTenant(aTenant('t-seen'), aChange('t-seen'));
      const agent = anAgent('t-seen');
      await store.createAgent(agent, aKey('t-seen', agent.id), aChange('t-seen'));
      await store.touchAgentLastSeen('t-seen', agent.id, '2026-11-24T10:05:00.000Z', '2026-11-24T10:04:00.000Z');
      await store.touchAgentLastSeen('t-seen', agent.id, '2026-11-24T10:05:30.000Z', '2026-11-24T10:04:30.000Z');
      expect((await store.getAgent('t-seen', agent.id))?.lastSeenAt).toBe('2026-11-24T10:05:00.000Z');
      await store.touchAgentLastSeen('t-seen', agent.id, '2026-11-24T10:07:00.000Z', '2026-11-24T10:06:00.000Z');
      expect((await store.getAgent('t-seen', agent.id))?.lastSeenAt).toBe('2026-11-24T10:07:00.000Z');
      expect((await store.getAgent('t-seen', agent.id))?.version).toBe(1);
    });

    it('does not create an agent that does not exist', async () => {
      await store.touchAgentLastSeen('t-seen', 'agt_missing', '2026-11-24T10:05:00.000Z', '2026-11-24T10:04:00.000Z');
      expect(await store.getAgent('t-seen', 'agt_missing')).toBeUndefined();
    });
  });

  describe('Method: applyAgentCountDeltas', () => {
    it('applies each event once however often it is delivered', async () => {
      const first = await store.applyAgentCountDeltas('t-counts', 'tenant-stats', 'aud_1', { active: 1 });
      const again = await store.applyAgentCountDeltas('t-counts', 'tenant-stats', 'aud_1', { active: 1 });
      await store.applyAgentCountDeltas('t-counts', 'tenant-stats', 'aud_2', { active: -1, suspended: 1 });
      expect([first, again]).toEqual([true, false]);
      expect(await store.getAgentCounts('t-counts')).toEqual({ active: 0, suspended: 1, decommissioned: 0 });
    });

    it('applies each of many concurrent deliveries of one event exactly once', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.applyAgentCountDeltas('t-counts-race', 'tenant-stats', 'aud_9', { active: 1 })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.getAgentCounts('t-counts-race')).active).toBe(1);
    });
  });
});
