/**
 * BillingFacts in memory, read from the in-memory ports as the DynamoDB facts
 * (shared/adapters/dynamodb/dynamodb-billing-facts.ts) read from theirs: every tenant, usage
 * counters summed per agent and day, approvals decided (approved or rejected) in the month per
 * agent and day, and the month's decision records in the audit log.
 */
import type { ApprovalStore } from '../../../shared/approvals/approval-store';
import type { BillingFacts } from '../../../shared/billing/billing-ports';
import type { ApprovalRow, UsageRow } from '../../../shared/billing/charges';
import { readAll } from '../../../shared/kernel/paginate';
import type { TenancyStore } from '../../../shared/tenancy/tenancy-store';
import type { UsageStore } from '../../../shared/usage/usage';
import type { InMemoryTables } from './in-memory-tables';

export function createInMemoryBillingFacts(deps: {
  tables: InMemoryTables;
  tenancy: Pick<TenancyStore, 'listTenants' | 'getTenant'>;
  usage: UsageStore;
  approvals: Pick<ApprovalStore, 'listApprovals'>;
}): BillingFacts {
  return {
    listTenants: () =>
      readAll(
        (page) => deps.tenancy.listTenants(page),
        (tenant) => tenant.id,
        500,
      ),

    getTenant: (tenantId) => deps.tenancy.getTenant(tenantId, { consistent: true }),

    async usage(tenantId, period) {
      const rows = new Map<string, UsageRow>();
      for (const counter of await deps.usage.listUsage(tenantId, period)) {
        const key = `${counter.day}#${counter.agentId}`;
        rows.set(key, {
          day: counter.day,
          agentId: counter.agentId,
          team: counter.team,
          environment: counter.environment,
          decisions: (rows.get(key)?.decisions ?? 0) + counter.decisions,
        });
      }
      return [...rows.values()];
    },

    async approvals(tenantId, period) {
      const decidedWith = (status: 'approved' | 'rejected') =>
        readAll(
          (page) => deps.approvals.listApprovals(tenantId, status, page),
          (approval) => approval.id,
        );
      const rows = new Map<string, ApprovalRow>();
      for (const approval of [...(await decidedWith('approved')), ...(await decidedWith('rejected'))]) {
        if (!approval.decidedAt?.startsWith(period)) continue;
        const day = approval.decidedAt.slice(0, 10);
        const key = `${day}#${approval.agent.id}`;
        rows.set(key, {
          day,
          agentId: approval.agent.id,
          team: approval.agent.team,
          environment: approval.agent.environment,
          approvals: (rows.get(key)?.approvals ?? 0) + 1,
        });
      }
      return [...rows.values()];
    },

    async auditedDecisions(tenantId, period) {
      return [...deps.tables.audit.values()].filter(
        (entry) => entry.tenantId === tenantId && entry.record.kind === 'decision' && entry.record.at.startsWith(period),
      ).length;
    },
  };
}
