/**
 * The usage meter's storage contract (UsageMeterStore, shared/usage/usage-meter.ts) with the
 * reader of what it stores (UsageStore, shared/usage/usage.ts), run against every implementation:
 * in memory (test/unit/contract) and on DynamoDB Local (test/integration/contract). Counters move
 * with their agent's day's stream positions or not at all, so a redelivered batch is never counted
 * twice; readers sum whatever counters a month holds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ShardRange } from '../../shared/audit/audit-stream-positions';
import { summarizeUsage, type UsageStore } from '../../shared/usage/usage';
import type { UsageIncrement, UsageMeterStore } from '../../shared/usage/usage-meter';
import { DAY, unique } from './contract-fixtures';

export interface UsageContractSubject {
  readonly meter: UsageMeterStore;
  readonly usage: UsageStore;
}

/** A stream range of one shard, `first` to `last` padded as the meter pads them. */
const range = (shard: number, first: number, last = first): ShardRange => ({
  shard,
  first: String(first).padStart(48, '0'),
  last: String(last).padStart(48, '0'),
});

/** An increment of `decisions` for one agent's day: a third denied, one batch request. */
const increment = (
  tenantId: string,
  agentId: string,
  decisions: number,
  shards: ShardRange[],
  options: { team?: string; day?: string } = {},
): UsageIncrement => ({
  tenantId,
  day: options.day ?? DAY,
  agentId,
  team: options.team ?? 'ops',
  role: 'bot',
  environment: 'prod',
  decisions,
  allowed: decisions - Math.floor(decisions / 3),
  denied: Math.floor(decisions / 3),
  approvalsRequired: 0,
  batchRequests: 1,
  shards,
  records: decisions,
});

const month = DAY.slice(0, 7);

export function describeUsageStoreContract(name: string, makeSubject: () => Promise<UsageContractSubject>) {
  describe(`UsageMeterStore and UsageStore contract: ${name}`, () => {
    let meter: UsageMeterStore;
    let usage: UsageStore;

    beforeAll(async () => {
      ({ meter, usage } = await makeSubject());
    });

    const totalsOf = async (tenantId: string, period = month) => summarizeUsage(period, await usage.listUsage(tenantId, period));

    it("starts an agent's day without positions, and moves them with the counters it adds to", async () => {
      const tenantId = unique('meter');
      expect(await meter.sequences({ tenantId, day: DAY, agentId: 'agt_a' })).toEqual(new Map());
      expect(await meter.add(increment(tenantId, 'agt_a', 6, [range(3, 1, 10)]))).toBe(true);
      expect(await meter.add(increment(tenantId, 'agt_b', 3, [range(3, 2, 9)], { team: 'research' }))).toBe(true);
      expect(await meter.sequences({ tenantId, day: DAY, agentId: 'agt_a' })).toEqual(new Map([[3, range(3, 10).last]]));
      expect(await meter.add(increment(tenantId, 'agt_a', 3, [range(3, 11, 20), range(5, 1, 4)]))).toBe(true);
      expect(await meter.sequences({ tenantId, day: DAY, agentId: 'agt_a' })).toEqual(
        new Map([
          [3, range(3, 20).last],
          [5, range(5, 4).last],
        ]),
      );

      const report = await totalsOf(tenantId);
      expect(report.totals).toEqual({ decisions: 12, allowed: 8, denied: 4, approvalsRequired: 0, batchRequests: 3, activeAgents: 2 });
      expect(report.byAgent).toEqual([
        { agentId: 'agt_a', decisions: 9, allowed: 6, denied: 3, approvalsRequired: 0, batchRequests: 2 },
        { agentId: 'agt_b', decisions: 3, allowed: 2, denied: 1, approvalsRequired: 0, batchRequests: 1 },
      ]);
      expect(report.byDay.map((day) => day.day)).toEqual([DAY]);
      expect(report.byTeam.map((team) => team.team)).toEqual(['ops', 'research']);
    });

    it('adds nothing when a shard already took a record of the run (a redelivered batch)', async () => {
      const tenantId = unique('redelivered');
      expect(await meter.add(increment(tenantId, 'agt_a', 5, [range(0, 1, 5)]))).toBe(true);
      expect(await meter.add(increment(tenantId, 'agt_a', 5, [range(0, 1, 5)]))).toBe(false);
      expect(await meter.add(increment(tenantId, 'agt_a', 4, [range(0, 5, 9)]))).toBe(false);
      // One shard behind is enough to refuse the whole increment, the other shard's part with it.
      expect(await meter.add(increment(tenantId, 'agt_a', 4, [range(1, 1, 2), range(0, 3, 9)]))).toBe(false);
      expect(await meter.sequences({ tenantId, day: DAY, agentId: 'agt_a' })).toEqual(new Map([[0, range(0, 5).last]]));
      expect((await totalsOf(tenantId)).totals.decisions).toBe(5);
    });

    it('lets exactly one of two meters racing with the same run count', async () => {
      const tenantId = unique('race');
      await meter.add(increment(tenantId, 'agt_a', 1, [range(1, 1)]));
      const outcomes = await Promise.all([
        meter.add(increment(tenantId, 'agt_a', 10, [range(1, 2, 11)])),
        meter.add(increment(tenantId, 'agt_a', 10, [range(1, 2, 11)])),
      ]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect((await totalsOf(tenantId)).totals.decisions).toBe(11);
    });

    it("keeps each shard's position apart, and each agent's day apart", async () => {
      const tenantId = unique('shards');
      expect(await meter.add(increment(tenantId, 'agt_a', 2, [range(0, 70)]))).toBe(true);
      // Sequences of different shards are not comparable: a lower one on another shard is new.
      expect(await meter.add(increment(tenantId, 'agt_a', 4, [range(1, 3)]))).toBe(true);
      expect(await meter.add(increment(tenantId, 'agt_b', 1, [range(0, 3)]))).toBe(true);
      expect(await meter.add(increment(tenantId, 'agt_a', 1, [range(0, 3)], { day: '2026-11-25' }))).toBe(true);
      expect((await totalsOf(tenantId)).byAgent).toEqual([
        { agentId: 'agt_a', decisions: 7, allowed: 6, denied: 1, approvalsRequired: 0, batchRequests: 3 },
        { agentId: 'agt_b', decisions: 1, allowed: 1, denied: 0, approvalsRequired: 0, batchRequests: 1 },
      ]);
    });

    it("keeps an agent's latest team, role and environment on its day", async () => {
      const tenantId = unique('moved');
      await meter.add(increment(tenantId, 'agt_a', 2, [range(0, 1)]));
      await meter.add(increment(tenantId, 'agt_a', 1, [range(0, 2)], { team: 'research' }));
      expect(await usage.listUsage(tenantId, month)).toEqual([
        {
          day: DAY,
          agentId: 'agt_a',
          team: 'research',
          role: 'bot',
          environment: 'prod',
          decisions: 3,
          allowed: 3,
          denied: 0,
          approvalsRequired: 0,
          batchRequests: 2,
        },
      ]);
    });

    it('reads a month of one tenant only: other months and other tenants are apart', async () => {
      const [tenantId, other] = [unique('months'), unique('months')];
      await meter.add(increment(tenantId, 'agt_a', 2, [range(0, 1)]));
      await meter.add(increment(tenantId, 'agt_a', 7, [range(0, 1)], { day: '2026-12-01' }));
      await meter.add(increment(other, 'agt_z', 9, [range(0, 1)]));
      expect((await totalsOf(tenantId)).totals.decisions).toBe(2);
      expect((await totalsOf(tenantId, '2026-12')).byDay).toEqual([
        { day: '2026-12-01', decisions: 7, allowed: 5, denied: 2, approvalsRequired: 0, batchRequests: 1 },
      ]);
      expect((await totalsOf(other)).byAgent.map((agent) => agent.agentId)).toEqual(['agt_z']);
      expect(await usage.listUsage(unique('nobody'), month)).toEqual([]);
    });
  });
}
