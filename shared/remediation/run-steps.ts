/**
 * What each step of a run does. In `enforce` mode a step changes things through the domain
 * operations operators use, recorded with `system:playbook:<id>` as the actor and the run id as
 * the reason; in `dry_run` it changes nothing and says what it would have done. A step is done
 * once: the run records it before the next starts, and every operation here is a no-op when what
 * it would do is already so.
 */
import type { Actor, ChangeRecord } from '../audit/change-record';
import { domainEvent } from '../events/catalog';
import { isoAt } from '../kernel/clock';
import { ConflictError } from '../kernel/errors';
import type { IdGenerator } from '../kernel/ids';
import type { ChangeAuthor } from '../tenancy/agent-registry';
import type { Step } from './playbook';
import type { RemediationActions } from './remediation-ports';
import type { RemediationRun, RunEffects, RunStep } from './remediation-run';

/** The actor of a playbook's changes. */
export const playbookActor = (playbookId: string): Actor => ({ type: 'system', name: `playbook:${playbookId}` });
export const playbookAuthor = (playbookId: string): ChangeAuthor => ({
  actor: playbookActor(playbookId),
  name: `system:playbook:${playbookId}`,
});

/** What a step did: its record in the run, and what it adds to the run's effects. */
export interface StepOutcome {
  readonly step: RunStep;
  readonly effects?: RunEffects;
  /** A change record to write (a `notify` step's announcement). */
  readonly change?: ChangeRecord;
}

const HOUR_MS = 3_600_000;

/** What a step would do, in words (dry runs, and the detail of steps that need no agent). */
export function describeStep(step: Step, agentId: string | undefined): string {
  const agent = agentId ?? 'the agent';
  switch (step.type) {
    case 'suspend_agent':
      return `suspend ${agent}`;
    case 'quarantine_agent':
      return `quarantine ${agent} for ${step.hours} h`;
    case 'revoke_grants':
      return `revoke the grants of ${agent}`;
    case 'expire_key':
      return `expire the key of ${agent}`;
    case 'decommission_agent':
      return `decommission ${agent} (revoking its keys)`;
    case 'open_incident':
      return `record the run on an incident of ${agent} (severity ${step.severity})`;
    case 'notify':
      return step.channel ? `notify channel ${step.channel}` : 'notify the subscribed channels';
    case 'wait_for_approval':
      return "wait for a person's approval";
    case 'wait':
      return `wait ${step.minutes} min`;
  }
}

const needsAgent = (step: Step) => step.type !== 'notify' && step.type !== 'wait' && step.type !== 'wait_for_approval';

export interface StepContext {
  readonly actions: RemediationActions;
  readonly ids: IdGenerator;
  readonly nowMs: number;
}

/** A run's `notify` announcement: a change record whose `Remediation.Notified` event reaches the channels. */
function notification(run: RemediationRun, step: Extract<Step, { type: 'notify' }>, context: StepContext): ChangeRecord {
  const done = run.steps.filter((entry) => entry.status === 'done' || entry.status === 'skipped').map((entry) => entry.detail);
  const summary = `Playbook ${run.playbookId} ran on ${run.trigger.event} (${run.trigger.summary})${
    done.length > 0 ? `: ${done.join('; ')}` : ''
  }`.slice(0, 2000);
  return {
    kind: 'change',
    id: context.ids.next('aud'),
    tenantId: run.tenantId,
    at: isoAt(context.nowMs),
    actor: playbookActor(run.playbookId),
    action: 'remediation.notified',
    target: { type: 'remediation', id: run.id },
    reason: `remediation ${run.id}`,
    after: { channel: step.channel ?? null, summary },
    event: domainEvent('Remediation.Notified', {
      tenantId: run.tenantId,
      runId: run.id,
      playbookId: run.playbookId,
      trigger: run.trigger.event,
      summary,
      mode: run.mode,
      ...(run.agentId === undefined ? {} : { agentId: run.agentId }),
      ...(run.team === undefined ? {} : { team: run.team }),
      ...(step.channel === undefined ? {} : { channel: step.channel }),
    }),
  };
}

/**
 * Does step `step` of `run` (not `wait` or `wait_for_approval`: the run's workflow does those).
 * Throws only when a dependency fails (the workflow retries the step).
 */
export async function performStep(run: RemediationRun, step: Step, context: StepContext): Promise<StepOutcome> {
  const at = isoAt(context.nowMs);
  const done = (detail: string, effects?: RunEffects): StepOutcome => ({
    step: { type: step.type, status: 'done', at, detail },
    ...(effects ? { effects } : {}),
  });
  const skipped = (detail: string): StepOutcome => ({ step: { type: step.type, status: 'skipped', at, detail } });
  const { agentId } = run;
  if (run.mode === 'dry_run') return skipped(`would ${describeStep(step, agentId)}`);
  if (needsAgent(step) && agentId === undefined)
    return skipped(`nothing to ${describeStep(step, undefined)}: ${run.trigger.event} names no agent`);
  const by = playbookAuthor(run.playbookId);
  const reason = `remediation ${run.id}`;
  const { agents } = context.actions;
  switch (step.type) {
    case 'suspend_agent':
    case 'decommission_agent': {
      const move = step.type === 'suspend_agent' ? 'suspend' : 'decommission';
      const before = await agents.get(run.tenantId, agentId!);
      if (!before) return skipped(`agent ${agentId} no longer exists`);
      const target = move === 'suspend' ? 'suspended' : 'decommissioned';
      if (before.status === target) return done(`agent ${agentId} was already ${target}`);
      try {
        await agents.changeLifecycleAs(by, run.tenantId, agentId!, move, reason);
      } catch (error) {
        if (error instanceof ConflictError && error.code === 'invalid_transition') return skipped(`agent ${agentId} is ${before.status}`);
        throw error;
      }
      return done(`${target} agent ${agentId}`, move === 'suspend' ? { suspended: true } : { decommissioned: true });
    }
    case 'quarantine_agent': {
      const until = isoAt(context.nowMs + step.hours * HOUR_MS);
      const saved = await agents.quarantine(by, run.tenantId, agentId!, { until, reason, runId: run.id });
      if (!saved) return skipped(`agent ${agentId} is decommissioned`);
      if (saved.quarantine?.runId !== run.id) return done(`agent ${agentId} was already quarantined until ${saved.quarantine?.until}`);
      return done(`quarantined agent ${agentId} until ${until}`, { quarantinedUntil: until });
    }
    case 'revoke_grants': {
      const revoked = await context.actions.grants.revokeGrantsOf(run.tenantId, agentId!, by.actor, reason);
      return done(`revoked ${revoked.length} grant${revoked.length === 1 ? '' : 's'} of agent ${agentId}`, { revokedGrants: revoked });
    }
    case 'expire_key': {
      const ended = await agents.expireKeysAs(by, run.tenantId, agentId!, {
        reason,
        ...(run.trigger.keyId === undefined ? {} : { keyId: run.trigger.keyId }),
      });
      return done(`expired ${ended.length === 0 ? 'no live key' : `key ${ended.join(', ')}`} of agent ${agentId}`, { expiredKeys: ended });
    }
    case 'open_incident': {
      const agent = await agents.get(run.tenantId, agentId!);
      if (!agent) return skipped(`agent ${agentId} no longer exists`);
      const incidentId = await context.actions.incidents.recordRemediation({
        tenantId: run.tenantId,
        agentId: agent.id,
        team: agent.team,
        runId: run.id,
        actor: by.name,
        severity: step.severity,
        summary: `Playbook ${run.playbookId} (run ${run.id}) on ${run.trigger.event}: ${run.trigger.summary}`.slice(0, 2000),
        at,
      });
      return done(`recorded on incident ${incidentId}`, { incidentId });
    }
    case 'notify':
      return { ...done(describeStep(step, agentId).replace(/^notify/, 'notified')), change: notification(run, step, context) };
    case 'wait':
    case 'wait_for_approval':
      throw new Error(`${step.type} is the workflow's to do`);
  }
}
