/**
 * In-memory implementations of Warden's ports, for fast unit tests of the use cases. Each one is
 * held to the same contract suite as its DynamoDB (or S3) implementation (test/contract/), so a
 * use case tested on these behaves the same on the real ones.
 *
 * `createInMemoryStores` wires them on one set of tables, as the adapters share DynamoDB tables:
 * a publish bumps the epoch `tenancy.getTenant` reads, an approval guards on the agent the
 * tenancy store saved, and every change record lands in the one audit log `audit` reads.
 */
import type { Clock } from '../../../shared/kernel/clock';
import { createInMemoryApprovalStore } from './in-memory-approval-store';
import { createInMemoryBillingFacts } from './in-memory-billing-facts';
import { createInMemoryBillingStore } from './in-memory-billing-store';
import { createInMemoryAuditReader, createInMemoryDecisionStore } from './in-memory-decision-store';
import { createInMemoryObjectStore } from './in-memory-object-store';
import { createInMemoryPolicyStore } from './in-memory-policy-store';
import { createInMemoryQuotaStore } from './in-memory-quota-store';
import { createInMemoryTables } from './in-memory-tables';
import { createInMemoryTenancyStore } from './in-memory-tenancy-store';
import { createInMemoryUsageMeterStore, createInMemoryUsageStore } from './in-memory-usage-store';

export { createInMemoryApprovalStore } from './in-memory-approval-store';
export { createInMemoryBillingFacts } from './in-memory-billing-facts';
export { createInMemoryBillingStore } from './in-memory-billing-store';
export { createInMemoryAuditReader, createInMemoryDecisionStore } from './in-memory-decision-store';
export { createInMemoryObjectStore, type InMemoryObjectStore } from './in-memory-object-store';
export { createInMemoryOrgTemplateStore } from './in-memory-org-template-store';
export { createInMemoryPolicyStore } from './in-memory-policy-store';
export { createInMemoryQuotaStore } from './in-memory-quota-store';
export { createInMemoryRemediationStore } from './in-memory-remediation-store';
export { createInMemoryTables, type InMemoryTables } from './in-memory-tables';
export { createInMemoryTenancyStore } from './in-memory-tenancy-store';
export { addUsage, createInMemoryUsageMeterStore, createInMemoryUsageStore } from './in-memory-usage-store';

/** Every in-memory store on one set of tables; `clock` times the object store's download links. */
export function createInMemoryStores(clock: Clock) {
  const tables = createInMemoryTables();
  const tenancy = createInMemoryTenancyStore(tables);
  const approvals = createInMemoryApprovalStore(tables);
  const usage = createInMemoryUsageStore(tables);
  return {
    tables,
    tenancy,
    policies: createInMemoryPolicyStore(tables),
    approvals,
    decisions: createInMemoryDecisionStore(tables),
    audit: createInMemoryAuditReader(tables),
    quotas: createInMemoryQuotaStore(tables),
    usage,
    usageMeter: createInMemoryUsageMeterStore(tables),
    billing: createInMemoryBillingStore(),
    billingFacts: createInMemoryBillingFacts({ tables, tenancy, usage, approvals }),
    objects: createInMemoryObjectStore(clock),
  };
}

export type InMemoryStores = ReturnType<typeof createInMemoryStores>;
