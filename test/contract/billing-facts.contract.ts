/**
 * The BillingFacts contract (shared/billing/billing-ports.ts), run against every implementation:
 * in memory (test/unit/contract) and on DynamoDB Local (test/integration/contract). Facts are read
 * from what the other ports wrote: tenants, the usage meter's counters, the audit log.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { BillingFacts } from '../../shared/billing/billing-ports';
import type { DecisionRecord } from '../../shared/decisions/decision-record';
import type { DecisionStore } from '../../shared/decisions/decision-store';
import type { TenancyStore } from '../../shared/tenancy/tenancy-store';
import type { UsageIncrement, UsageMeterStore } from '../../shared/usage/usage-meter';
import { aTenant } from '../support/tenancy-fixtures';
import { changeOf, DAY, unique } from './contract-fixtures';

export interface BillingFactsContractSubject {
  readonly facts: BillingFacts;
  /** Where tenants (and their onboarding change records) are written. */
  readonly tenancy: TenancyStore;
  /** Where the usage counters come from. */
  readonly meter: UsageMeterStore;
  /** Where decision records are written. */
  readonly decisions: DecisionStore;
}

const increment = (
  tenantId: string,
  day: string,
  shard: number,
  agentId: string,
  decisions: number,
  environment = 'prod',
): UsageIncrement => ({
  tenantId,
  day,
  agentId,
  team: 'ops',
  role: 'bot',
  environment,
  decisions,
  allowed: decisions,
  denied: 0,
  approvalsRequired: 0,
  batchRequests: 0,
  shards: [{ shard, first: '1', last: '1' }],
  records: decisions,
});

let sequence = 0;
const decisionAt = (tenantId: string, at: string): DecisionRecord => ({
  kind: 'decision',
  id: `dec_${String(++sequence).padStart(6, '0')}${Math.random().toString(36).slice(2, 10)}`,
  tenantId,
  at,
  agent: { id: 'agt_a', name: 'a', team: 'ops', role: 'bot', environment: 'prod', labels: {} },
  request: { action: 'tickets:read' },
  effect: 'allow',
  reason: 'rule_matched',
  versions: [],
  policyEpoch: 1,
  warnings: [],
  latencyMs: 1,
  expiresAtEpoch: 4_000_000_000,
});

const month = DAY.slice(0, 7);

export function describeBillingFactsContract(name: string, makeSubject: () => Promise<BillingFactsContractSubject>) {
  describe(`BillingFacts contract: ${name}`, () => {
    let subject: BillingFactsContractSubject;

    beforeAll(async () => {
      subject = await makeSubject();
    });

    it('lists every tenant and reads one; an unknown tenant is undefined', async () => {
      const ids = [unique('billed'), unique('billed')];
      for (const id of ids) await subject.tenancy.createTenant(aTenant(id), changeOf(id, 'tenant.onboarded'));
      expect((await subject.facts.listTenants()).map((tenant) => tenant.id)).toEqual(expect.arrayContaining(ids));
      expect(await subject.facts.getTenant(ids[0]!)).toMatchObject({ id: ids[0], tier: 'business' });
      expect(await subject.facts.getTenant(unique('unknown'))).toBeUndefined();
    });

    it("sums a month's counters per agent and day, every shard of the day together", async () => {
      const tenantId = unique('usage');
      await subject.meter.add(increment(tenantId, DAY, 0, 'agt_a', 3));
      await subject.meter.add(increment(tenantId, DAY, 0, 'agt_b', 1, 'dev'));
      await subject.meter.add(increment(tenantId, DAY, 5, 'agt_a', 4));
      await subject.meter.add(increment(tenantId, '2026-11-25', 0, 'agt_a', 2));
      await subject.meter.add(increment(tenantId, '2026-12-01', 0, 'agt_a', 50));

      const rows = await subject.facts.usage(tenantId, month);
      const byKey = (row: { day: string; agentId: string }) => `${row.day}#${row.agentId}`;
      expect([...rows].sort((a, b) => byKey(a).localeCompare(byKey(b)))).toEqual([
        { day: DAY, agentId: 'agt_a', team: 'ops', environment: 'prod', decisions: 7 },
        { day: DAY, agentId: 'agt_b', team: 'ops', environment: 'dev', decisions: 1 },
        { day: '2026-11-25', agentId: 'agt_a', team: 'ops', environment: 'prod', decisions: 2 },
      ]);
      expect(await subject.facts.usage(unique('idle'), month)).toEqual([]);
    });

    it("counts the month's decision records in the audit log: not change records, other months or other tenants", async () => {
      const tenantId = unique('audited');
      await subject.tenancy.createTenant(aTenant(tenantId), changeOf(tenantId, 'tenant.onboarded'));
      const inMonth = ['2026-11-01T00:00:00.000Z', `${DAY}T10:00:00.000Z`, `${DAY}T10:00:01.000Z`, '2026-11-30T23:59:59.999Z'];
      await subject.decisions.record(inMonth.map((at) => decisionAt(tenantId, at)));
      await subject.decisions.record([
        decisionAt(tenantId, '2026-12-01T00:00:00.000Z'),
        decisionAt(unique('elsewhere'), `${DAY}T10:00:00.000Z`),
      ]);
      expect(await subject.facts.auditedDecisions(tenantId, month)).toBe(4);
      expect(await subject.facts.auditedDecisions(tenantId, '2026-12')).toBe(1);
    });

    it('finds no approvals in a month where none was decided', async () => {
      expect(await subject.facts.approvals(unique('calm'), month)).toEqual([]);
    });
  });
}
