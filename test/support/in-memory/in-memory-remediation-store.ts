/**
 * RemediationStore in memory, with the DynamoDB adapter's observable behaviour
 * (shared/adapters/dynamodb/dynamodb-remediation-store.ts): playbooks written with their change
 * records and versions, one run per id, runs listed newest first, and a run count per agent and
 * hour that stops at its maximum.
 */
import { ConflictError } from '../../../shared/kernel/errors';
import type { Playbook } from '../../../shared/remediation/playbook';
import type { RemediationStore } from '../../../shared/remediation/remediation-ports';
import type { RemediationRun } from '../../../shared/remediation/remediation-run';
import { auditAbsent, type InMemoryTables, pageOf, putAudit, readBack, stored, tenantKey } from './in-memory-tables';

export function createInMemoryRemediationStore(tables: InMemoryTables): RemediationStore {
  const playbooks = new Map<string, Playbook>();
  const runs = new Map<string, RemediationRun>();
  const counts = new Map<string, number>();

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
    async countRun(tenantId, agentId, hour, max) {
      const key = tenantKey(tenantId, `${agentId}#${hour}`);
      const count = counts.get(key) ?? 0;
      if (count >= max) return false;
      counts.set(key, count + 1);
      return true;
    },
    async recordChange(change) {
      putAudit(tables, change);
    },
  };
}
