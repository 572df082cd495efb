/**
 * The audit list on DynamoDB Local: a tenant's day is several partitions (audit shards), and the
 * list still reads newest first, page after page, each record once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbDecisionStore } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { AUDIT_SHARDS, auditShardOf } from '../../../shared/audit/audit-shards';
import type { DecisionRecord } from '../../../shared/decisions/decision-record';
import type { DecisionStore } from '../../../shared/decisions/decision-store';
import { createTestTables } from '../../support/test-tables';

/** A decision record of `tenantId` at `at`. */
const agent = { id: 'agt_1', name: 'bot', team: 'ops', role: 'bot', environment: 'prod', labels: {} };
const recordAt = (tenantId: string, at: string, n: number): DecisionRecord => ({
  kind: 'decision',
  id: `dec_${String(n).padStart(6, '0')}`,
  tenantId,
  at,
  agent,
  request: { action: 'tickets:read' },
  effect: 'allow',
  reason: 'r',
  versions: [],
  policyEpoch: 1,
  warnings: [],
  latencyMs: 1,
  expiresAtEpoch: 4_000_000_000,
});

describe('DynamoDbDecisionStore (DynamoDB Local)', () => {
  let store: DecisionStore;

  beforeAll(async () => {
    const tables = await createTestTables();
    store = createDynamoDbDecisionStore(singleClient(tables.documentClient), tables.names);
  });

  it('lists a day spread over every shard newest first, each record once, across pages and days', async () => {
    // 90 records over two days, a minute apart, written in a shuffled order.
    const records = Array.from({ length: 90 }, (_, n) =>
      recordAt('shards', new Date(Date.parse('2026-11-23T23:00:00.000Z') + n * 60_000).toISOString(), n),
    );
    expect(new Set(records.map((record) => auditShardOf(record.id))).size).toBe(AUDIT_SHARDS);
    const shuffled = [...records].sort((a, b) => auditShardOf(a.id) - auditShardOf(b.id));
    for (let i = 0; i < shuffled.length; i += 25) await store.record(shuffled.slice(i, i + 25));

    const query = { tenantId: 'shards', from: '2026-11-23T00:00:00.000Z', to: '2026-11-24T23:59:59.999Z' };
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.listAudit(query, { limit: 7, ...(after === undefined ? {} : { after }) });
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((item) => item.id));
      const last = page.items.at(-1);
      if (!page.more || last === undefined) break;
      after = `${last.at}#${last.id}`;
    }
    expect(seen).toEqual([...records].reverse().map((record) => record.id));
  });
});
