import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbUsageMeterStore } from '../../../shared/adapters/dynamodb/dynamodb-usage-meter-store';
import { createDynamoDbUsageStore } from '../../../shared/adapters/dynamodb/dynamodb-usage-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { auditShardOf } from '../../../shared/audit/audit-shards';
import { summarizeUsage, type UsageStore } from '../../../shared/usage/usage';
import { createUsageMeter, type MeteredDecision, type UsageMeter, type UsageMeterStore } from '../../../shared/usage/usage-meter';
import { PartitionsFailedError } from '../../../shared/streams/errors';
import { createTestTables } from '../../support/test-tables';

/** Decision records as the stream would carry them: sequence numbers grow with position. */
function decisions(
  tenantId: string,
  day: string,
  count: number,
  options: { firstSequence?: number; agents?: number; batchEvery?: number } = {},
): MeteredDecision[] {
  const first = options.firstSequence ?? 1;
  return Array.from({ length: count }, (_, i) => ({
    itemType: 'decision' as const,
    id: `dec_${tenantId}_${day}_${first + i}`,
    tenantId,
    at: `${day}T10:00:00.000Z`,
    agent: { id: `agt_${i % (options.agents ?? 3)}`, team: i % 2 ? 'ops' : 'research', role: 'bot', environment: 'prod' },
    effect: (['allow', 'deny', 'require_approval'] as const)[i % 3]!,
    ...(options.batchEvery && i % options.batchEvery === 0 ? { batchFirst: true } : {}),
    // Real sequence numbers are long decimal strings of varying length.
    sequence: String(BigInt(first + i) * 10_000_000_000_000n + 7n),
  }));
}

describe('usage meter (DynamoDB Local)', () => {
  let store: UsageMeterStore;
  let usage: UsageStore;
  let meter: UsageMeter;

  beforeAll(async () => {
    const tables = await createTestTables();
    const clients = singleClient(tables.documentClient);
    store = createDynamoDbUsageMeterStore(clients, tables.names);
    usage = createDynamoDbUsageStore(clients, tables.names);
    meter = createUsageMeter({ store });
  });

  const totals = async (tenantId: string, month: string) => summarizeUsage(month, await usage.listUsage(tenantId, month)).totals;

  it('counts each decision by effect, agent and batch', async () => {
    const records = decisions('m-basic', '2026-11-24', 30, { batchEvery: 10 });
    expect(await meter.meter(records)).toBe(30);
    expect(await totals('m-basic', '2026-11')).toEqual({
      decisions: 30,
      allowed: 10,
      denied: 10,
      approvalsRequired: 10,
      batchRequests: 3,
      activeAgents: 3,
    });
  });

  it('counts a batch delivered twice once', async () => {
    const records = decisions('m-twice', '2026-11-24', 40);
    await meter.meter(records);
    expect(await meter.meter(records)).toBe(0);
    expect((await totals('m-twice', '2026-11')).decisions).toBe(40);
  });

  it('counts overlapping deliveries (a retried batch that grew) once', async () => {
    const records = decisions('m-overlap', '2026-11-24', 80);
    await meter.meter(records.slice(0, 50));
    expect(await meter.meter(records.slice(30, 80))).toBe(30);
    expect((await totals('m-overlap', '2026-11')).decisions).toBe(80);
  });

  it('keeps positions per tenant and day, so days and tenants do not hide each other', async () => {
    const monday = decisions('m-days', '2026-11-23', 5, { firstSequence: 100 });
    const tuesday = decisions('m-days', '2026-11-24', 5, { firstSequence: 1 });
    const other = decisions('m-days-other', '2026-11-24', 5, { firstSequence: 1 });
    expect(await meter.meter([...monday, ...tuesday, ...other])).toBe(15);
    expect((await totals('m-days', '2026-11')).decisions).toBe(10);
    expect((await totals('m-days-other', '2026-11')).decisions).toBe(5);
  });

  it('keeps one position per audit shard: a shard behind another in the stream is still counted', async () => {
    const records = decisions('m-shards', '2026-11-24', 40);
    const [ahead, behind] = [
      records.filter((record) => auditShardOf(record.id) === auditShardOf(records[0]!.id)),
      records.filter((record) => auditShardOf(record.id) !== auditShardOf(records[0]!.id)),
    ];
    expect(behind.length).toBeGreaterThan(0);
    // The first shard's records carry the highest sequence numbers: other shards are their own partitions.
    const later = ahead.map((record, i) => ({ ...record, sequence: String(10n ** 30n + BigInt(i)) }));
    expect(await meter.meter(later)).toBe(later.length);
    expect(await meter.meter(behind)).toBe(behind.length);
    expect((await totals('m-shards', '2026-11')).decisions).toBe(40);
  });

  it('counts a batch touching hundreds of agents, one write each', async () => {
    const records = decisions('m-wide', '2026-11-24', 250, { agents: 250 });
    expect(await meter.meter(records)).toBe(250);
    expect(await totals('m-wide', '2026-11')).toMatchObject({ decisions: 250, activeAgents: 250 });
  });

  it('counts exactly once when two meters race on the same records', async () => {
    const records = decisions('m-race', '2026-11-24', 60);
    const other = createUsageMeter({ store });
    const counted = await Promise.all([meter.meter(records), other.meter(records), meter.meter(records)]);
    expect(counted.reduce((sum, n) => sum + n, 0)).toBe(60);
    expect((await totals('m-race', '2026-11')).decisions).toBe(60);
  });

  it('meters the interleaved partitions of many tenants and shards in one batch, several at a time', async () => {
    // Prepare: 12 tenants' records interleaved as one stream shard carries them.
    const tenants = Array.from({ length: 12 }, (_, i) => `m-fleet-${i}`);
    const perTenant = tenants.map((tenantId, t) => decisions(tenantId, '2026-11-24', 30, { agents: 4, firstSequence: 1 + t * 1000 }));
    const batch = Array.from({ length: 30 }, (_, i) => perTenant.map((records) => records[i]!)).flat();
    let inFlight = 0;
    let most = 0;
    const watched: UsageMeterStore = {
      sequences: (key) => store.sequences(key),
      async add(increment) {
        most = Math.max(most, ++inFlight);
        try {
          return await store.add(increment);
        } finally {
          inFlight--;
        }
      },
    };
    // Act
    const counted = await createUsageMeter({ store: watched, concurrency: 8 }).meter(batch);
    // Assess
    expect(counted).toBe(360);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
    for (const tenantId of tenants)
      expect(await totals(tenantId, '2026-11')).toMatchObject({
        decisions: 30,
        allowed: 10,
        denied: 10,
        approvalsRequired: 10,
        activeAgents: 4,
      });
  });

  it('counts the other partitions when one fails, and the failed one once when the batch is retried', async () => {
    // Prepare: the store refuses one tenant's writes (a throttled or unreachable partition).
    const batch = [
      ...decisions('m-fail-ok', '2026-11-24', 40, { firstSequence: 1 }),
      ...decisions('m-fail-down', '2026-11-24', 40, { firstSequence: 41 }),
    ];
    let down = true;
    const flaky: UsageMeterStore = {
      sequences: (key) => store.sequences(key),
      add: async (increment) => {
        if (down && increment.tenantId === 'm-fail-down') throw new Error('partition unavailable');
        return store.add(increment);
      },
    };
    const flakyMeter = createUsageMeter({ store: flaky });
    // Act
    const failure = await flakyMeter.meter(batch).then(
      () => undefined,
      (error: unknown) => error,
    );
    const during = { ok: (await totals('m-fail-ok', '2026-11')).decisions, down: (await totals('m-fail-down', '2026-11')).decisions };
    down = false;
    const retried = await flakyMeter.meter(batch);
    const redeliveredElsewhere = await createUsageMeter({ store }).meter(batch);
    // Assess
    expect(failure).toBeInstanceOf(PartitionsFailedError);
    expect(during).toEqual({ ok: 40, down: 0 });
    expect(retried).toBe(40);
    expect(redeliveredElsewhere).toBe(0);
    expect((await totals('m-fail-ok', '2026-11')).decisions).toBe(40);
    expect((await totals('m-fail-down', '2026-11')).decisions).toBe(40);
  });

  it('counts once when another meter counted part of the batch since', async () => {
    const records = decisions('m-stale', '2026-11-24', 90);
    const other = createUsageMeter({ store });
    expect(await meter.meter(records.slice(0, 30))).toBe(30);
    expect(await other.meter(records.slice(0, 60))).toBe(30);
    expect(await meter.meter(records)).toBe(30);
    expect((await totals('m-stale', '2026-11')).decisions).toBe(90);
  });

  it("keeps an agent's day one item: every shard's position on it, all of its counters together", async () => {
    const records = decisions('m-item', '2026-11-24', 64, { agents: 1 });
    expect(await meter.meter(records)).toBe(64);
    const positions = await store.sequences({ tenantId: 'm-item', day: '2026-11-24', agentId: 'agt_0' });
    expect([...positions.keys()].sort()).toEqual([...new Set(records.map((record) => auditShardOf(record.id)))].sort());
    expect(await usage.listUsage('m-item', '2026-11')).toEqual([expect.objectContaining({ agentId: 'agt_0', decisions: 64 })]);
  });
});
