/**
 * What remediation needs from outside: storage for playbooks and runs
 * (shared/adapters/dynamodb/dynamodb-remediation-store.ts), the run state machine
 * (shared/adapters/sfn/sfn-remediation-workflow.ts), and the domain operations its steps use —
 * the same ones operators use, recorded with the playbook as the actor.
 */
import type { Actor, ChangeRecord } from '../audit/change-record';
import type { StorePage } from '../kernel/page';
import type { RemediationNote } from '../monitoring/incident';
import type { Agent, Quarantine } from '../tenancy/agent';
import type { ChangeAuthor, LifecycleMove } from '../tenancy/agent-registry';
import type { Playbook } from './playbook';
import type { RemediationRun } from './remediation-run';

export interface RemediationStore {
  getPlaybook(tenantId: string, id: string): Promise<Playbook | undefined>;
  /** Every playbook of the tenant (at most MAX_PLAYBOOKS), in id order. */
  listPlaybooks(tenantId: string): Promise<Playbook[]>;
  /**
   * Creates (`expectedVersion` undefined) or replaces a playbook with its change record;
   * ConflictError `version_conflict` if it moved, `too_many_playbooks` when a new one would be
   * past MAX_PLAYBOOKS (checked in the write: parallel creates cannot pass it).
   */
  putPlaybook(playbook: Playbook, expectedVersion: number | undefined, change: ChangeRecord): Promise<void>;
  /** Deletes a playbook with its change record; false when there was none. */
  deletePlaybook(tenantId: string, id: string, change: ChangeRecord): Promise<boolean>;

  /** Creates a run; false when a run with its id exists (the event arrived before). */
  createRun(run: RemediationRun): Promise<boolean>;
  getRun(tenantId: string, runId: string): Promise<RemediationRun | undefined>;
  /** Replaces a run from `expectedVersion`; ConflictError (`version_conflict`) if it moved. */
  saveRun(run: RemediationRun, expectedVersion: number): Promise<void>;
  /** Runs newest first (by id), after a run id. */
  listRuns(tenantId: string, page: { limit: number; after?: string }): Promise<StorePage<RemediationRun>>;
  /**
   * Counts run `runId` among an agent's runs of an hour (`2026-12-07T03`) unless `max` other runs
   * are counted there; true when it is counted (now, or before: counting a run again is a no-op).
   */
  countRun(tenantId: string, agentId: string, hour: string, runId: string, max: number): Promise<boolean>;
  /** Writes a change record of its own (a `notify` step's announcement). */
  recordChange(change: ChangeRecord): Promise<void>;
}

/** The run state machine: one execution per run, named by the run id. */
export interface RemediationWorkflow {
  /** Starts the run's execution; starting it again is a no-op. */
  start(input: { tenantId: string; runId: string }): Promise<void>;
  /** Completes the task waiting for a person; a token no longer waiting is ignored. */
  complete(taskToken: string): Promise<void>;
  /** Stops the run's execution; one that ended is ignored. */
  stop(runId: string, cause: string): Promise<void>;
}

/** The domain operations steps use. */
export interface RemediationActions {
  readonly agents: {
    get(tenantId: string, agentId: string): Promise<Agent | undefined>;
    changeLifecycleAs(by: ChangeAuthor, tenantId: string, agentId: string, move: LifecycleMove, reason: string): Promise<Agent>;
    quarantine(by: ChangeAuthor, tenantId: string, agentId: string, mark: Omit<Quarantine, 'by'>): Promise<Agent | undefined>;
    liftQuarantineAs(
      by: ChangeAuthor,
      tenantId: string,
      agentId: string,
      options: { reason: string; runId?: string },
    ): Promise<Agent | undefined>;
    expireKeysAs(by: ChangeAuthor, tenantId: string, agentId: string, options: { reason: string; keyId?: string }): Promise<string[]>;
  };
  readonly grants: { revokeGrantsOf(tenantId: string, agentId: string, actor: Actor, because: string): Promise<string[]> };
  readonly incidents: { recordRemediation(note: RemediationNote): Promise<string> };
}
