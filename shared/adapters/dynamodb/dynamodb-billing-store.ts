/**
 * Billing's own items in the control table, outside any tenant (`~platform#...` partitions, which
 * every tenant may read and only the platform writes):
 * price plans by tier (optimistic versions), every version a plan has had (written with it, in
 * one transaction), and closed periods (written once).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BillingStore, ClosedPeriod } from '../../billing/billing-ports';
import type { PricePlan } from '../../billing/price-plan';
import { ConflictError } from '../../kernel/errors';
import { recordOf } from './item-mapping';
import { controlKeys } from './keys';
import { queryPage } from './query-pages';
import { translateErrors } from './sdk-errors';
import { transactWrite } from './transact-write';
import type { TenantClients } from './tenant-clients';

export function createDynamoDbBillingStore(clients: TenantClients, tables: { control: string }): BillingStore {
  // Writes only from the cross-tenant billing functions; reads through the shared read-only client.
  const client = clients.platform;
  const get = async <T>(key: { pk: string; sk: string }) => {
    const result = await translateErrors(() =>
      clients.shared.send(new GetCommand({ TableName: tables.control, Key: key, ConsistentRead: true })),
    );
    return result.Item ? recordOf<T>(result.Item) : undefined;
  };

  return {
    getPricePlan: (tier) => get<PricePlan>(controlKeys.pricePlan(tier)),

    async putPricePlan(plan, expectedVersion) {
      await transactWrite(
        client,
        [
          {
            Put: {
              TableName: tables.control,
              Item: { ...controlKeys.pricePlan(plan.tier), itemType: 'price-plan', ...plan },
              ...(expectedVersion === undefined
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
            },
          },
          {
            Put: {
              TableName: tables.control,
              Item: { ...controlKeys.pricePlanVersion(plan.tier, plan.version), itemType: 'price-plan-version', ...plan },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
        {
          streamedTables: new Set(),
          onConditionFailed: () =>
            new ConflictError(`The ${plan.tier} price plan was changed by someone else; try again`, 'version_conflict'),
        },
      );
    },

    listPricePlanVersions: (tier, page) =>
      queryPage<PricePlan>(
        clients.shared,
        tables.control,
        { name: 'pk', value: controlKeys.pricePlanHistory(tier) },
        { limit: page.limit, ...(page.after === undefined ? {} : { after: controlKeys.pricePlanVersion(tier, Number(page.after)).sk }) },
        'descending',
      ),

    getClosedPeriod: (period) => get<ClosedPeriod>(controlKeys.closedPeriod(period)),

    async markClosed(period) {
      await translateErrors(
        () =>
          client.send(
            new PutCommand({
              TableName: tables.control,
              Item: { ...controlKeys.closedPeriod(period.period), itemType: 'closed-period', ...period },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          ),
        () => new ConflictError(`${period.period} is already closed`, 'period_closed'),
      );
    },
  };
}
