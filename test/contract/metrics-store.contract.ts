/**
 * The metrics rollup's storage contract (MetricsRollupStore and MetricsStore,
 * shared/metrics/metric-rollup.ts), run through the rollup itself against every implementation: in
 * memory (test/unit/contract) and on DynamoDB Local (test/integration/contract).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { auditShardOf } from '../../shared/audit/audit-shards';
import { actionKeyOf } from '../../shared/metrics/action-key';
import { latencyQuantile } from '../../shared/metrics/latency-histogram';
import {
  createMetricsRollup,
  type MetricsRollup,
  type MetricsRollupStore,
  type MetricsStore,
  type RolledDecision,
} from '../../shared/metrics/metric-rollup';
import { DAY, unique } from './contract-fixtures';

export interface MetricsContractSubject {
  readonly rollup: MetricsRollupStore;
  readonly metrics: MetricsStore;
}

let sequence = 0;

/** A decision of `agentId` (team `team`) at `at`, next in the stream. */
function decision(
  tenantId: string,
  at: string,
  agentId: string,
  options: Partial<Pick<RolledDecision, 'effect' | 'latencyMs'>> & { team?: string } = {},
): RolledDecision {
  sequence += 1;
  return {
    itemType: 'decision',
    id: `dec_${String(sequence).padStart(10, '0')}`,
    tenantId,
    at,
    agent: { id: agentId, team: options.team ?? 'ops' },
    effect: options.effect ?? 'allow',
    latencyMs: options.latencyMs ?? 4,
    request: { action: 'tool:invoke', tool: 'crm.read' },
    sequence: String(sequence),
  };
}

export function describeMetricsStoreContract(name: string, makeSubject: () => Promise<MetricsContractSubject>) {
  describe(`Metrics rollup stores contract: ${name}`, () => {
    let rollup: MetricsRollup;
    let metrics: MetricsStore;

    beforeAll(async () => {
      const subject = await makeSubject();
      rollup = createMetricsRollup({ store: subject.rollup });
      metrics = subject.metrics;
    });

    it('adds a decision to its minute, hour and day, for its tenant, team and agent', async () => {
      const tenantId = unique('metrics');
      await rollup.rollUp([
        decision(tenantId, `${DAY}T10:05:10.000Z`, 'agt_a', { latencyMs: 3 }),
        decision(tenantId, `${DAY}T10:05:50.000Z`, 'agt_b', { effect: 'deny', team: 'research', latencyMs: 40 }),
        decision(tenantId, `${DAY}T10:06:00.000Z`, 'agt_a', { effect: 'require_approval', latencyMs: 800 }),
      ]);

      const minutes = await metrics.listBuckets(tenantId, 'minute', [`${DAY}T10:05`, `${DAY}T10:06`, `${DAY}T10:07`], 'tenant');
      expect(minutes.map(({ bucket, decisions, denied }) => ({ bucket, decisions, denied }))).toEqual([
        { bucket: `${DAY}T10:05`, decisions: 2, denied: 1 },
        { bucket: `${DAY}T10:06`, decisions: 1, denied: 0 },
      ]);
      const [hour] = await metrics.listBuckets(tenantId, 'hour', [`${DAY}T10`], 'tenant');
      expect(hour).toMatchObject({ dimension: 'tenant', decisions: 3, allowed: 1, denied: 1, approvalsRequired: 1 });
      expect(latencyQuantile(hour!.latency, 0.5)).toBe(50);
      expect(latencyQuantile(hour!.latency, 0.99)).toBe(1000);

      expect(await metrics.listBuckets(tenantId, 'day', [DAY], 'team#')).toMatchObject([
        { dimension: 'team#ops', decisions: 2, approvalsRequired: 1 },
        { dimension: 'team#research', decisions: 1, denied: 1 },
      ]);
      expect(await metrics.listBuckets(tenantId, 'day', [DAY], 'agent#agt_a')).toMatchObject([
        { dimension: 'agent#agt_a', team: 'ops', decisions: 2 },
      ]);
      expect((await metrics.listBuckets(tenantId, 'day', [DAY], 'tenant'))[0]?.team).toBeUndefined();
    });

    it('counts a redelivered batch once', async () => {
      const tenantId = unique('redelivered');
      const batch = Array.from({ length: 20 }, (_, i) =>
        decision(tenantId, `${DAY}T11:00:${String(i).padStart(2, '0')}.000Z`, `agt_${i % 3}`),
      );
      expect(await rollup.rollUp(batch)).toBe(20);
      expect(await rollup.rollUp(batch)).toBe(0);
      expect(await rollup.rollUp([...batch.slice(10), decision(tenantId, `${DAY}T11:00:30.000Z`, 'agt_0')])).toBe(1);
      const [hour] = await metrics.listBuckets(tenantId, 'hour', [`${DAY}T11`], 'tenant');
      expect(hour?.decisions).toBe(21);
    });

    it('keeps every counter of a partition whose records touch more counters than one write holds', async () => {
      const tenantId = unique('wide');
      const batch = Array.from({ length: 400 }, (_, i) =>
        decision(tenantId, `${DAY}T12:00:00.000Z`, `agt_${i}`, { team: `team-${i % 5}` }),
      );
      expect(await rollup.rollUp(batch)).toBe(400);
      const agents = await metrics.listBuckets(tenantId, 'day', [DAY], 'agent#');
      expect(agents).toHaveLength(400);
      expect(agents.every((bucket) => bucket.decisions === 1)).toBe(true);
      expect((await metrics.listBuckets(tenantId, 'day', [DAY], 'team#')).map((team) => team.decisions)).toEqual([80, 80, 80, 80, 80]);
    });

    it('reads one team exactly: a team whose name begins the same is apart', async () => {
      const tenantId = unique('teams');
      await rollup.rollUp([
        decision(tenantId, `${DAY}T13:00:00.000Z`, 'agt_a', { team: 'ops' }),
        decision(tenantId, `${DAY}T13:00:01.000Z`, 'agt_b', { team: 'ops2' }),
      ]);
      expect(await metrics.listBuckets(tenantId, 'hour', [`${DAY}T13`], 'team#ops')).toMatchObject([
        { dimension: 'team#ops', decisions: 1 },
      ]);
    });

    it("names an agent's actions in its minutes and the denied actions in the tenant's and teams' hours and days", async () => {
      const tenantId = unique('actions');
      const refund = { action: 'payments:refund' };
      await rollup.rollUp([
        { ...decision(tenantId, `${DAY}T15:00:01.000Z`, 'agt_a', { effect: 'deny' }), request: refund },
        { ...decision(tenantId, `${DAY}T15:00:02.000Z`, 'agt_a', { effect: 'deny' }), request: refund },
        decision(tenantId, `${DAY}T15:00:03.000Z`, 'agt_a'),
      ]);
      await rollup.rollUp([
        { ...decision(tenantId, `${DAY}T15:00:04.000Z`, 'agt_b', { effect: 'deny', team: 'research' }), request: refund },
      ]);
      const [minute] = await metrics.listBuckets(tenantId, 'minute', [`${DAY}T15:00`], 'agent#agt_a');
      expect(minute?.actions).toEqual([actionKeyOf(refund), actionKeyOf({ action: 'tool:invoke', tool: 'crm.read' })].sort());
      const [hour] = await metrics.listBuckets(tenantId, 'hour', [`${DAY}T15`], 'tenant');
      expect(hour?.deniedActions).toEqual({ [actionKeyOf(refund)]: 3 });
      expect((await metrics.listBuckets(tenantId, 'day', [DAY], 'team#research'))[0]?.deniedActions).toEqual({ [actionKeyOf(refund)]: 1 });
      expect((await metrics.listBuckets(tenantId, 'minute', [`${DAY}T15:00`], 'tenant'))[0]?.deniedActions).toBeUndefined();
    });

    it('counts a batch whose shards were partly added before (a retry after a failure) once', async () => {
      const tenantId = unique('partly');
      const batch = Array.from({ length: 16 }, (_, i) => decision(tenantId, `${DAY}T16:00:${String(i).padStart(2, '0')}.000Z`, 'agt_a'));
      const firstShard = auditShardOf(batch[0]!.id);
      await rollup.rollUp(batch.filter((record) => auditShardOf(record.id) === firstShard));
      expect(await rollup.rollUp(batch)).toBe(batch.filter((record) => auditShardOf(record.id) !== firstShard).length);
      const [minute] = await metrics.listBuckets(tenantId, 'minute', [`${DAY}T16:00`], 'tenant');
      expect(minute?.decisions).toBe(16);
    });

    it("keeps the tenant's and teams' totals of a bucket with more agents than one item holds", async () => {
      const tenantId = unique('crowded');
      const batch = Array.from({ length: 1200 }, (_, i) =>
        decision(tenantId, `${DAY}T17:00:00.000Z`, `agt_${'x'.repeat(300)}${i}`, { team: `team-${i % 2}` }),
      );
      expect(await rollup.rollUp(batch)).toBe(1200);
      const [minute] = await metrics.listBuckets(tenantId, 'minute', [`${DAY}T17:00`], 'tenant');
      expect(minute?.decisions).toBe(1200);
      expect((await metrics.listBuckets(tenantId, 'day', [DAY], 'team#')).map((team) => team.decisions)).toEqual([600, 600]);
    });

    it("never shows one tenant's counters to another", async () => {
      const [owner, other] = [unique('owner'), unique('other')];
      await rollup.rollUp([decision(owner, `${DAY}T14:00:00.000Z`, 'agt_a')]);
      expect(await metrics.listBuckets(other, 'hour', [`${DAY}T14`], 'tenant')).toEqual([]);
      expect(await metrics.listBuckets(other, 'day', [DAY], 'agent#')).toEqual([]);
    });
  });
}
