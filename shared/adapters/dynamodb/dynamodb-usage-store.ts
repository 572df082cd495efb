/**
 * Usage counters read back: one query over the month's partition of the tenant.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { UsageCounter, UsageStore } from '../../usage/usage';
import { recordOf } from './item-mapping';
import { controlKeys } from './keys';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';

export function createDynamoDbUsageStore(clients: TenantClients, tables: { control: string }): UsageStore {
  return {
    async listUsage(tenantId, month) {
      const counters: UsageCounter[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const result = await translateErrors(() =>
          clients.forTenant(tenantId).send(
            new QueryCommand({
              TableName: tables.control,
              KeyConditionExpression: 'pk = :p',
              ExpressionAttributeValues: { ':p': controlKeys.usagePartition(tenantId, month) },
              ConsistentRead: true,
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          ),
        );
        counters.push(...(result.Items ?? []).map((item) => recordOf<UsageCounter>(item)));
        start = result.LastEvaluatedKey;
      } while (start);
      return counters;
    },
  };
}
