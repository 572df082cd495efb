/**
 * Maturity snapshots in the control table: each tenant's weekly series (`<t>#MATURITY`, by week,
 * kept two years) under the tenant's client, and every tenant's latest (`~platform#MATURITY`, by
 * tenant) written by the cross-tenant snapshot job and read by the platform view.
 */
import { BatchGetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, DependencyUnavailableError } from '../../kernel/errors';
import type { MaturitySnapshot, MaturityStore } from '../../maturity/maturity-store';
import { controlKeys } from './keys';
import { queryPage, queryRecords } from './query-pages';
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
      let keys: Record<string, unknown>[] = [...new Set(tenantIds)].map((id) => ({ ...controlKeys.latestMaturity(id) }));
      // BatchGetItem may leave keys unprocessed under load: ask again for those, a bounded number of times.
      for (let attempt = 0; keys.length > 0 && attempt < 5; attempt += 1) {
        const result = await translateErrors(() =>
          clients.shared.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ProjectionExpression: 'tenantId, week' } } })),
        );
        for (const item of result.Responses?.[table] ?? []) weeks.set(String(item.tenantId), String(item.week));
        keys = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
      }
      if (keys.length > 0) throw new DependencyUnavailableError('The database left maturity snapshots unread');
      return weeks;
    },

    listLatest: (page) =>
      queryPage<MaturitySnapshot>(clients.shared, table, { name: 'pk', value: controlKeys.latestMaturityPartition }, page),
  };
}
