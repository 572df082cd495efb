/**
 * Usage counters read back: one query over the month's partition of the tenant, each item's
 * counters without the meter's stream positions.
 */
import type { UsageCounter, UsageStore } from '../../usage/usage';
import { controlKeys } from './keys';
import { queryRecords } from './query-pages';
import type { TenantClients } from './tenant-clients';

/** The counters of a stored usage item. */
const counterOf = (item: UsageCounter): UsageCounter => ({
  day: item.day,
  agentId: item.agentId,
  team: item.team,
  role: item.role,
  environment: item.environment,
  decisions: item.decisions,
  allowed: item.allowed,
  denied: item.denied,
  approvalsRequired: item.approvalsRequired,
  batchRequests: item.batchRequests,
});

export function createDynamoDbUsageStore(clients: TenantClients, tables: { control: string }): UsageStore {
  return {
    listUsage: async (tenantId, month) =>
      (
        await queryRecords<UsageCounter>(clients.forTenant(tenantId), {
          TableName: tables.control,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': controlKeys.usagePartition(tenantId, month) },
          ConsistentRead: true,
        })
      ).map(counterOf),
  };
}
