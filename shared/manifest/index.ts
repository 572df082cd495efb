/**
 * The one manifest both platforms read: tables, functions, routes, event flows, workflows, buckets
 * and schedules.
 */
import {
  EVENT_BUS,
  EVENT_RULES,
  STREAM_CONSUMERS,
  STREAM_FLOWS,
  type EventRule,
  type StreamConsumer,
  type StreamFlow,
} from './event-flows';
import { FUNCTIONS, type FunctionSpec } from './functions';
import type { RouteSpec } from './route-spec';
import { ROUTES } from './routes';
import { TABLES, type TableDefinition } from './tables';
import { WORKFLOWS, type WorkflowSpec } from './workflows';
import { BUCKETS, type BucketSpec } from './buckets';
import { ratePeriodMs, SCHEDULES, type ScheduleSpec } from './schedules';

export * from './event-flows';
export * from './functions';
export * from './path-params';
export * from './route-spec';
export * from './routes';
export * from './tables';
export * from './workflows';
export * from './buckets';
export * from './schedules';

/** Everything both platforms build from: tables, functions, routes, stream flows and consumers, event rules. */
export interface Manifest {
  readonly tables: Readonly<Record<string, TableDefinition>>;
  readonly functions: readonly FunctionSpec[];
  readonly routes: readonly RouteSpec[];
  readonly streamFlows: readonly StreamFlow[];
  readonly streamConsumers: readonly StreamConsumer[];
  readonly eventRules: readonly EventRule[];
  readonly eventBus: typeof EVENT_BUS;
  readonly workflows: Readonly<Record<string, WorkflowSpec>>;
  readonly buckets: Readonly<Record<string, BucketSpec>>;
  readonly schedules: readonly ScheduleSpec[];
}

export const MANIFEST = {
  tables: TABLES,
  functions: FUNCTIONS,
  routes: Object.values(ROUTES),
  streamFlows: STREAM_FLOWS,
  streamConsumers: STREAM_CONSUMERS,
  eventRules: EVENT_RULES,
  eventBus: EVENT_BUS,
  workflows: WORKFLOWS,
  buckets: BUCKETS,
  schedules: SCHEDULES,
} as const satisfies Manifest;

/** Consistency problems in the manifest (unknown functions, duplicate routes, ...); empty when sound. */
export function manifestProblems(manifest: Manifest = MANIFEST): string[] {
  const problems: string[] = [];
  const functionIds = new Set(manifest.functions.map((fn) => fn.id));
  if (functionIds.size !== manifest.functions.length) problems.push('duplicate function ids');
  const routeKeys = new Set<string>();
  for (const route of manifest.routes) {
    const key = `${route.method} ${route.path}`;
    if (routeKeys.has(key)) problems.push(`duplicate route ${key}`);
    routeKeys.add(key);
    if (!functionIds.has(route.function)) problems.push(`route ${key} names unknown function ${route.function}`);
  }
  for (const rule of manifest.eventRules)
    if (!functionIds.has(rule.target)) problems.push(`rule ${rule.id} targets unknown function ${rule.target}`);
  for (const workflow of Object.values(manifest.workflows)) {
    for (const fnId of Object.values(workflow.functions))
      if (!functionIds.has(fnId)) problems.push(`workflow ${workflow.id} names unknown function ${fnId}`);
  }
  for (const fn of manifest.functions) {
    for (const id of Object.keys(fn.workflows ?? {}))
      if (!(id in manifest.workflows)) problems.push(`function ${fn.id} names unknown workflow ${id}`);
    for (const id of Object.keys(fn.buckets ?? {}))
      if (!(id in manifest.buckets)) problems.push(`function ${fn.id} names unknown bucket ${id}`);
  }
  for (const flow of manifest.streamFlows)
    if (!functionIds.has(flow.enrichment)) problems.push(`stream ${flow.id} names unknown function ${flow.enrichment}`);
  for (const consumer of manifest.streamConsumers)
    if (!functionIds.has(consumer.consumer)) problems.push(`stream consumer ${consumer.id} names unknown function ${consumer.consumer}`);
  const scheduleIds = new Set<string>();
  for (const schedule of manifest.schedules) {
    if (scheduleIds.has(schedule.id)) problems.push(`duplicate schedule ${schedule.id}`);
    scheduleIds.add(schedule.id);
    if (!functionIds.has(schedule.target)) problems.push(`schedule ${schedule.id} targets unknown function ${schedule.target}`);
    if (ratePeriodMs(schedule.rate) === undefined)
      problems.push(`schedule ${schedule.id} has an invalid rate ${schedule.rate} (rate(<n> minutes|hours|days))`);
  }
  return problems;
}
