import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  cloudMetricsOf,
  MAX_COUNTERS_PER_APPLY,
  metricIncrementsOf,
  metricRunsOf,
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

  it('adds every decision to nine counters: minute, hour and day of its tenant, team and agent', () => {
    const increments = metricIncrementsOf([decision(0, 'agt_a'), decision(1, 'agt_a'), decision(2, 'agt_b')]);
    expect(increments).toHaveLength(12);
    const tenantMinute = increments.find((increment) => increment.granularity === 'minute' && increment.dimension === 'tenant');
    expect(tenantMinute).toMatchObject({ bucket: '2026-11-24T10:05', decisions: 3, allowed: 2, denied: 1, approvalsRequired: 0 });
    expect(increments.find((increment) => increment.granularity === 'day' && increment.dimension === 'agent#agt_a')?.decisions).toBe(2);
  });

  it('splits a partition into runs that each touch at most what one transaction holds, keeping stream order', () => {
    const records = Array.from({ length: 100 }, (_, i) => decision(i));
    const runs = metricRunsOf(records);
    expect(runs.length).toBeGreaterThan(1);
    expect(runs.flat()).toEqual(records);
    for (const run of runs) expect(metricIncrementsOf(run).length).toBeLessThanOrEqual(MAX_COUNTERS_PER_APPLY);
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
