/**
 * Decisions: the policy source (compiled policies per tenant and epoch, grants), quota leases and
 * the decision service, built on the tenancy, policy, audit and approval parts.
 */
import { createDynamoDbQuotaStore } from '../../../shared/adapters/dynamodb/dynamodb-quota-store';
import { isoAt } from '../../../shared/kernel/clock';
import { createDecisionService } from '../../../shared/decisions/decision-service';
import { createPolicySource } from '../../../shared/decisions/policy-source';
import { quotaExceededChange } from '../../../shared/quotas/quota';
import { createQuotaLeases } from '../../../shared/quotas/quota-leases';
import { DEFAULT_MONITORING_SETTINGS } from '../../../shared/monitoring/monitoring-settings';
import { createQuotaThresholds } from '../../../shared/monitoring/quota-thresholds';
import { monitoringStore } from './monitoring-store';
import { config } from '../config';
import { approvals, approvalStore } from './approvals';
import { decisionStore } from './audit';
import { tableClients, tables } from './dynamodb';
import { clock, ids } from './kernel';
import { once, onceAsync } from './once';
import { policyCompiler } from './policies';
import { policyStore } from './policy-store';
import { tenancyStore, tenantStates } from './tenancy-store';

const quotaLeases = once(() => {
  const quotaStore = createDynamoDbQuotaStore(tableClients(), tables());
  const thresholds = createQuotaThresholds({
    store: quotaStore,
    settings: async (tenantId) => (await monitoringStore().getSettings(tenantId)) ?? DEFAULT_MONITORING_SETTINGS,
    clock: clock(),
    ids: ids(),
  });
  return createQuotaLeases({
    store: quotaStore,
    clock: clock(),
    onLeased: (tenantId, quota, before, after) => thresholds.onLeased(tenantId, quota, before, after),
    onExceeded: async (tenantId, quota, used) => {
      await quotaStore.markExceeded(
        tenantId,
        quota,
        quotaExceededChange({ id: ids().next('aud'), at: isoAt(clock().nowMs()), tenantId, quota, used }),
      );
    },
  });
});

/** The decision service. */
export const decisionService = onceAsync(async () => {
  const settings = config();
  return createDecisionService({
    tenants: tenantStates(),
    source: createPolicySource({
      tenancy: tenancyStore(),
      policies: policyStore(),
      grants: approvalStore(),
      clock: clock(),
      stalenessMs: settings.cacheStalenessMs,
    }),
    compiler: policyCompiler(),
    store: decisionStore(),
    quotas: quotaLeases(),
    clock: clock(),
    ids: ids(),
    approvals: await approvals(),
  });
});

/** What the decision and access-request routes use. */
export const decisionServices = onceAsync(async () => ({
  tenantStates: tenantStates(),
  decisions: await decisionService(),
  approvals: await approvals(),
}));
