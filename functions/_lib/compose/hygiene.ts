/**
 * Hygiene: the daily sweep of every tenant's agents (shared/hygiene/hygiene-sweep.ts).
 */
import { createHygieneSweep } from '../../../shared/hygiene/hygiene-sweep';
import { approvals } from './approvals';
import { clock, ids } from './kernel';
import { onceAsync } from './once';
import { opsStore } from './ops';
import { tenancyStore } from './tenancy-store';

/** The sweep, its cursor among the platform's operational notes; it times out approvals whose workflow died and removes expired grants. */
export const hygieneSweep = onceAsync(async () => {
  const approvalCases = await approvals();
  return createHygieneSweep({
    tenancy: tenancyStore(),
    staleApprovals: (tenantId) => approvalCases.timeOutStale(tenantId),
    expiredGrants: (tenantId) => approvalCases.removeExpiredGrants(tenantId, { type: 'system', name: 'hygiene' }),
    cursors: opsStore(),
    clock: clock(),
    ids: ids(),
  });
});
