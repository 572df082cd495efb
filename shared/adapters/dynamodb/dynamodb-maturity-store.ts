/**
 * Maturity snapshots in the control table: each tenant's weekly series (`<t>#MATURITY`, by week,
 * kept two years) under the tenant's client, and every tenant's latest (`~platform#MATURITY`, by
 * tenant) written by the cross-tenant snapshot job and read by the platform view.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../kernel/errors';
import type { MaturitySnapshot, MaturityStore } from '../../maturity/maturity-store';
import { controlKeys } from './keys';
import { queryPage, queryRecords } from './query-pages';
import { batchGet } from './batch-get';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';

const KEEP_SNAPSHOT_SECONDS = 2 * 366 * 86_400;

export function createDynamoDbMaturityStore(clients: TenantClients, tables: { control: string }): MaturityStore {
  const table = tables.control;
  return {
    async saveSnapshot(snapshot) {
      const expiresAtEpoch = Math.floor(Date.parse(snapshot.at) / 1000) + KEEP_SNAPSHOT_SECONDS;
      await translateErrors(() =>
        clients.forTenant(snapshot.tenantId).send(
          new PutCommand({
            TableName: table,
            Item: {
              ...controlKeys.maturitySnapshot(snapshot.tenantId, snapshot.week),
              itemType: 'maturity-snapshot',
              ...snapshot,
              expiresAtEpoch,
            },
          }),
        ),
      );
      // The platform's copy follows the tenant's: a failure here leaves the series right and the list a week behind.
      await translateErrors(
        () =>
          clients.platform.send(
            new PutCommand({
              TableName: table,
              Item: { ...controlKeys.latestMaturity(snapshot.tenantId), itemType: 'maturity-latest', ...snapshot },
              // A late run of an older week never replaces a newer week's snapshot.
              ConditionExpression: 'attribute_not_exists(pk) OR #week <= :week',
              ExpressionAttributeNames: { '#week': 'week' },
              ExpressionAttributeValues: { ':week': snapshot.week },
            }),
          ),
        () => new ConflictError('A newer week is kept', 'newer_snapshot'),
      ).catch((error: unknown) => {
        if (!(error instanceof ConflictError)) throw error;
      });
    },

    listSnapshots: (tenantId, limit) =>
      queryRecords<MaturitySnapshot>(
        clients.forTenant(tenantId),
        {
          TableName: table,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': controlKeys.maturityPartition(tenantId) },
          ScanIndexForward: false,
        },
        limit,
      ),

    async latestWeeks(tenantIds) {
      const weeks = new Map<string, string>();
      const keys = tenantIds.map((id) => controlKeys.latestMaturity(id));
      for (const item of await batchGet(clients.shared, table, keys, { what: 'maturity snapshots', projection: 'tenantId, week' }))
        weeks.set(String(item.tenantId), String(item.week));
      return weeks;
    },

    listLatest: (page) =>
      queryPage<MaturitySnapshot>(clients.shared, table, { name: 'pk', value: controlKeys.latestMaturityPartition }, page),
  };
}
