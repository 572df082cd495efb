/**
 * RemediationStore in memory, with the DynamoDB adapter's observable behaviour
 * (shared/adapters/dynamodb/dynamodb-remediation-store.ts): playbooks written with their change
 * records and versions, one run per id, runs listed newest first, and the runs counted per agent
 * and hour, up to a maximum.
 */
import { ConflictError } from '../../../shared/kernel/errors';
import { MAX_PLAYBOOKS, type Playbook } from '../../../shared/remediation/playbook';
import type { RemediationStore } from '../../../shared/remediation/remediation-ports';
import type { RemediationRun } from '../../../shared/remediation/remediation-run';
import { auditAbsent, type InMemoryTables, pageOf, putAudit, readBack, stored, tenantKey } from './in-memory-tables';

export function createInMemoryRemediationStore(tables: InMemoryTables): RemediationStore {
  const playbooks = new Map<string, Playbook>();
  const runs = new Map<string, RemediationRun>();
  const counts = new Map<string, Set<string>>();

  return {
    getPlaybook: async (tenantId, id) => {
      const playbook = playbooks.get(tenantKey(tenantId, id));
      return playbook ? readBack(playbook) : undefined;
    },
    listPlaybooks: async (tenantId) =>
      [...playbooks.values()]
        .filter((playbook) => playbook.tenantId === tenantId)
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map(readBack),
    async putPlaybook(playbook, expectedVersion, change) {
      if (playbooks.get(tenantKey(playbook.tenantId, playbook.id))?.version !== expectedVersion || !auditAbsent(tables, [change]))
        throw new ConflictError(`Playbook ${playbook.id} was changed meanwhile`, 'version_conflict');
      if (
        expectedVersion === undefined &&
        [...playbooks.values()].filter((item) => item.tenantId === playbook.tenantId).length >= MAX_PLAYBOOKS
      )
        throw new ConflictError(`A tenant has at most ${MAX_PLAYBOOKS} playbooks`, 'too_many_playbooks');
      playbooks.set(tenantKey(playbook.tenantId, playbook.id), stored(playbook));
      putAudit(tables, change);
    },
    async deletePlaybook(tenantId, id, change) {
      if (!playbooks.has(tenantKey(tenantId, id)) || !auditAbsent(tables, [change])) return false;
      playbooks.delete(tenantKey(tenantId, id));
      putAudit(tables, change);
      return true;
    },
    async createRun(run) {
      if (runs.has(tenantKey(run.tenantId, run.id))) return false;
      runs.set(tenantKey(run.tenantId, run.id), stored(run));
      return true;
    },
    getRun: async (tenantId, runId) => {
      const run = runs.get(tenantKey(tenantId, runId));
      return run ? readBack(run) : undefined;
    },
    async saveRun(run, expectedVersion) {
      if (runs.get(tenantKey(run.tenantId, run.id))?.version !== expectedVersion)
        throw new ConflictError(`Run ${run.id} was changed meanwhile`, 'version_conflict');
      runs.set(tenantKey(run.tenantId, run.id), stored(run));
    },
    listRuns: async (tenantId, page) =>
      pageOf(
        [...runs.values()].filter((run) => run.tenantId === tenantId),
        (run) => run.id,
        page,
        'descending',
      ),
    async countRun(tenantId, agentId, hour, runId, max) {
      const key = tenantKey(tenantId, `${agentId}#${hour}`);
      const counted = counts.get(key) ?? new Set<string>();
      if (!counted.has(runId) && counted.size >= max) return false;
      counts.set(key, counted.add(runId));
      return true;
    },
    async recordChange(change) {
      putAudit(tables, change);
    },
  };
}
