import { describe, expect, it } from 'vitest';
import { auditKeys } from '../../../shared/adapters/dynamodb/keys';
import { AUDIT_SHARDS, auditShardOf, shardsOfDay } from '../../../shared/audit/audit-shards';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createAdjustableClock } from '../../../shared/kernel/clock';

describe('Audit shards', () => {
  it('spreads the records of one day evenly over the shards', () => {
    const ids = createIdGenerator(createAdjustableClock());
    const perShard = new Array<number>(AUDIT_SHARDS).fill(0);
    for (let i = 0; i < 8000; i++) perShard[auditShardOf(ids.next('dec'))]!++;
    for (const count of perShard) expect(count).toBeGreaterThan((8000 / AUDIT_SHARDS) * 0.8);
    for (const count of perShard) expect(count).toBeLessThan((8000 / AUDIT_SHARDS) * 1.2);
  });

  it('writes a record to one of the partitions a reader of its day reads', () => {
    const key = auditKeys.record('acme', '2026-11-24T10:00:00.000Z', 'dec_01ABC');
    expect(shardsOfDay('acme', '2026-11-24').map(auditKeys.partition)).toContain(key.pk);
    expect(auditKeys.record('acme', '2026-11-24T23:59:59.999Z', 'dec_01ABC').pk).toBe(key.pk);
  });
});
