/**
 * BillingStore in memory, with the DynamoDB adapter's observable behaviour
 * (shared/adapters/dynamodb/dynamodb-billing-store.ts): a price plan replaced only from the
 * version read (ConflictError `version_conflict`), every version kept and listed newest first
 * (paged after a version number), a period closed once (ConflictError `period_closed`).
 */
import type { BillingStore, ClosedPeriod } from '../../../shared/billing/billing-ports';
import type { PricePlan } from '../../../shared/billing/price-plan';
import { ConflictError } from '../../../shared/kernel/errors';
import { pageOf, readBack, stored, transact } from './in-memory-tables';

const position = (version: number) => String(version).padStart(10, '0');

export function createInMemoryBillingStore(): BillingStore {
  const plans = new Map<string, PricePlan>();
  const history = new Map<string, PricePlan>();
  const closed = new Map<string, ClosedPeriod>();

  return {
    async getPricePlan(tier) {
      const plan = plans.get(tier);
      return plan && readBack(plan);
    },

    async putPricePlan(plan, expectedVersion) {
      const current = plans.get(plan.tier);
      const versionKey = `${plan.tier}#${position(plan.version)}`;
      transact(
        [expectedVersion === undefined ? current === undefined : current?.version === expectedVersion, !history.has(versionKey)],
        () => new ConflictError(`The ${plan.tier} price plan was changed by someone else; try again`, 'version_conflict'),
        [() => plans.set(plan.tier, stored(plan)), () => history.set(versionKey, stored(plan))],
      );
    },

    async listPricePlanVersions(tier, page) {
      const versions = [...history.values()].filter((plan) => plan.tier === tier);
      return pageOf(
        versions,
        (plan) => position(plan.version),
        { limit: page.limit, ...(page.after === undefined ? {} : { after: position(Number(page.after)) }) },
        'descending',
      );
    },

    async getClosedPeriod(period) {
      const found = closed.get(period);
      return found && readBack(found);
    },

    async markClosed(period) {
      transact([!closed.has(period.period)], () => new ConflictError(`${period.period} is already closed`, 'period_closed'), [
        () => closed.set(period.period, stored(period)),
      ]);
    },
  };
}
