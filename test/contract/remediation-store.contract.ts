/**
 * The RemediationStore contract (shared/remediation/remediation-ports.ts), run against every
 * implementation: in memory (test/unit/contract) and on DynamoDB Local (test/integration/contract).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditReader } from '../../shared/audit/audit-reader';
import { ConflictError } from '../../shared/kernel/errors';
import { MAX_PLAYBOOKS, type Playbook } from '../../shared/remediation/playbook';
import type { RemediationStore } from '../../shared/remediation/remediation-ports';
import type { RemediationRun } from '../../shared/remediation/remediation-run';
import { AT, changeOf, changesOf, unique } from './contract-fixtures';

export interface RemediationContractSubject {
  readonly store: RemediationStore;
  readonly audit: AuditReader;
}

const playbookOf = (tenantId: string, id: string, version = 1): Playbook => ({
  tenantId,
  id,
  trigger: { event: 'Anomaly.Detected', match: { kind: 'deny_spike' } },
  steps: [{ type: 'quarantine_agent', hours: 4 }],
  mode: 'enforce',
  enabled: true,
  createdAt: AT,
  updatedAt: AT,
  updatedBy: 'tester',
  version,
});

let sequence = 0;
const runOf = (tenantId: string, playbookId = 'p'): RemediationRun => ({
  tenantId,
  id: `rem_01K${String(++sequence).padStart(23, '0')}-${playbookId}`,
  playbookId,
  playbookVersion: 1,
  trigger: { event: 'Anomaly.Detected', eventId: 'aud_1', summary: 'deny_spike of agent agt_1' },
  status: 'running',
  mode: 'enforce',
  agentId: 'agt_1',
  definition: [{ type: 'suspend_agent' }],
  steps: [{ type: 'suspend_agent', status: 'pending' }],
  effects: {},
  startedAt: AT,
  updatedAt: AT,
  version: 1,
});

export function describeRemediationStoreContract(name: string, makeSubject: () => Promise<RemediationContractSubject>) {
  describe(`RemediationStore contract: ${name}`, () => {
    let store: RemediationStore;
    let audit: AuditReader;

    beforeAll(async () => {
      ({ store, audit } = await makeSubject());
    });

    it('keeps playbooks per tenant in id order with their change records, from their version only', async () => {
      const [tenantId, other] = [unique('playbooks'), unique('playbooks')];
      const target = (id: string) => ({ type: 'playbook', id });
      await store.putPlaybook(playbookOf(tenantId, 'zeta'), undefined, changeOf(tenantId, 'playbook.created', target('zeta')));
      await store.putPlaybook(playbookOf(tenantId, 'alpha'), undefined, changeOf(tenantId, 'playbook.created', target('alpha')));
      await store.putPlaybook(playbookOf(other, 'alpha'), undefined, changeOf(other, 'playbook.created', target('alpha')));
      await expect(store.putPlaybook(playbookOf(tenantId, 'alpha'), undefined, changeOf(tenantId))).rejects.toBeInstanceOf(ConflictError);
      await store.putPlaybook(
        { ...playbookOf(tenantId, 'alpha', 2), enabled: false },
        1,
        changeOf(tenantId, 'playbook.updated', target('alpha')),
      );
      await expect(store.putPlaybook(playbookOf(tenantId, 'alpha', 2), 1, changeOf(tenantId))).rejects.toMatchObject({
        code: 'version_conflict',
      });

      expect((await store.listPlaybooks(tenantId)).map((playbook) => playbook.id)).toEqual(['alpha', 'zeta']);
      expect(await store.getPlaybook(tenantId, 'alpha')).toEqual({ ...playbookOf(tenantId, 'alpha', 2), enabled: false });
      expect(await store.getPlaybook(other, 'zeta')).toBeUndefined();
      expect(await store.deletePlaybook(tenantId, 'zeta', changeOf(tenantId, 'playbook.deleted', target('zeta')))).toBe(true);
      expect(await store.deletePlaybook(tenantId, 'zeta', changeOf(tenantId))).toBe(false);
      expect((await store.listPlaybooks(tenantId)).map((playbook) => playbook.id)).toEqual(['alpha']);
      expect(await changesOf(audit, tenantId)).toEqual([
        { action: 'playbook.created', target: target('zeta') },
        { action: 'playbook.created', target: target('alpha') },
        { action: 'playbook.updated', target: target('alpha') },
        { action: 'playbook.deleted', target: target('zeta') },
      ]);
    });

    it(`refuses a playbook past ${MAX_PLAYBOOKS} a tenant, however many are created at once, and makes room on a delete`, async () => {
      const tenantId = unique('cap');
      const create = (id: string) => store.putPlaybook(playbookOf(tenantId, id), undefined, changeOf(tenantId));
      for (let i = 0; i < MAX_PLAYBOOKS - 5; i++) await create(`p${i}`);
      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => create(`q${i}`)));
      const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(refused).toHaveLength(5);
      for (const outcome of refused) expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: 'too_many_playbooks' });
      expect(await store.listPlaybooks(tenantId)).toHaveLength(MAX_PLAYBOOKS);
      expect(await store.deletePlaybook(tenantId, 'p0', changeOf(tenantId))).toBe(true);
      await create('again');
      await expect(create('one-more')).rejects.toMatchObject({ code: 'too_many_playbooks' });
      // Replacing one is no new place.
      await store.putPlaybook(playbookOf(tenantId, 'again', 2), 1, changeOf(tenantId));
    });

    it('creates a run once, saves it from its version only, and lists runs newest first', async () => {
      const [tenantId, other] = [unique('runs'), unique('runs')];
      const first = runOf(tenantId);
      const second = runOf(tenantId);
      expect(await store.createRun(first)).toBe(true);
      expect(await store.createRun({ ...first, status: 'throttled' })).toBe(false);
      expect(await store.createRun(second)).toBe(true);
      expect(await store.createRun(runOf(other))).toBe(true);
      expect(await store.getRun(tenantId, first.id)).toEqual(first);

      const moved = { ...first, status: 'succeeded' as const, endedAt: AT, version: 2 };
      await store.saveRun(moved, 1);
      await expect(store.saveRun({ ...first, status: 'failed', version: 2 }, 1)).rejects.toMatchObject({ code: 'version_conflict' });
      expect(await store.getRun(tenantId, first.id)).toEqual(moved);
      expect(await store.getRun(other, first.id)).toBeUndefined();

      const page = await store.listRuns(tenantId, { limit: 1 });
      expect(page).toEqual({ items: [second], more: true });
      expect(await store.listRuns(tenantId, { limit: 5, after: second.id })).toEqual({ items: [moved], more: false });
    });

    it('counts runs per agent and hour up to the maximum, each run once', async () => {
      const tenantId = unique('counts');
      const counted = [];
      for (const runId of ['r1', 'r2', 'r3', 'r4']) counted.push(await store.countRun(tenantId, 'agt_1', '2026-11-24T10', runId, 3));
      expect(counted).toEqual([true, true, true, false]);
      // A run counted before stays counted (a redelivered event), and takes no second place.
      expect(await store.countRun(tenantId, 'agt_1', '2026-11-24T10', 'r2', 3)).toBe(true);
      expect(await store.countRun(tenantId, 'agt_1', '2026-11-24T10', 'r5', 3)).toBe(false);
      expect(await store.countRun(tenantId, 'agt_1', '2026-11-24T11', 'r4', 3)).toBe(true);
      expect(await store.countRun(tenantId, 'agt_2', '2026-11-24T10', 'r4', 3)).toBe(true);
      expect(await store.countRun(unique('counts'), 'agt_1', '2026-11-24T10', 'r4', 3)).toBe(true);
    });

    it('records a change of its own (a notify step)', async () => {
      const tenantId = unique('notices');
      await store.recordChange(changeOf(tenantId, 'remediation.notified', { type: 'remediation', id: 'rem_1' }));
      expect(await changesOf(audit, tenantId)).toEqual([{ action: 'remediation.notified', target: { type: 'remediation', id: 'rem_1' } }]);
    });
  });
}
