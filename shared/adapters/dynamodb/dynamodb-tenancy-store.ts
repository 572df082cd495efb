/**
 * The tenancy store on DynamoDB: tenants, teams, roles, agents and API keys in the control table,
 * each change written in one transaction with its audit record (which carries its event).
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ChangeRecord } from '../../audit/change-record';
import { ConflictError, type NotFoundError } from '../../kernel/errors';
import type { Agent, ApiKeyRecord } from '../../tenancy/agent';
import type { AgentRole, Team } from '../../tenancy/team';
import type { KeyWrites, TenancyStore } from '../../tenancy/tenancy-store';
import type { Tenant } from '../../tenancy/tenant';
import type { AgentCounts } from '../../tenancy/tenant-stats';
import { changeItem, recordOf } from './item-mapping';
import { controlKeys } from './keys';
import { queryPage } from './query-pages';
import { batchGet } from './batch-get';
import { translateErrors } from './sdk-errors';
import { type TransactItem, transactWrite } from './transact-write';
import type { TenantClients } from './tenant-clients';

/** How long a consumer remembers an event it handled (redeliveries come within hours, not days). */
const PROCESSED_EVENT_TTL_SECONDS = 7 * 86_400;

export interface TenancyTables {
  readonly control: string;
  readonly audit: string;
}

/** Creates the DynamoDB implementation of TenancyStore. */
export function createDynamoDbTenancyStore(clients: TenantClients, tables: TenancyTables): TenancyStore {
  const auditPut = (change: ChangeRecord): TransactItem => ({
    Put: { TableName: tables.audit, Item: changeItem(change), ConditionExpression: 'attribute_not_exists(pk)' },
  });

  const streamedTables = new Set([tables.audit]);
  const transact = (tenantId: string, items: TransactItem[], onConditionFailed: (failed: number[]) => ConflictError | NotFoundError) =>
    transactWrite(clients.forTenant(tenantId), items, { streamedTables, onConditionFailed });

  async function get<T>(tenantId: string, key: { pk: string; sk: string }, consistent = false): Promise<T | undefined> {
    const result = await translateErrors(() =>
      clients.forTenant(tenantId).send(new GetCommand({ TableName: tables.control, Key: key, ConsistentRead: consistent })),
    );
    return result.Item ? recordOf<T>(result.Item) : undefined;
  }

  /**
   * Sets an agent's `lastSeenAt` if `condition` holds (no version bump); the agent as stored after,
   * when asked for, or undefined when the condition did not hold (nothing written).
   */
  async function setLastSeen(
    tenantId: string,
    agentId: string,
    at: string,
    write: { condition: string; values: Record<string, unknown>; returnAgent: boolean },
  ): Promise<Agent | undefined> {
    try {
      const result = await translateErrors(
        () =>
          clients.forTenant(tenantId).send(
            new UpdateCommand({
              TableName: tables.control,
              Key: controlKeys.agent(tenantId, agentId),
              UpdateExpression: 'SET lastSeenAt = :at',
              ConditionExpression: write.condition,
              ExpressionAttributeValues: { ':at': at, ...write.values },
              ...(write.returnAgent ? { ReturnValues: 'ALL_NEW' as const } : {}),
            }),
          ),
        () => new ConflictError('lastSeenAt not written', 'not_needed'),
      );
      return result.Attributes ? recordOf<Agent>(result.Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConflictError) return undefined;
      throw error;
    }
  }

  /** Queries one partition (of the table, or of gsi1 with the platform client) after a sort key. */
  const query = <T>(
    tenantId: string | undefined,
    partition: { name: 'pk' | 'gsi1pk'; value: string },
    page: { limit: number; after?: string },
  ) => queryPage<T>(tenantId === undefined ? clients.platform : clients.forTenant(tenantId), tables.control, partition, page);

  /** Replaces an item if its version matches; the conflict names what was being changed. */
  const versionedPut = (key: { pk: string; sk: string }, record: object, expectedVersion: number): TransactItem => ({
    Put: {
      TableName: tables.control,
      Item: { ...key, ...record },
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': expectedVersion },
    },
  });

  const bumpEpoch = (tenantId: string): TransactItem => ({
    Update: {
      TableName: tables.control,
      Key: controlKeys.tenant(tenantId),
      UpdateExpression: 'ADD epoch :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':one': 1 },
    },
  });

  const putKey = (key: ApiKeyRecord): TransactItem => ({
    Put: { TableName: tables.control, Item: { ...controlKeys.apiKey(key.tenantId, key.keyHash), itemType: 'api-key', ...key } },
  });

  return {
    async createTenant(tenant, change) {
      await transact(
        tenant.id,
        [
          {
            Put: {
              TableName: tables.control,
              Item: { ...controlKeys.tenant(tenant.id), ...controlKeys.tenantListing(tenant.id), itemType: 'tenant', ...tenant },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          auditPut(change),
        ],
        () => new ConflictError(`Tenant ${tenant.id} already exists`, 'tenant_exists'),
      );
    },

    getTenant: (tenantId, options) => get<Tenant>(tenantId, controlKeys.tenant(tenantId), options?.consistent),

    listTenants: (page) => query<Tenant>(undefined, { name: 'gsi1pk', value: controlKeys.tenantListingPartition }, page),

    async updateTenant(next, expectedVersion, change) {
      // Fields are SET and the epoch is ADDed, so an epoch bump made meanwhile by an agent change is never lost.
      const { epoch: _epoch, ...fields } = next;
      const names = Object.keys(fields);
      await transact(
        next.id,
        [
          {
            Update: {
              TableName: tables.control,
              Key: controlKeys.tenant(next.id),
              UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')} ADD epoch :one`,
              ConditionExpression: 'version = :expected',
              ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
              ExpressionAttributeValues: {
                ...Object.fromEntries(names.map((name, i) => [`:f${i}`, fields[name as keyof typeof fields]])),
                ':one': 1,
                ':expected': expectedVersion,
              },
            },
          },
          auditPut(change),
        ],
        () => new ConflictError(`Tenant ${next.id} was changed by someone else; read it again`, 'version_conflict'),
      );
    },

    async createTeam(team, change) {
      await transact(
        team.tenantId,
        [
          {
            Put: {
              TableName: tables.control,
              Item: { ...controlKeys.team(team.tenantId, team.name), itemType: 'team', ...team },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          auditPut(change),
        ],
        () => new ConflictError(`Team ${team.name} already exists`, 'team_exists'),
      );
    },

    getTeam: (tenantId, name) => get<Team>(tenantId, controlKeys.team(tenantId, name)),
    listTeams: (tenantId, page) => query<Team>(tenantId, { name: 'pk', value: controlKeys.teamPartition(tenantId) }, page),

    async updateTeam(next, expectedVersion, change) {
      await transact(
        next.tenantId,
        [
          versionedPut(controlKeys.team(next.tenantId, next.name), { itemType: 'team', ...next }, expectedVersion),
          bumpEpoch(next.tenantId),
          auditPut(change),
        ],
        () => new ConflictError(`Team ${next.name} was changed by someone else; read it again`, 'version_conflict'),
      );
    },

    async putRole(role, expectedVersion, change) {
      const key = controlKeys.role(role.tenantId, role.name);
      const write: TransactItem =
        expectedVersion === undefined
          ? {
              Put: {
                TableName: tables.control,
                Item: { ...key, itemType: 'role', ...role },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            }
          : versionedPut(key, { itemType: 'role', ...role }, expectedVersion);
      await transact(
        role.tenantId,
        [write, bumpEpoch(role.tenantId), auditPut(change)],
        () => new ConflictError(`Role ${role.name} was changed by someone else; try again`, 'version_conflict'),
      );
    },

    getRole: (tenantId, name) => get<AgentRole>(tenantId, controlKeys.role(tenantId, name)),
    listRoles: (tenantId, page) => query<AgentRole>(tenantId, { name: 'pk', value: controlKeys.rolePartition(tenantId) }, page),

    async createAgent(agent, key, change) {
      await transact(
        agent.tenantId,
        [
          {
            Put: {
              TableName: tables.control,
              Item: { ...controlKeys.agent(agent.tenantId, agent.id), itemType: 'agent', ...agent },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          putKey(key),
          auditPut(change),
        ],
        () => new ConflictError(`Agent ${agent.id} already exists`, 'agent_exists'),
      );
    },

    getAgent: (tenantId, agentId) => get<Agent>(tenantId, controlKeys.agent(tenantId, agentId), true),
    listAgents: (tenantId, page) => query<Agent>(tenantId, { name: 'pk', value: controlKeys.agentPartition(tenantId) }, page),

    async saveAgent(next, expectedVersion, change, keys: KeyWrites = {}) {
      await transact(
        next.tenantId,
        [
          versionedPut(controlKeys.agent(next.tenantId, next.id), { itemType: 'agent', ...next }, expectedVersion),
          ...(keys.put ?? []).map(putKey),
          bumpEpoch(next.tenantId),
          auditPut(change),
        ],
        () => new ConflictError(`Agent ${next.id} was changed by someone else; read it again`, 'version_conflict'),
      );
    },

    getApiKey: (tenantId, keyHash) => get<ApiKeyRecord>(tenantId, controlKeys.apiKey(tenantId, keyHash)),

    async getTenantAndApiKey(tenantId, keyHash) {
      const tenantKey = controlKeys.tenant(tenantId);
      const found = await batchGet(clients.forTenant(tenantId), tables.control, [tenantKey, controlKeys.apiKey(tenantId, keyHash)], {
        what: 'tenant and key records',
      });
      const tenant = found.find((item) => item.pk === tenantKey.pk && item.sk === tenantKey.sk);
      const key = found.find((item) => item !== tenant);
      return { tenant: tenant && recordOf<Tenant>(tenant), key: key && recordOf<ApiKeyRecord>(key) };
    },

    async noteAgentSeen(tenantId, agentId, at) {
      return setLastSeen(tenantId, agentId, at, { condition: 'attribute_exists(pk)', values: {}, returnAgent: true });
    },

    async touchAgentLastSeen(tenantId, agentId, at, notBefore) {
      await setLastSeen(tenantId, agentId, at, {
        condition: 'attribute_exists(pk) AND (attribute_not_exists(lastSeenAt) OR lastSeenAt < :notBefore)',
        values: { ':notBefore': notBefore },
        returnAgent: false,
      });
    },

    async applyAgentCountDeltas(tenantId, consumer, eventId, deltas) {
      const fields = Object.entries(deltas);
      if (fields.length === 0) return true;
      const marker = controlKeys.processedEvent(tenantId, consumer, eventId);
      try {
        await transact(
          tenantId,
          [
            {
              Put: {
                TableName: tables.control,
                Item: {
                  ...marker,
                  itemType: 'processed-event',
                  expiresAtEpoch: Math.floor(Date.now() / 1000) + PROCESSED_EVENT_TTL_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: tables.control,
                Key: controlKeys.tenantStats(tenantId),
                UpdateExpression: `ADD ${fields.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
                ExpressionAttributeNames: Object.fromEntries(fields.map(([name], i) => [`#c${i}`, name])),
                ExpressionAttributeValues: Object.fromEntries(fields.map(([, delta], i) => [`:c${i}`, delta])),
              },
            },
          ],
          () => new ConflictError('event already applied', 'duplicate_event'),
        );
        return true;
      } catch (error) {
        if (error instanceof ConflictError && error.code === 'duplicate_event') return false;
        throw error;
      }
    },

    async getAgentCounts(tenantId) {
      const stats = await get<Partial<AgentCounts>>(tenantId, controlKeys.tenantStats(tenantId));
      return { active: stats?.active ?? 0, suspended: stats?.suspended ?? 0, decommissioned: stats?.decommissioned ?? 0 };
    },
  };
}
