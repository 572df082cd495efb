import { describe, expect, it } from 'vitest';
import { auditShardOf } from '../../../shared/audit/audit-shards';
import { PartitionsFailedError } from '../../../shared/streams/errors';
import { paddedSequence } from '../../../shared/streams/stream-partitions';
import {
  bucketOf,
  cloudMetricsOf,
  bucketRunsOf,
  createMetricsRollup,
  bucketsOfBatch,
  MAX_ACTIONS_PER_AGENT_MINUTE,
  MAX_COUNTERS_PER_WRITE,
  rolledDecisionOf,
  type RolledDecision,
} from '../../../shared/metrics/metric-rollup';

const decision = (i: number, agentId = `agt_${i}`, at = '2026-11-24T10:05:10.000Z'): RolledDecision => ({
  itemType: 'decision',
  id: `dec_${i}`,
  tenantId: 'acme',
  at,
  agent: { id: agentId, team: 'ops' },
  effect: i % 2 ? 'deny' : 'allow',
  latencyMs: 3,
  request: { action: 'tool:invoke', tool: 'crm.read' },
  sequence: String(i + 1),
});

describe('metric rollup', () => {
  it('names a minute, an hour and a day by the start of the time', () => {
    expect(bucketOf('2026-11-24T10:05:59.999Z', 'minute')).toBe('2026-11-24T10:05');
    expect(bucketOf('2026-11-24T10:05:59.999Z', 'hour')).toBe('2026-11-24T10');
    expect(bucketOf('2026-11-24T10:05:59.999Z', 'day')).toBe('2026-11-24');
  });

  it("adds every decision to its tenant's minute, hour and day, each holding the tenant, its team and its agent", () => {
    const groups = bucketsOfBatch([decision(0, 'agt_a'), decision(1, 'agt_a'), decision(2, 'agt_b')]);
    expect(groups.map((group) => `${group.granularity} ${group.bucket} ${group.records.length}`)).toEqual([
      'minute 2026-11-24T10:05 3',
      'hour 2026-11-24T10 3',
      'day 2026-11-24 3',
    ]);
    const [minute] = bucketRunsOf(groups[0]!);
    expect(minute!.dimensions.map((dimension) => dimension.dimension)).toEqual(['tenant', 'team#ops', 'agent#agt_a', 'agent#agt_b']);
    expect(minute!.dimensions[0]).toMatchObject({ decisions: 3, allowed: 2, denied: 1, approvalsRequired: 0 });
    expect(minute!.dimensions[2]).toMatchObject({ decisions: 2, team: 'ops', actions: ['["tool:invoke","crm.read"]'] });
  });

  it('keeps, per audit shard, the first and last stream position of the records of a run', () => {
    const records = Array.from({ length: 40 }, (_, i) => decision(i, 'agt_a'));
    const [run] = bucketRunsOf(bucketsOfBatch(records)[0]!);
    const shards = new Set(records.map((record) => auditShardOf(record.id)));
    expect(run!.shards.map((range) => range.shard).sort()).toEqual([...shards].sort());
    for (const range of run!.shards) {
      const ofShard = records.filter((record) => auditShardOf(record.id) === range.shard);
      expect(range.first).toBe(paddedSequence(ofShard[0]!.sequence));
      expect(range.last).toBe(paddedSequence(ofShard[ofShard.length - 1]!.sequence));
    }
  });

  it('counts denied decisions per action on the tenant and team of hours and days, not on minutes nor agents', () => {
    const refund = { ...decision(1, 'agt_a'), request: { action: 'payments:refund' } };
    const [, hour] = bucketsOfBatch([refund, decision(3, 'agt_a'), refund]).map((group) => bucketRunsOf(group)[0]!);
    const [minute] = bucketsOfBatch([refund]).map((group) => bucketRunsOf(group)[0]!);
    expect(hour!.dimensions.find((dimension) => dimension.dimension === 'tenant')?.deniedActions).toEqual({
      '["payments:refund"]': 2,
      '["tool:invoke","crm.read"]': 1,
    });
    expect(hour!.dimensions.find((dimension) => dimension.dimension === 'agent#agt_a')?.deniedActions).toBeUndefined();
    expect(minute!.dimensions.find((dimension) => dimension.dimension === 'tenant')?.deniedActions).toBeUndefined();
  });

  it('keeps at most MAX_ACTIONS_PER_AGENT_MINUTE actions of an agent in a minute', () => {
    const records = Array.from({ length: 30 }, (_, i) => ({ ...decision(i * 2, 'agt_a'), request: { action: `op:${i}` } }));
    const runs = bucketRunsOf(bucketsOfBatch(records)[0]!);
    for (const run of runs)
      expect(run.dimensions.find((dimension) => dimension.dimension === 'agent#agt_a')!.actions!.length).toBeLessThanOrEqual(
        MAX_ACTIONS_PER_AGENT_MINUTE,
      );
  });

  it('splits a bucket into runs that each fit one write, keeping stream order', () => {
    const records = Array.from({ length: 100 }, (_, i) => decision(i));
    const runs = bucketRunsOf(bucketsOfBatch(records)[0]!);
    expect(runs.length).toBeGreaterThan(1);
    expect(runs.reduce((sum, run) => sum + run.records, 0)).toBe(100);
    for (const run of runs) {
      const counters = run.dimensions.reduce(
        (sum, dimension) =>
          sum +
          1 +
          (dimension.denied > 0 ? 1 : 0) +
          dimension.latency.filter((count) => count > 0).length +
          (dimension.team === undefined ? 0 : 1) +
          (dimension.actions === undefined ? 0 : 1),
        0,
      );
      expect(counters).toBeLessThanOrEqual(MAX_COUNTERS_PER_WRITE);
    }
  });

  it("writes a batch's days before its hours and its hours before its minutes, so finer buckets never run ahead", async () => {
    const written: string[] = [];
    const rollup = createMetricsRollup({
      store: {
        add: async (increment) => {
          written.push(increment.granularity);
          return true;
        },
        sequences: async () => new Map(),
      },
    });
    const records = [decision(0, 'agt_a'), decision(1, 'agt_b', '2026-11-24T11:59:59.000Z'), { ...decision(2), tenantId: 'other' }];
    expect(await rollup.rollUp(records)).toBe(3);
    expect(written).toEqual([...written].sort((a, b) => ['day', 'hour', 'minute'].indexOf(a) - ['day', 'hour', 'minute'].indexOf(b)));
    expect(written.filter((granularity) => granularity === 'minute')).toHaveLength(3);
  });

  it('leaves the minutes for the retry when an hour failed, so a minute never shows what its hour lacks', async () => {
    const written: string[] = [];
    const rollup = createMetricsRollup({
      store: {
        add: async (increment) => {
          if (increment.granularity === 'hour' && increment.tenantId === 'other') throw new Error('throttled');
          written.push(`${increment.tenantId} ${increment.granularity}`);
          return true;
        },
        sequences: async () => new Map(),
      },
    });
    const failure = await rollup.rollUp([decision(0, 'agt_a'), { ...decision(1), tenantId: 'other' }]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PartitionsFailedError);
    // Every hour was tried (one tenant's failure does not stop another's), no minute was written.
    expect(written.sort()).toEqual(['acme day', 'acme hour', 'other day']);
  });

  it('reads only decision items, and refuses a decision item without a stream position or with a bad field', () => {
    const item = { ...decision(0), sequence: undefined };
    expect(rolledDecisionOf({ itemType: 'change', id: 'aud_1' }, '1')).toBeUndefined();
    expect(rolledDecisionOf(item, '7')).toMatchObject({ id: 'dec_0', sequence: '7' });
    expect(() => rolledDecisionOf(item, undefined)).toThrow(/sequence/);
    expect(() => rolledDecisionOf({ ...item, latencyMs: -1 }, '7')).toThrow();
  });
});

describe('cloud metrics of a batch', () => {
  it('counts decisions and outcomes and keeps every latency, with no tenant or agent in sight', () => {
    const batch = [decision(0), decision(1), { ...decision(2), effect: 'require_approval' as const, latencyMs: 40 }];
    expect(cloudMetricsOf(batch)).toEqual({ decisions: 3, denied: 1, approvalsRequired: 1, latenciesMs: [3, 3, 40] });
    expect(JSON.stringify(cloudMetricsOf(batch))).not.toMatch(/acme|agt_/);
  });
});
