/**
 * The facts billing reads, from the tables that hold them: tenants, usage counters (summed
 * per agent and day), decided approvals, and a count of the month's decision records in the audit
 * log (one COUNT query per day partition).
 */
import type { ApprovalStore } from '../../approvals/approval-store';
import { shardsOfDay } from '../../audit/audit-shards';
import type { BillingFacts } from '../../billing/billing-ports';
import type { ApprovalRow, UsageRow } from '../../billing/charges';
import { readAll } from '../../kernel/paginate';
import type { TenancyStore } from '../../tenancy/tenancy-store';
import type { UsageStore } from '../../usage/usage';
import { auditKeys } from './keys';
import { countMatches } from './query-pages';
import type { TenantClients } from './tenant-clients';

/** The days of a month, `YYYY-MM-DD`. */
function daysOf(period: string): string[] {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${period}-${String(i + 1).padStart(2, '0')}`);
}

export function createDynamoDbBillingFacts(deps: {
  clients: TenantClients;
  tables: { audit: string };
  tenancy: Pick<TenancyStore, 'listTenants' | 'getTenant'>;
  usage: UsageStore;
  approvals: Pick<ApprovalStore, 'listApprovals'>;
}): BillingFacts {
  const { clients, tables } = deps;

  /** The decision records of a tenant's day: every shard of it counted, in parallel. */
  const countDecisions = async (tenantId: string, day: string) => {
    const counts = await Promise.all(
      shardsOfDay(tenantId, day).map((partition) =>
        countMatches(clients.forTenant(tenantId), {
          TableName: tables.audit,
          KeyConditionExpression: 'pk = :p',
          FilterExpression: 'itemType = :decision',
          ExpressionAttributeValues: { ':p': auditKeys.partition(partition), ':decision': 'decision' },
          ConsistentRead: true,
        }),
      ),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  };

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
        const row = rows.get(key);
        rows.set(key, {
          day: counter.day,
          agentId: counter.agentId,
          team: counter.team,
          environment: counter.environment,
          decisions: (row?.decisions ?? 0) + counter.decisions,
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
      const decided = [...(await decidedWith('approved')), ...(await decidedWith('rejected'))];
      const rows = new Map<string, ApprovalRow>();
      for (const approval of decided) {
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
      const counts = await Promise.all(daysOf(period).map((day) => countDecisions(tenantId, day)));
      return counts.reduce((sum, count) => sum + count, 0);
    },
  };
}
