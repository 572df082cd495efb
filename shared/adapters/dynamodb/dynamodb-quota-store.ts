/**
 * Quota counters in the control table: one item per quota and period, whose `used` only grows by
 * conditional increments that keep it at or under the limit. Items expire a month after their
 * period.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ChangeRecord } from '../../audit/change-record';
import { ConflictError } from '../../kernel/errors';
import { type QuotaInForce, quotaKey } from '../../quotas/quota';
import type { QuotaStore } from '../../quotas/quota-store';
import { changeItem } from './item-mapping';
import { controlKeys, type ItemKey } from './keys';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';
import { transactWrite } from './transact-write';

const KEEP_AFTER_PERIOD_SECONDS = 35 * 86_400;

export function createDynamoDbQuotaStore(clients: TenantClients, tables: { control: string; audit: string }): QuotaStore {
  const expiry = (quota: QuotaInForce) => Math.floor(quota.endsAtMs / 1000) + KEEP_AFTER_PERIOD_SECONDS;

  /** Writes a marker once per quota period, with its change record; false when it exists. */
  async function markOnce(tenantId: string, quota: QuotaInForce, key: ItemKey, itemType: string, change: ChangeRecord): Promise<boolean> {
    try {
      await transactWrite(
        clients.forTenant(tenantId),
        [
          {
            Put: {
              TableName: tables.control,
              Item: { ...key, itemType, at: change.at, expiresAtEpoch: expiry(quota) },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: tables.audit, Item: changeItem(change), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
        { streamedTables: new Set([tables.audit]), onConditionFailed: () => new ConflictError('Already recorded', 'already_marked') },
      );
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }

  return {
    async lease(tenantId, quota, units) {
      const client = clients.forTenant(tenantId);
      const key = controlKeys.quota(tenantId, quotaKey(quota));
      // Never more than the limit, even on a counter not yet created (where the condition cannot say so).
      let want = Math.min(units, quota.limit);
      if (want <= 0) {
        const current = await translateErrors(() =>
          client.send(new GetCommand({ TableName: tables.control, Key: key, ConsistentRead: true })),
        );
        return { granted: 0, used: Number(current.Item?.used ?? 0) };
      }
      for (;;) {
        try {
          const result = await translateErrors(
            () =>
              client.send(
                new UpdateCommand({
                  TableName: tables.control,
                  Key: key,
                  UpdateExpression:
                    'SET used = if_not_exists(used, :zero) + :n, #limit = :limit, expiresAtEpoch = :expires, itemType = :type',
                  ConditionExpression: 'attribute_not_exists(used) OR used <= :most',
                  ExpressionAttributeNames: { '#limit': 'limit' },
                  ExpressionAttributeValues: {
                    ':zero': 0,
                    ':n': want,
                    ':limit': quota.limit,
                    ':most': quota.limit - want,
                    ':expires': expiry(quota),
                    ':type': 'quota',
                  },
                  ReturnValues: 'UPDATED_NEW',
                }),
              ),
            () => new ConflictError('Not enough left', 'quota_short'),
          );
          return { granted: want, used: Number(result.Attributes?.used ?? want) };
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          const current = await translateErrors(() =>
            client.send(new GetCommand({ TableName: tables.control, Key: key, ConsistentRead: true })),
          );
          const used = Number(current.Item?.used ?? 0);
          const remaining = quota.limit - used;
          if (remaining <= 0) return { granted: 0, used };
          want = Math.min(want, remaining);
        }
      }
    },

    markExceeded: (tenantId, quota, change: ChangeRecord) =>
      markOnce(tenantId, quota, controlKeys.quotaExceeded(tenantId, quotaKey(quota)), 'quota-exceeded', change),
    markThreshold: (tenantId, quota, threshold, change) =>
      markOnce(tenantId, quota, controlKeys.quotaThreshold(tenantId, quotaKey(quota), threshold), 'quota-threshold', change),
  };
}
