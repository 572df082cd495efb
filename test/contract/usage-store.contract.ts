/**
 * The usage meter's storage contract (UsageMeterStore, shared/usage/usage-meter.ts) with the
 * reader of what it stores (UsageStore, shared/usage/usage.ts), run against every implementation:
 * in memory (test/unit/contract) and on DynamoDB Local (test/integration/contract). Counters move
 * with their partition's checkpoint or not at all, so a redelivered batch is never counted twice;
 * readers sum whatever counters a month holds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditPartition } from '../../shared/audit/audit-shards';
import { summarizeUsage, type UsageStore } from '../../shared/usage/usage';
import type { UsageIncrement, UsageMeterStore } from '../../shared/usage/usage-meter';
import { DAY, unique } from './contract-fixtures';

export interface UsageContractSubject {
  readonly meter: UsageMeterStore;
  readonly usage: UsageStore;
}

/** An increment of `decisions` for one agent: a third denied, one batch request. */
const increment = (agentId: string, decisions: number, team = 'ops'): UsageIncrement => ({
  agentId,
  team,
  role: 'bot',
  environment: 'prod',
  decisions,
  allowed: decisions - Math.floor(decisions / 3),
  denied: Math.floor(decisions / 3),
  approvalsRequired: 0,
  batchRequests: 1,
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

    it('starts a partition without a checkpoint, and moves it with the counters it adds to', async () => {
      const partition: AuditPartition = { tenantId: unique('meter'), day: DAY, shard: 3 };
      expect(await meter.checkpoint(partition)).toBeUndefined();
      expect(await meter.apply(partition, undefined, '0000000010', [increment('agt_a', 6), increment('agt_b', 3, 'research')])).toBe(true);
      expect(await meter.checkpoint(partition)).toBe('0000000010');
      expect(await meter.apply(partition, '0000000010', '0000000020', [increment('agt_a', 3)])).toBe(true);

      const report = await totalsOf(partition.tenantId);
      expect(report.totals).toEqual({ decisions: 12, allowed: 8, denied: 4, approvalsRequired: 0, batchRequests: 3, activeAgents: 2 });
      expect(report.byAgent).toEqual([
        { agentId: 'agt_a', decisions: 9, allowed: 6, denied: 3, approvalsRequired: 0, batchRequests: 2 },
        { agentId: 'agt_b', decisions: 3, allowed: 2, denied: 1, approvalsRequired: 0, batchRequests: 1 },
      ]);
      expect(report.byDay.map((day) => day.day)).toEqual([DAY]);
      expect(report.byTeam.map((team) => team.team)).toEqual(['ops', 'research']);
    });

    it('adds nothing when the checkpoint is no longer the one expected (a redelivered batch)', async () => {
      const partition: AuditPartition = { tenantId: unique('redelivered'), day: DAY, shard: 0 };
      expect(await meter.apply(partition, undefined, '0000000005', [increment('agt_a', 5)])).toBe(true);
      expect(await meter.apply(partition, undefined, '0000000005', [increment('agt_a', 5)])).toBe(false);
      expect(await meter.apply(partition, '0000000004', '0000000009', [increment('agt_a', 4)])).toBe(false);
      expect(await meter.checkpoint(partition)).toBe('0000000005');
      expect((await totalsOf(partition.tenantId)).totals.decisions).toBe(5);
    });

    it('lets exactly one of two meters racing from the same checkpoint count', async () => {
      const partition: AuditPartition = { tenantId: unique('race'), day: DAY, shard: 1 };
      await meter.apply(partition, undefined, '0000000001', [increment('agt_a', 1)]);
      const outcomes = await Promise.all([
        meter.apply(partition, '0000000001', '0000000002', [increment('agt_a', 10)]),
        meter.apply(partition, '0000000001', '0000000002', [increment('agt_a', 10)]),
      ]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect((await totalsOf(partition.tenantId)).totals.decisions).toBe(11);
    });

    it("keeps each shard's checkpoint apart, and sums the shards' counters", async () => {
      const tenantId = unique('shards');
      await meter.apply({ tenantId, day: DAY, shard: 0 }, undefined, '0000000007', [increment('agt_a', 2)]);
      expect(await meter.checkpoint({ tenantId, day: DAY, shard: 1 })).toBeUndefined();
      await meter.apply({ tenantId, day: DAY, shard: 1 }, undefined, '0000000003', [increment('agt_a', 4)]);
      expect((await totalsOf(tenantId)).byAgent).toEqual([
        { agentId: 'agt_a', decisions: 6, allowed: 5, denied: 1, approvalsRequired: 0, batchRequests: 2 },
      ]);
    });

    it('reads a month of one tenant only: other months and other tenants are apart', async () => {
      const [tenantId, other] = [unique('months'), unique('months')];
      await meter.apply({ tenantId, day: DAY, shard: 0 }, undefined, '1', [increment('agt_a', 2)]);
      await meter.apply({ tenantId, day: '2026-12-01', shard: 0 }, undefined, '1', [increment('agt_a', 7)]);
      await meter.apply({ tenantId: other, day: DAY, shard: 0 }, undefined, '1', [increment('agt_z', 9)]);
      expect((await totalsOf(tenantId)).totals.decisions).toBe(2);
      expect((await totalsOf(tenantId, '2026-12')).byDay).toEqual([
        { day: '2026-12-01', decisions: 7, allowed: 5, denied: 2, approvalsRequired: 0, batchRequests: 1 },
      ]);
      expect((await totalsOf(other)).byAgent.map((agent) => agent.agentId)).toEqual(['agt_z']);
      expect(await usage.listUsage(unique('nobody'), month)).toEqual([]);
    });
  });
}
