/**
 * Waits for the audit stream's leaf capture (shared/audit/leaf-capture.ts) to hold every record of
 * a tenant listed now. Tests that move the clock to have hours sealed wait for it first: the
 * sealer holds back an hour whose records the stream has not delivered yet, and on the test clock
 * its next run is an hour of that clock away.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { digestKeys } from '../../shared/adapters/dynamodb/keys';
import type { runtimeStores } from './runtime-stores';
import { eventually, type WardenClient } from './warden-client';

type Stores = ReturnType<typeof runtimeStores>;

/** The ids of the tenant's records whose leaves the stream captured. */
export async function capturedIds({ clients, tables }: Stores, tenantId: string): Promise<Set<string>> {
  const result = await clients.platform.send(
    new QueryCommand({
      TableName: tables.control,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': digestKeys.capturedPartition(tenantId) },
    }),
  );
  const leaves = (result.Items ?? []).flatMap((item) => JSON.parse(item.leavesJson as string) as [string, string][]);
  return new Set(leaves.map(([position]) => position.slice(position.indexOf('#') + 1)));
}

/** Waits until every record of the tenant from `from` on (as its admin lists them) is captured. */
export async function everyRecordCaptured(api: WardenClient, stores: Stores, tenant: { tenantId: string; admin: string }, from: string) {
  const listed = await api.get(`/v1/tenants/${tenant.tenantId}/audit?${new URLSearchParams({ from, limit: '100' })}`, tenant.admin);
  const ids = (listed.body.items as { id: string }[]).map((record) => record.id);
  await eventually(
    async () => {
      const captured = await capturedIds(stores, tenant.tenantId);
      return ids.every((id) => captured.has(id)) || undefined;
    },
    { timeoutMs: 30_000 },
  );
}
