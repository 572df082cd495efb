/**
 * Billing's own items in the control table, outside any tenant (`~platform#...` partitions):
 * price plans by tier (optimistic versions) and closed periods (written once).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BillingStore, ClosedPeriod } from '../../billing/billing-ports';
import type { PricePlan } from '../../billing/price-plan';
import { ConflictError } from '../../kernel/errors';
import { recordOf } from './item-mapping';
import { controlKeys } from './keys';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';

export function createDynamoDbBillingStore(clients: TenantClients, tables: { control: string }): BillingStore {
  const client = clients.platform;
  const get = async <T>(key: { pk: string; sk: string }) => {
    const result = await translateErrors(() => client.send(new GetCommand({ TableName: tables.control, Key: key, ConsistentRead: true })));
    return result.Item ? recordOf<T>(result.Item) : undefined;
  };

  return {
    getPricePlan: (tier) => get<PricePlan>(controlKeys.pricePlan(tier)),

    async putPricePlan(plan, expectedVersion) {
      await translateErrors(
        () =>
          client.send(
            new PutCommand({
              TableName: tables.control,
              Item: { ...controlKeys.pricePlan(plan.tier), itemType: 'price-plan', ...plan },
              ...(expectedVersion === undefined
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
            }),
          ),
        () => new ConflictError(`The ${plan.tier} price plan was changed by someone else; try again`, 'version_conflict'),
      );
    },

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
