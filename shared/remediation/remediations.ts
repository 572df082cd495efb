/**
 * Remediation runs: started by the events playbooks listen to, carried step by step by the run
 * state machine (shared/manifest/workflows/remediation.asl.json), and seen, approved, cancelled
 * and reverted by people through the API.
 *
 * - One run per (event, playbook): its id comes from the event's audit id, created with a
 *   conditional put, so a redelivered event starts nothing new.
 * - At most MAX_RUNS_PER_AGENT_HOUR enforcing runs per agent and hour; more are recorded
 *   `throttled` and do nothing (a storm of anomalies cannot become a storm of suspensions).
 * - The state machine asks for one step at a time; each step is recorded in the run before the
 *   next, so an execution run again from the start (a restart) does nothing twice.
 */
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { type Clock, isoAt } from '../kernel/clock';
import { ConflictError, NotFoundError } from '../kernel/errors';
import type { IdGenerator } from '../kernel/ids';
import { paginate } from '../kernel/paginate';
import type { PageCursorCodec } from '../kernel/page-cursor';
import type { Playbook } from './playbook';
import type { RemediationActions, RemediationStore, RemediationWorkflow } from './remediation-ports';
import {
  ENDED,
  MAX_RUNS_PER_AGENT_HOUR,
  type RemediationRun,
  type RunEffects,
  type RunQuery,
  type RunStep,
  runIdOf,
  runView,
} from './remediation-run';
import { performStep } from './run-steps';
import { isTriggerEvent, playbooksFor, subjectOf, type TriggeringEvent } from './trigger-match';

export interface RemediationsDeps {
  readonly store: RemediationStore;
  readonly workflow: RemediationWorkflow;
  readonly actions: RemediationActions;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly cursors: PageCursorCodec;
}

/** What the state machine does next: the step at `index`, a wait, a person's approval, or nothing. */
export interface StepAnswer {
  readonly next: 'step' | 'wait' | 'approval' | 'done';
  readonly index: number;
  readonly waitSeconds: number;
}

/** Thrown to the state machine's `await` task when the step no longer waits: it reads the run again. */
export class StepNotWaiting extends Error {
  override readonly name = 'StepNotWaiting';
}

/** A reverted run: what was undone, and what stays (and why). */
export interface RevertOutcome {
  readonly reverted: readonly { type: string; detail: string }[];
  readonly notReverted: readonly { type: string; detail: string }[];
}

const percent = (share: unknown) => `${Math.round(Number(share) * 100)} %`;

/** The triggering event in a few words. */
function triggerSummary(event: TriggeringEvent): string {
  const d = event.detail;
  switch (event.detailType) {
    case 'Anomaly.Detected':
      return `${String(d.kind)} of agent ${String(d.agentId)}, score ${String(d.score)}`;
    case 'Incident.Opened':
      return `incident ${String(d.incidentId)} (${String(d.severity)}) of agent ${String(d.agentId)}`;
    case 'Quota.Threshold':
      return `${String(d.scope)} ${String(d.subject)} at ${percent(d.threshold)} of its ${String(d.period)} quota (${String(d.used)} of ${String(d.limit)})`;
    case 'Key.Expiring':
      return `key ${String(d.keyId)} of agent ${String(d.agentId)} (owner ${String(d.owner)}) expires ${String(d.expiresAt)}`;
    case 'Key.Expired':
      return `key ${String(d.keyId)} of agent ${String(d.agentId)} (owner ${String(d.owner)}) expired`;
    case 'Agent.Inactive':
      return `agent ${String(d.agentId)} (owner ${String(d.owner)}) idle ${String(d.inactiveDays)} days, due for ${String(d.dueFor)}`;
    default:
      return event.detailType;
  }
}

const mergeEffects = (effects: RunEffects, more: RunEffects | undefined): RunEffects =>
  more
    ? {
        ...effects,
        ...more,
        ...(more.revokedGrants ? { revokedGrants: [...(effects.revokedGrants ?? []), ...more.revokedGrants] } : {}),
        ...(more.expiredKeys ? { expiredKeys: [...(effects.expiredKeys ?? []), ...more.expiredKeys] } : {}),
      }
    : effects;

export function createRemediations(deps: RemediationsDeps) {
  const { store, workflow, clock } = deps;
  const now = () => isoAt(clock.nowMs());

  async function requireRun(tenantId: string, runId: string): Promise<RemediationRun> {
    const run = await store.getRun(tenantId, runId);
    if (!run) throw new NotFoundError('Remediation', runId);
    return run;
  }

  /**
   * Changes a run with `change` (undefined: nothing to change) from its stored version, reading it
   * again when someone else changed it meanwhile (a person approving while a step finishes).
   */
  async function update(
    tenantId: string,
    runId: string,
    change: (run: RemediationRun) => Omit<RemediationRun, 'version' | 'updatedAt'> | undefined,
  ): Promise<RemediationRun> {
    for (let attempt = 0; ; attempt++) {
      const run = await requireRun(tenantId, runId);
      const changed = change(run);
      if (!changed) return run;
      const next: RemediationRun = { ...changed, updatedAt: now(), version: run.version + 1 };
      try {
        await store.saveRun(next, run.version);
        return next;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 5) throw error;
      }
    }
  }

  const withStep = (run: RemediationRun, index: number, step: RunStep) => run.steps.map((entry, i) => (i === index ? step : entry));

  function newRun(playbook: Playbook, event: TriggeringEvent): RemediationRun {
    const subject = subjectOf(event);
    const at = now();
    return {
      tenantId: playbook.tenantId,
      id: runIdOf(playbook.id, event.auditId),
      playbookId: playbook.id,
      playbookVersion: playbook.version,
      trigger: {
        event: event.detailType as RemediationRun['trigger']['event'],
        eventId: event.auditId,
        summary: triggerSummary(event),
        ...(typeof event.detail.keyId === 'string' ? { keyId: event.detail.keyId } : {}),
      },
      status: 'running',
      mode: playbook.mode,
      ...(subject ? { agentId: subject.agentId, ...(subject.team === undefined ? {} : { team: subject.team }) } : {}),
      definition: playbook.steps,
      steps: playbook.steps.map((step) => ({ type: step.type, status: 'pending' })),
      effects: {},
      startedAt: at,
      updatedAt: at,
      version: 1,
    };
  }

  /**
   * Starts `playbook` for `event` once; returns the run as it stands. A redelivered event counts
   * and starts a run its first delivery created but failed to count or start (both are idempotent).
   */
  async function startRun(playbook: Playbook, event: TriggeringEvent): Promise<RemediationRun | undefined> {
    const draft = newRun(playbook, event);
    const run = (await store.createRun(draft)) ? draft : await store.getRun(draft.tenantId, draft.id);
    if (!run || ENDED.has(run.status)) return run;
    if (run.mode === 'enforce' && run.agentId !== undefined) {
      const counted = await store.countRun(run.tenantId, run.agentId, run.startedAt.slice(0, 13), run.id, MAX_RUNS_PER_AGENT_HOUR);
      if (!counted)
        return update(run.tenantId, run.id, (current) =>
          ENDED.has(current.status)
            ? undefined
            : {
                ...current,
                status: 'throttled',
                endedAt: now(),
                note: `agent ${run.agentId} had ${MAX_RUNS_PER_AGENT_HOUR} remediation runs this hour already`,
                steps: current.steps.map((step) => ({ ...step, status: 'skipped', detail: 'throttled' })),
              },
        );
    }
    await workflow.start({ tenantId: run.tenantId, runId: run.id });
    return run;
  }

  /** Ends a run that has no more steps. */
  const finish = (tenantId: string, runId: string) =>
    update(tenantId, runId, (run) => (ENDED.has(run.status) ? undefined : { ...run, status: 'succeeded', endedAt: now() }));

  return {
    /** Starts the enabled playbooks `event` fires; returns the runs as they stand. */
    async onEvent(event: TriggeringEvent): Promise<RemediationRun[]> {
      if (!isTriggerEvent(event.detailType)) return [];
      const playbooks = playbooksFor(await store.listPlaybooks(event.detail.tenantId), event);
      const runs: RemediationRun[] = [];
      for (const playbook of playbooks) {
        const run = await startRun(playbook, event);
        if (run) runs.push(run);
      }
      return runs;
    },

    /** The state machine's step: does step `index` of the run (once) and says what comes next. */
    async runStep(tenantId: string, runId: string, index: number): Promise<StepAnswer> {
      const done: StepAnswer = { next: 'done', index, waitSeconds: 0 };
      const run = await store.getRun(tenantId, runId);
      if (!run || ENDED.has(run.status)) return done;
      if (index >= run.definition.length) {
        await finish(tenantId, runId);
        return done;
      }
      const step = run.definition[index]!;
      const record = run.steps[index]!;
      const nowMs = clock.nowMs();
      const following: StepAnswer = { next: 'step', index: index + 1, waitSeconds: 0 };
      if (record.status === 'done' || record.status === 'skipped' || record.status === 'failed') {
        const left = record.until === undefined ? 0 : Math.ceil((Date.parse(record.until) - nowMs) / 1000);
        return left > 0 ? { next: 'wait', index: index + 1, waitSeconds: left } : following;
      }
      if (step.type === 'wait' || step.type === 'wait_for_approval') {
        if (run.mode === 'dry_run') {
          const detail = step.type === 'wait' ? `would wait ${step.minutes} min` : "would wait for a person's approval";
          await update(tenantId, runId, (current) => ({
            ...current,
            steps: withStep(current, index, { type: step.type, status: 'skipped', at: now(), detail }),
          }));
          return following;
        }
        if (step.type === 'wait') {
          const until = isoAt(nowMs + step.minutes * 60_000);
          await update(tenantId, runId, (current) => ({
            ...current,
            steps: withStep(current, index, { type: 'wait', status: 'done', at: now(), until, detail: `waited until ${until}` }),
          }));
          return { next: 'wait', index: index + 1, waitSeconds: step.minutes * 60 };
        }
        await update(tenantId, runId, (current) =>
          ENDED.has(current.status)
            ? undefined
            : {
                ...current,
                status: 'waiting_for_approval',
                steps: withStep(current, index, {
                  type: step.type,
                  status: 'waiting',
                  at: now(),
                  detail: "waiting for a person's approval",
                }),
              },
        );
        return { next: 'approval', index, waitSeconds: 0 };
      }
      const outcome = await performStep(run, step, { actions: deps.actions, ids: deps.ids, nowMs });
      if (outcome.change) await store.recordChange(outcome.change);
      await update(tenantId, runId, (current) => ({
        ...current,
        steps: withStep(current, index, outcome.step),
        effects: mergeEffects(current.effects, outcome.effects),
      }));
      return following;
    },

    /** The state machine's `await` task: keeps its token while step `index` waits for a person. */
    async awaitStep(tenantId: string, runId: string, index: number, taskToken: string): Promise<void> {
      const run = await update(tenantId, runId, (current) =>
        current.status === 'waiting_for_approval' && current.steps[index]?.status === 'waiting' ? { ...current, taskToken } : undefined,
      );
      if (run.taskToken !== taskToken) throw new StepNotWaiting(`Run ${runId} does not wait at step ${index}`);
    },

    /** The state machine gave up on a step (its retries ran out): the run failed. */
    async failRun(tenantId: string, runId: string, cause: string): Promise<void> {
      await update(tenantId, runId, (run) =>
        ENDED.has(run.status) ? undefined : { ...run, status: 'failed', endedAt: now(), note: cause.slice(0, 500) },
      );
    },

    async list(principal: OperatorPrincipal, tenantId: string, query: RunQuery) {
      checkPermission(principal, 'remediation:read', { tenantId });
      const page = await paginate<RemediationRun>({
        cursors: deps.cursors,
        binding: { tenantId, query: 'remediations', filters: { status: query.status ?? '', agentId: query.agentId ?? '' } },
        request: { limit: query.limit, cursor: query.cursor },
        positionOf: (run) => run.id,
        fetch: (storePage) => store.listRuns(tenantId, storePage),
        filter: (run) =>
          (query.status === undefined || run.status === query.status) && (query.agentId === undefined || run.agentId === query.agentId),
      });
      return { items: page.items.map(runView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },

    async get(principal: OperatorPrincipal, tenantId: string, runId: string) {
      checkPermission(principal, 'remediation:read', { tenantId });
      return runView(await requireRun(tenantId, runId));
    },

    /** A person approves the rest of a run that waits for one. */
    async approve(principal: OperatorPrincipal, tenantId: string, runId: string) {
      checkPermission(principal, 'remediation:write', { tenantId });
      let token: string | undefined;
      const run = await update(tenantId, runId, (current) => {
        const index = current.steps.findIndex((step) => step.status === 'waiting');
        if (current.status !== 'waiting_for_approval' || index < 0)
          throw new ConflictError(`Run ${runId} is ${current.status}, not waiting for approval`, 'not_waiting');
        token = current.taskToken;
        const { taskToken: _token, ...rest } = current;
        return {
          ...rest,
          status: 'running',
          steps: withStep(current, index, { type: 'wait_for_approval', status: 'done', at: now(), detail: `approved by ${principal.sub}` }),
        };
      });
      // No token yet: the execution's `await` task finds the step approved and moves on by itself.
      if (token) await workflow.complete(token);
      return runView(run);
    },

    /** Stops a run that has not ended: no further step runs. */
    async cancel(principal: OperatorPrincipal, tenantId: string, runId: string) {
      checkPermission(principal, 'remediation:write', { tenantId });
      const run = await update(tenantId, runId, (current) => {
        if (ENDED.has(current.status)) throw new ConflictError(`Run ${runId} is ${current.status}`, 'run_ended');
        const { taskToken: _token, ...rest } = current;
        return { ...rest, status: 'cancelled', endedAt: now(), note: `cancelled by ${principal.sub}` };
      });
      await workflow.stop(runId, `cancelled by ${principal.sub}`);
      return runView(run);
    },

    /**
     * Undoes what a run did that can be undone: a suspension it made is reinstated and a quarantine
     * it set is lifted (only while the agent is still as the run left it). Revoked grants, expired
     * keys and a decommissioning stay, and the answer lists them. A run still going is stopped first.
     */
    async revert(principal: OperatorPrincipal, tenantId: string, runId: string) {
      checkPermission(principal, 'remediation:write', { tenantId });
      const before = await requireRun(tenantId, runId);
      if (before.status === 'reverted') throw new ConflictError(`Run ${runId} was reverted before`, 'run_reverted');
      if (!ENDED.has(before.status)) await workflow.stop(runId, `reverted by ${principal.sub}`);
      const by = { actor: { type: 'operator', sub: principal.sub } as const, name: principal.sub };
      const reason = `revert of remediation ${runId}`;
      const reverted: { type: string; detail: string }[] = [];
      const notReverted: { type: string; detail: string }[] = [];
      const { effects, agentId } = before;
      const { agents } = deps.actions;
      if (effects.quarantinedUntil !== undefined && agentId !== undefined) {
        const lifted = await agents.liftQuarantineAs(by, tenantId, agentId, { reason, runId });
        if (lifted) reverted.push({ type: 'quarantine_agent', detail: `lifted the quarantine of agent ${agentId}` });
        else notReverted.push({ type: 'quarantine_agent', detail: 'the quarantine was lifted or replaced meanwhile' });
      }
      if (effects.suspended && agentId !== undefined) {
        const agent = await agents.get(tenantId, agentId);
        if (agent?.status === 'suspended') {
          await agents.changeLifecycleAs(by, tenantId, agentId, 'reinstate', reason);
          reverted.push({ type: 'suspend_agent', detail: `reinstated agent ${agentId}` });
        } else notReverted.push({ type: 'suspend_agent', detail: `agent ${agentId} is ${agent?.status ?? 'gone'} now` });
      }
      if (effects.decommissioned)
        notReverted.push({ type: 'decommission_agent', detail: `agent ${agentId} stays decommissioned: it cannot be undone` });
      if ((effects.revokedGrants ?? []).length > 0)
        notReverted.push({ type: 'revoke_grants', detail: `grants ${effects.revokedGrants!.join(', ')} stay revoked` });
      if ((effects.expiredKeys ?? []).length > 0)
        notReverted.push({ type: 'expire_key', detail: `keys ${effects.expiredKeys!.join(', ')} stay expired` });
      const run = await update(tenantId, runId, (current) => {
        const { taskToken: _token, ...rest } = current;
        return { ...rest, status: 'reverted', endedAt: current.endedAt ?? now(), note: `reverted by ${principal.sub}` };
      });
      return { run: runView(run), reverted, notReverted } satisfies RevertOutcome & { run: unknown };
    },
  };
}

export type Remediations = ReturnType<typeof createRemediations>;
