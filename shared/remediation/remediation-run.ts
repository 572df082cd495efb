/**
 * A remediation run: one playbook started by one event. It keeps a copy of the playbook's steps as
 * they were when it started, where each step stands, and what it changed (so a revert knows what
 * to undo). Its id is made from the triggering event's audit id and the playbook id: one run per
 * event and playbook however often the event arrives, and ids sort by when the event happened.
 */
import * as z from 'zod';
import { PageQuerySchema } from '../kernel/schemas';
import type { PlaybookMode, Step, StepType, TriggerEvent } from './playbook';

export type RunStatus = 'running' | 'waiting_for_approval' | 'succeeded' | 'failed' | 'cancelled' | 'throttled' | 'reverted';
export const RUN_STATUSES = [
  'running',
  'waiting_for_approval',
  'succeeded',
  'failed',
  'cancelled',
  'throttled',
  'reverted',
] as const satisfies readonly RunStatus[];
/** Statuses after which a run does nothing more (a reverted run was finished before). */
export const ENDED: ReadonlySet<RunStatus> = new Set(['succeeded', 'failed', 'cancelled', 'throttled', 'reverted']);

export type StepStatus = 'pending' | 'waiting' | 'done' | 'skipped' | 'failed';

/** Where one step of a run stands. */
export interface RunStep {
  readonly type: StepType;
  readonly status: StepStatus;
  readonly at?: string;
  readonly detail?: string;
  /** A `wait` step: when the wait ends. */
  readonly until?: string;
}

/** What a run changed, for its revert. */
export interface RunEffects {
  readonly suspended?: boolean;
  readonly quarantinedUntil?: string;
  readonly decommissioned?: boolean;
  readonly revokedGrants?: readonly string[];
  readonly expiredKeys?: readonly string[];
  readonly incidentId?: string;
}

export interface RemediationRun {
  readonly tenantId: string;
  readonly id: string;
  readonly playbookId: string;
  readonly playbookVersion: number;
  readonly trigger: { readonly event: TriggerEvent; readonly eventId: string; readonly summary: string; readonly keyId?: string };
  readonly status: RunStatus;
  readonly mode: PlaybookMode;
  readonly agentId?: string;
  readonly team?: string;
  readonly definition: readonly Step[];
  readonly steps: readonly RunStep[];
  readonly effects: RunEffects;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly endedAt?: string;
  /** Why it was throttled, failed or cancelled. */
  readonly note?: string;
  /** The workflow task waiting for a person (a `wait_for_approval` step). */
  readonly taskToken?: string;
  readonly version: number;
}

/** Runs of one agent a tenant's playbooks may start in an hour; more are recorded as `throttled`. */
export const MAX_RUNS_PER_AGENT_HOUR = 3;

/** `rem_<the event's audit id without its prefix>-<playbook id>`. */
export const runIdOf = (playbookId: string, auditId: string) => `rem_${auditId.replace(/^[a-z]+_/, '')}-${playbookId}`;

export const RunIdSchema = z.string().regex(/^rem_[0-9A-Z]{26}-[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, 'a remediation run id (rem_…)');

/** Query of `GET .../remediations`. */
export const RunQuerySchema = PageQuerySchema.extend({
  status: z.enum(RUN_STATUSES).optional(),
  agentId: z
    .string()
    .regex(/^agt_[0-9A-Z]{26}$/, 'an agent id (agt_…)')
    .optional(),
}).strict();
export type RunQuery = z.infer<typeof RunQuerySchema>;

/** A run as the API shows it: no task token, no stored copy of the playbook's steps. */
export function runView(run: RemediationRun) {
  const { tenantId: _tenant, taskToken: _token, definition, version: _version, ...view } = run;
  return { ...view, steps: run.steps.map((step, index) => ({ ...definition[index], ...step })) };
}
