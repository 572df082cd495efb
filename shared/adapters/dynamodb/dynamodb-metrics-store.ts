/**
 * The metrics rollup's storage: one item per tenant and bucket in the control table
 * (`<t>#METRICS#<granularity>#<bucket>`, sort key `counters`) holding every dimension's counters
 * as attributes named `<dimension>|<counter>` — `d` decisions, `x` denied, `r` approvals required
 * (allowed is what is left), `l0`…`l16` the latency histogram, on agents `team` and, in minutes,
 * `actions` (a string set), on the tenant and teams of hours and days `deny:<action key>` — and,
 * per audit shard, `s<shard>`: the last stream sequence added. One conditional UpdateItem adds a
 * run and moves its shards' sequences: no transaction, no checkpoint item (see
 * docs/decisions/metrics.md). Buckets expire with their granularity (minutes after 2 days, hours
 * after 35, days after 400).
 *
 * An item holds at most 400 KB: about a thousand agents in one bucket. Past that, a write keeps
 * the tenant's and teams' counters and leaves the agents' out (they stay in the totals).
 */
import { UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { emptyLatency } from '../../metrics/latency-histogram';
import {
  type BucketIncrement,
  compareBuckets,
  dimensionMatches,
  type DimensionIncrement,
  GRANULARITIES,
  type Granularity,
  MAX_BUCKETS_PER_READ,
  type MetricBucket,
  type MetricsRollupStore,
  type MetricsStore,
} from '../../metrics/metric-rollup';
import { batchGet } from './batch-get';
import { controlKeys } from './keys';
import { translateErrors } from './sdk-errors';
import { isConditionFailed, positionTerms, readPositions } from './stream-positions';
import type { TenantClients } from './tenant-clients';

/** The attribute of a dimension's counter. */
const counterName = (dimension: string, counter: string) => `${dimension}|${counter}`;

/** True when DynamoDB refused a write because the item would pass 400 KB. */
function isItemTooLarge(error: unknown): boolean {
  const e = error as { name?: string; message?: string };
  return e?.name === 'ValidationException' && /item size/i.test(e.message ?? '');
}

/** Builds an update expression with numbered placeholders. */
function expressionBuilder() {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  let next = 0;
  return {
    names,
    values,
    /** Placeholders for an attribute name and a value. */
    bind(name: string, value?: unknown): { name: string; value: string } {
      const index = next++;
      names[`#n${index}`] = name;
      if (value !== undefined) values[`:v${index}`] = value;
      return { name: `#n${index}`, value: `:v${index}` };
    },
  };
}

/** The ADD terms of a dimension's counters, and the SET term of an agent's team. */
function dimensionTerms(bind: ReturnType<typeof expressionBuilder>['bind'], increment: DimensionIncrement) {
  const adds: string[] = [];
  const sets: string[] = [];
  const add = (counter: string, value: unknown) => {
    const bound = bind(counterName(increment.dimension, counter), value);
    adds.push(`${bound.name} ${bound.value}`);
  };
  add('d', increment.decisions);
  if (increment.denied > 0) add('x', increment.denied);
  if (increment.approvalsRequired > 0) add('r', increment.approvalsRequired);
  increment.latency.forEach((count, bucket) => {
    if (count > 0) add(`l${bucket}`, count);
  });
  if (increment.actions !== undefined && increment.actions.length > 0) add('actions', new Set(increment.actions));
  for (const [key, count] of Object.entries(increment.deniedActions ?? {})) add(`deny:${key}`, count);
  if (increment.team !== undefined) {
    const bound = bind(counterName(increment.dimension, 'team'), increment.team);
    sets.push(`${bound.name} = ${bound.value}`);
  }
  return { adds, sets };
}

/**
 * The conditional update of one increment: its counters added, its shards' sequences moved, only
 * if each shard's sequence on the item is before the run's first. `withAgents: false` leaves the
 * agents' counters out (the item is full).
 */
function updateOf(table: string, increment: BucketIncrement, withAgents: boolean): UpdateCommandInput {
  const { names, values, bind } = expressionBuilder();
  const adds: string[] = [];
  const sets: string[] = [];
  for (const dimension of increment.dimensions) {
    if (!withAgents && dimension.team !== undefined) continue;
    const terms = dimensionTerms(bind, withAgents ? dimension : { ...dimension, deniedActions: {} });
    adds.push(...terms.adds);
    sets.push(...terms.sets);
  }
  const positions = positionTerms(increment.shards);
  sets.push(...positions.sets);
  const { granularity, bucket } = increment;
  const expiresAtEpoch = Math.floor(Date.parse(bucket.slice(0, 10)) / 1000) + GRANULARITIES[granularity].keepSeconds;
  for (const [attribute, value] of Object.entries({ itemType: 'metric', granularity, bucket, expiresAtEpoch })) {
    const bound = bind(attribute, value);
    sets.push(`${bound.name} = ${bound.value}`);
  }
  return {
    TableName: table,
    Key: controlKeys.metrics(increment.tenantId, granularity, bucket),
    UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
    ConditionExpression: positions.condition,
    ExpressionAttributeNames: { ...names, ...positions.names },
    ExpressionAttributeValues: { ...values, ...positions.values },
  };
}

export function createDynamoDbMetricsRollupStore(clients: TenantClients, tables: { control: string }): MetricsRollupStore {
  async function tryUpdate(increment: BucketIncrement, withAgents: boolean): Promise<boolean> {
    try {
      await translateErrors(() =>
        clients.forTenant(increment.tenantId).send(new UpdateCommand(updateOf(tables.control, increment, withAgents))),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  return {
    async add(increment) {
      try {
        return await tryUpdate(increment, true);
      } catch (error) {
        if (!isItemTooLarge(error)) throw error;
        return tryUpdate(increment, false);
      }
    },
    sequences: (tenantId, granularity, bucket) =>
      readPositions(clients.forTenant(tenantId), tables.control, controlKeys.metrics(tenantId, granularity, bucket)),
  };
}

/** The dimensions of a stored bucket item, each with its counters. */
export function bucketsOfItem(item: Record<string, unknown>, bucket: string): MetricBucket[] {
  const byDimension = new Map<
    string,
    {
      decisions: number;
      denied: number;
      approvalsRequired: number;
      latency: number[];
      team?: string;
      actions?: string[];
      deniedActions?: Record<string, number>;
    }
  >();
  for (const [name, value] of Object.entries(item)) {
    const separator = name.indexOf('|');
    if (separator < 0) continue;
    const dimension = name.slice(0, separator);
    const counter = name.slice(separator + 1);
    const current = byDimension.get(dimension) ?? { decisions: 0, denied: 0, approvalsRequired: 0, latency: emptyLatency() };
    byDimension.set(dimension, current);
    if (counter === 'd') current.decisions = Number(value);
    else if (counter === 'x') current.denied = Number(value);
    else if (counter === 'r') current.approvalsRequired = Number(value);
    else if (counter === 'team' && typeof value === 'string') current.team = value;
    else if (counter === 'actions' && value instanceof Set) current.actions = [...(value as Set<string>)].sort();
    else if (counter.startsWith('deny:')) (current.deniedActions ??= {})[counter.slice('deny:'.length)] = Number(value);
    else if (/^l\d+$/.test(counter)) current.latency[Number(counter.slice(1))] = Number(value);
  }
  return [...byDimension.entries()].map(([dimension, counts]) => ({
    bucket,
    dimension,
    ...(counts.team === undefined ? {} : { team: counts.team }),
    decisions: counts.decisions,
    allowed: counts.decisions - counts.denied - counts.approvalsRequired,
    denied: counts.denied,
    approvalsRequired: counts.approvalsRequired,
    latency: counts.latency,
    ...(counts.actions === undefined ? {} : { actions: counts.actions }),
    ...(counts.deniedActions === undefined ? {} : { deniedActions: counts.deniedActions }),
  }));
}

export function createDynamoDbMetricsStore(clients: TenantClients, tables: { control: string }): MetricsStore {
  return {
    async listBuckets(tenantId, granularity: Granularity, buckets, dimension) {
      if (buckets.length > MAX_BUCKETS_PER_READ) throw new RangeError(`At most ${MAX_BUCKETS_PER_READ} buckets per read`);
      const keys = buckets.map((bucket) => controlKeys.metrics(tenantId, granularity, bucket));
      const byPk = new Map(keys.map((key, index) => [key.pk, buckets[index]!]));
      const found = await batchGet(clients.forTenant(tenantId), tables.control, keys, { what: 'metric buckets' });
      const items = found.map((item) => {
        const bucket = byPk.get(String(item.pk));
        return bucket === undefined ? [] : bucketsOfItem(item, bucket).filter((read) => dimensionMatches(read.dimension, dimension));
      });
      return items.flat().sort(compareBuckets);
    },
  };
}
