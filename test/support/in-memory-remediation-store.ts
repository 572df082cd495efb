/**
 * A RemediationStore in memory, for unit tests: the same contract as the DynamoDB store
 * (conditional run creation, versioned saves, runs newest first, an hourly run counter per agent),
 * with every value copied in and out so a test cannot change what is stored by accident.
 */
import type { ChangeRecord } from '../../shared/audit/change-record';
import { ConflictError } from '../../shared/kernel/errors';
import type { StorePage } from '../../shared/kernel/page';
import type { Playbook } from '../../shared/remediation/playbook';
import type { RemediationStore } from '../../shared/remediation/remediation-ports';
import type { RemediationRun } from '../../shared/remediation/remediation-run';

export interface InMemoryRemediationStore extends RemediationStore {
  /** Change records written (with playbook changes and `notify` steps), oldest first. */
  readonly changes: ChangeRecord[];
  /** Runs counted per `tenant/agent/hour`. */
  readonly counted: Map<string, number>;
  /** Makes the next `saveRun` lose a race (a ConflictError), as if someone saved the run meanwhile. */
  loseNextSave(): void;
}

export function createInMemoryRemediationStore(): InMemoryRemediationStore {
  const playbooks = new Map<string, Playbook>();
  const runs = new Map<string, RemediationRun>();
  const counted = new Map<string, number>();
  const changes: ChangeRecord[] = [];
  let losing = false;
  const key = (tenantId: string, id: string) => `${tenantId}/${id}`;
  const copy = <T>(value: T): T => structuredClone(value);

  return {
    changes,
    counted,
    loseNextSave: () => {
      losing = true;
    },

    async getPlaybook(tenantId, id) {
      const found = playbooks.get(key(tenantId, id));
      return found && copy(found);
    },
    async listPlaybooks(tenantId) {
      return [...playbooks.values()]
        .filter((playbook) => playbook.tenantId === tenantId)
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map(copy);
    },
    async putPlaybook(playbook, expectedVersion, change) {
      const current = playbooks.get(key(playbook.tenantId, playbook.id));
      if (current?.version !== expectedVersion) throw new ConflictError(`Playbook ${playbook.id} moved`, 'version_conflict');
      playbooks.set(key(playbook.tenantId, playbook.id), copy(playbook));
      changes.push(copy(change));
    },
    async deletePlaybook(tenantId, id, change) {
      if (!playbooks.delete(key(tenantId, id))) return false;
      changes.push(copy(change));
      return true;
    },

    async createRun(run) {
      if (runs.has(key(run.tenantId, run.id))) return false;
      runs.set(key(run.tenantId, run.id), copy(run));
      return true;
    },
    async getRun(tenantId, runId) {
      const found = runs.get(key(tenantId, runId));
      return found && copy(found);
    },
    async saveRun(run, expectedVersion) {
      const current = runs.get(key(run.tenantId, run.id));
      if (losing || current?.version !== expectedVersion) {
        losing = false;
        throw new ConflictError(`Run ${run.id} moved`, 'version_conflict');
      }
      runs.set(key(run.tenantId, run.id), copy(run));
    },
    async listRuns(tenantId, page): Promise<StorePage<RemediationRun>> {
      const newestFirst = [...runs.values()]
        .filter((run) => run.tenantId === tenantId && (page.after === undefined || run.id < page.after))
        .sort((a, b) => (a.id < b.id ? 1 : -1));
      return { items: newestFirst.slice(0, page.limit).map(copy), more: newestFirst.length > page.limit };
    },
    async countRun(tenantId, agentId, hour, max) {
      const counter = `${tenantId}/${agentId}/${hour}`;
      const count = counted.get(counter) ?? 0;
      if (count >= max) return false;
      counted.set(counter, count + 1);
      return true;
    },
    async recordChange(change) {
      changes.push(copy(change));
    },
  };
}
