/**
 * Usage counters read back: one query over the month's partition of the tenant.
 */
import type { UsageCounter, UsageStore } from '../../usage/usage';
import { controlKeys } from './keys';
import { queryRecords } from './query-pages';
import type { TenantClients } from './tenant-clients';

export function createDynamoDbUsageStore(clients: TenantClients, tables: { control: string }): UsageStore {
  return {
    listUsage: (tenantId, month) =>
      queryRecords<UsageCounter>(clients.forTenant(tenantId), {
        TableName: tables.control,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': controlKeys.usagePartition(tenantId, month) },
        ConsistentRead: true,
      }),
  };
}
