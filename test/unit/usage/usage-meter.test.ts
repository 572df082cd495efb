import { describe, expect, it } from 'vitest';
import { auditShardOf } from '../../../shared/audit/audit-shards';
import { paddedSequence } from '../../../shared/streams/stream-partitions';
import {
  createUsageMeter,
  incrementOf,
  type MeteredDecision,
  meteredDecisionOf,
  type UsageIncrement,
} from '../../../shared/usage/usage-meter';
import { createInMemoryTables, createInMemoryUsageMeterStore, createInMemoryUsageStore } from '../../support/in-memory';

const decision = (
  agentId: string,
  effect: MeteredDecision['effect'],
  sequence: string,
  extra: Partial<MeteredDecision> = {},
): MeteredDecision => ({
  itemType: 'decision',
  id: `dec_${sequence}`,
  tenantId: 'acme',
  at: '2026-11-24T10:00:00.000Z',
  agent: { id: agentId, team: 'ops', role: 'bot', environment: 'prod' },
  effect,
  sequence,
  ...extra,
});

describe('meteredDecisionOf', () => {
  const item = {
    pk: 'acme#AUDIT#2026-11-24#5',
    itemType: 'decision',
    kind: 'decision',
    id: 'dec_1',
    tenantId: 'acme',
    at: '2026-11-24T10:00:00.000Z',
    agent: { id: 'agt_1', name: 'a', team: 'ops', role: 'bot', environment: 'prod', labels: {} },
    effect: 'deny',
    reason: 'r',
  };

  it('reads what metering needs of a decision item, and its stream position', () => {
    expect(meteredDecisionOf(item, '42')).toEqual({
      itemType: 'decision',
      id: 'dec_1',
      tenantId: 'acme',
      at: item.at,
      agent: { id: 'agt_1', team: 'ops', role: 'bot', environment: 'prod' },
      effect: 'deny',
      sequence: '42',
    });
  });

  it('passes over audit items that are not decisions', () => {
    expect(meteredDecisionOf({ itemType: 'change', tenantId: 'acme' }, '1')).toBeUndefined();
  });

  it('refuses a decision item it cannot read, rather than leave it uncounted', () => {
    expect(() => meteredDecisionOf({ ...item, effect: 'maybe' }, '1')).toThrow(/effect/);
    expect(() => meteredDecisionOf(item, undefined)).toThrow(/sequence/);
  });
});

describe('incrementOf', () => {
  const key = { tenantId: 'acme', day: '2026-11-24', agentId: 'a' };

  it("sums an agent's run by effect, counts batch requests by their first record, and keeps each shard's range", () => {
    const run = [
      decision('a', 'allow', '1', { batchFirst: true }),
      decision('a', 'deny', '2'),
      decision('a', 'require_approval', '3'),
      decision('a', 'allow', '14'),
    ];
    const increment = incrementOf(key, run);
    expect(increment).toMatchObject({
      ...key,
      team: 'ops',
      role: 'bot',
      environment: 'prod',
      decisions: 4,
      allowed: 2,
      denied: 1,
      approvalsRequired: 1,
      batchRequests: 1,
      records: 4,
    });
    const byShard = new Map<number, string[]>();
    for (const record of run) byShard.set(auditShardOf(record.id), [...(byShard.get(auditShardOf(record.id)) ?? []), record.sequence]);
    expect(increment.shards).toEqual(
      [...byShard].map(([shard, sequences]) => ({
        shard,
        first: paddedSequence(sequences[0]!),
        last: paddedSequence(sequences[sequences.length - 1]!),
      })),
    );
  });

  it("keeps the agent's team, role and environment of its last decision in the run", () => {
    const moved = decision('a', 'allow', '2', { agent: { id: 'a', team: 'research', role: 'lead', environment: 'dev' } });
    expect(incrementOf(key, [decision('a', 'allow', '1'), moved])).toMatchObject({ team: 'research', role: 'lead', environment: 'dev' });
  });
});

describe('createUsageMeter', () => {
  /** The meter on in-memory stores, with every write the store was asked for. */
  function meterOnMemory() {
    const tables = createInMemoryTables();
    const store = createInMemoryUsageMeterStore(tables);
    const writes: UsageIncrement[] = [];
    const meter = createUsageMeter({
      store: {
        add: (increment) => {
          writes.push(increment);
          return store.add(increment);
        },
        sequences: (key) => store.sequences(key),
      },
    });
    return { meter, writes, usage: createInMemoryUsageStore(tables) };
  }

  it("writes once per agent's day of a batch, whatever the records' shards", async () => {
    const { meter, writes } = meterOnMemory();
    const records = [
      ...Array.from({ length: 30 }, (_, i) => decision(`agt_${i % 3}`, 'allow', String(i + 1))),
      decision('agt_0', 'deny', '31', { at: '2026-11-25T00:00:01.000Z' }),
    ];
    expect(await meter.meter(records)).toBe(31);
    expect(writes.map((write) => `${write.day}#${write.agentId}`).sort()).toEqual([
      '2026-11-24#agt_0',
      '2026-11-24#agt_1',
      '2026-11-24#agt_2',
      '2026-11-25#agt_0',
    ]);
  });

  it('counts only the records after the positions when a redelivered batch grew', async () => {
    const { meter, writes, usage } = meterOnMemory();
    const records = Array.from({ length: 40 }, (_, i) => decision('agt_0', i % 2 ? 'deny' : 'allow', String(i + 1)));
    expect(await meter.meter(records.slice(0, 25))).toBe(25);
    expect(await meter.meter(records)).toBe(15);
    expect(await meter.meter(records)).toBe(0);
    const counters = await usage.listUsage('acme', '2026-11');
    expect(counters.reduce((sum, counter) => sum + counter.decisions, 0)).toBe(40);
    expect(counters.reduce((sum, counter) => sum + counter.denied, 0)).toBe(20);
    // First delivery: one write; the grown one: a refused write, then the records after the positions.
    expect(writes.map((write) => write.records)).toEqual([25, 40, 15, 40]);
  });
});
