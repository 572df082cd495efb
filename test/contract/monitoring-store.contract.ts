/**
 * The MonitoringStore contract (shared/monitoring/monitoring-store.ts), run against every
 * implementation: in memory (test/unit/contract) and on DynamoDB Local (test/integration/contract).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditReader } from '../../shared/audit/audit-reader';
import { actionKeyOf } from '../../shared/metrics/action-key';
import { anomalyChange, anomalyOf } from '../../shared/monitoring/anomaly';
import { incidentChange, moved, openedBy, withAnomaly } from '../../shared/monitoring/incident';
import type { AgentBaselines, AnomalyKind } from '../../shared/monitoring/detectors';
import { DEFAULT_MONITORING_SETTINGS } from '../../shared/monitoring/monitoring-settings';
import type { MonitoringStore } from '../../shared/monitoring/monitoring-store';
import { changeOf, changesOf, DAY, unique } from './contract-fixtures';

export interface MonitoringContractSubject {
  readonly store: MonitoringStore;
  readonly audit: AuditReader;
}

let sequence = 0;
const anomalyAt = (tenantId: string, minute: string, agentId = 'agt_01ABCDEFGHJKMNPQRSTVWXYZ00', kind: AnomalyKind = 'volume_spike') =>
  anomalyOf({
    tenantId,
    agentId,
    team: 'ops',
    minute: `${DAY}T${minute}`,
    detection:
      kind === 'new_action'
        ? {
            kind,
            observed: 2,
            baseline: 7,
            score: 1,
            actions: [{ action: 'tool:invoke', tool: 'vault.read' }, { action: 'payments:refund' }],
          }
        : { kind, observed: 120, baseline: 10.5, score: 9.1 },
    detectedAt: `${DAY}T${minute}:20.000Z`,
  });
const auditId = () => `aud_${String(++sequence).padStart(26, '0')}`;

export function describeMonitoringStoreContract(name: string, makeSubject: () => Promise<MonitoringContractSubject>) {
  describe(`MonitoringStore contract: ${name}`, () => {
    let store: MonitoringStore;
    let audit: AuditReader;

    beforeAll(async () => {
      ({ store, audit } = await makeSubject());
    });

    it('keeps settings with their change record, and has none for a tenant that never saved any', async () => {
      const tenantId = unique('settings');
      expect(await store.getSettings(tenantId)).toBeUndefined();
      const settings = {
        ...DEFAULT_MONITORING_SETTINGS,
        learningMinutes: 5,
        quietHours: { from: '22:00', to: '07:00', timeZone: 'Europe/Berlin' },
      };
      await store.putSettings(tenantId, settings, changeOf(tenantId, 'monitoring.updated'));
      expect(await store.getSettings(tenantId)).toEqual(settings);
      expect(await changesOf(audit, tenantId)).toEqual([{ action: 'monitoring.updated', target: { type: 'tenant', id: tenantId } }]);
    });

    it('reads settings saved before a detector or quiet hours existed with that detector at its defaults and no quiet hours', async () => {
      const tenantId = unique('settings');
      const { new_action: _added, ...older } = DEFAULT_MONITORING_SETTINGS.detectors;
      await store.putSettings(tenantId, { learningMinutes: 5, detectors: older } as never, changeOf(tenantId, 'monitoring.updated'));
      expect(await store.getSettings(tenantId)).toEqual({ ...DEFAULT_MONITORING_SETTINGS, learningMinutes: 5 });
    });

    it("keeps the job's cursor and the agents' baselines per tenant", async () => {
      const [tenantId, other] = [unique('cursor'), unique('cursor')];
      await store.putCursor(tenantId, `${DAY}T10:05`);
      expect(await store.getCursor(tenantId)).toBe(`${DAY}T10:05`);
      expect(await store.getCursor(other)).toBeUndefined();
      const baselines: AgentBaselines = {
        volume: { mean: 12.5, variance: 3.25, minutes: 61 },
        denyRate: { mean: 0.02, variance: 0.001, minutes: 40 },
        actions: {
          since: `${DAY}T09:00`,
          keys: [
            actionKeyOf({ action: 'tool:invoke', tool: 'crm.read' }),
            actionKeyOf({ action: 'payments:refund' }),
            actionKeyOf({ action: 'tool:invoke', tool: 'ünïcode "quoted"' }),
          ],
        },
        lastMinute: `${DAY}T10:05`,
      };
      const many = new Map(
        Array.from({ length: 130 }, (_, i) => [`agt_${i}`, { ...baselines, volume: { ...baselines.volume, mean: i } }] as const),
      );
      await store.putBaselines(tenantId, many);
      const read = await store.getBaselines(tenantId, [...many.keys(), 'agt_unknown']);
      expect(read.size).toBe(130);
      expect(read.get('agt_7')).toEqual({ ...baselines, volume: { ...baselines.volume, mean: 7 } });
      expect((await store.getBaselines(other, ['agt_7'])).size).toBe(0);
    });

    it('records an anomaly once, with its change record announcing Anomaly.Detected', async () => {
      const tenantId = unique('anomaly');
      const anomaly = anomalyAt(tenantId, '10:05');
      expect(await store.recordAnomaly(anomaly, anomalyChange(anomaly, auditId()))).toBe(true);
      expect(await store.recordAnomaly(anomaly, anomalyChange(anomaly, auditId()))).toBe(false);
      const page = await store.listAnomalies(tenantId, `${DAY}T00:00`, { limit: 10 });
      expect(page.items.map(({ position: _position, ...item }) => item)).toEqual([anomaly]);
      expect(await changesOf(audit, tenantId)).toEqual([{ action: 'anomaly.detected', target: { type: 'agent', id: anomaly.agentId } }]);
    });

    it('keeps the actions a new_action anomaly names', async () => {
      const tenantId = unique('anomaly');
      const anomaly = anomalyAt(tenantId, '10:05', undefined, 'new_action');
      expect(await store.recordAnomaly(anomaly, anomalyChange(anomaly, auditId()))).toBe(true);
      const page = await store.listAnomalies(tenantId, `${DAY}T00:00`, { limit: 10 });
      expect(page.items.map(({ position: _position, ...item }) => item)).toEqual([anomaly]);
      expect(page.items[0]?.actions).toEqual([{ action: 'tool:invoke', tool: 'vault.read' }, { action: 'payments:refund' }]);
    });

    it('lists anomalies newest first from a minute on, page after page, one tenant only', async () => {
      const tenantId = unique('anomalies');
      const recorded = ['09:00', '10:01', '10:02', '10:03', '10:04'].map((minute) => anomalyAt(tenantId, minute));
      for (const anomaly of recorded) await store.recordAnomaly(anomaly, anomalyChange(anomaly, auditId()));
      const first = await store.listAnomalies(tenantId, `${DAY}T10:00`, { limit: 2 });
      expect(first.items.map((item) => item.window.from.slice(11, 16))).toEqual(['10:04', '10:03']);
      expect(first.more).toBe(true);
      const second = await store.listAnomalies(tenantId, `${DAY}T10:00`, { limit: 5, after: first.items[1]!.position });
      expect(second).toMatchObject({ more: false });
      expect(second.items.map((item) => item.window.from.slice(11, 16))).toEqual(['10:02', '10:01']);
      expect((await store.listAnomalies(unique('other'), `${DAY}T00:00`, { limit: 10 })).items).toEqual([]);
    });

    describe('Incidents', () => {
      const system = { type: 'system', name: 'detectors' } as const;

      it("opens an incident with its first anomaly, keeps the agent's open incident, and lets the next anomaly join from its version only", async () => {
        const tenantId = unique('incident');
        const first = anomalyAt(tenantId, '10:01', undefined, 'deny_spike');
        const opened = openedBy(first, `inc_${String(++sequence).padStart(26, '0')}`);
        const openWrite = {
          next: opened,
          expectedVersion: undefined,
          change: incidentChange(opened, undefined, { id: auditId(), actor: system }),
        };
        expect(await store.recordAnomaly({ ...first, incidentId: opened.id }, anomalyChange(first, auditId()), openWrite)).toBe(true);
        expect(await store.hasAnomaly(tenantId, `${DAY}T10:01#${first.agentId}#deny_spike`)).toBe(true);
        expect(await store.openIncidentOf(tenantId, first.agentId)).toEqual(opened);

        const second = anomalyAt(tenantId, '10:02');
        const joined = withAnomaly(opened, second);
        const joinWrite = (expectedVersion: number) => ({
          next: joined,
          expectedVersion,
          change: incidentChange(joined, opened, { id: auditId(), actor: system }),
        });
        expect(await store.recordAnomaly(second, anomalyChange(second, auditId()), joinWrite(7))).toBe(false);
        expect(await store.hasAnomaly(tenantId, `${DAY}T10:02#${second.agentId}#volume_spike`)).toBe(false);
        expect(await store.recordAnomaly(second, anomalyChange(second, auditId()), joinWrite(1))).toBe(true);
        expect(await store.getIncident(tenantId, opened.id)).toEqual(joined);
      });

      it('saves a move from the version read only, forgets the open incident once resolved, and lists newest first', async () => {
        const tenantId = unique('incidents');
        const ids: string[] = [];
        for (const minute of ['10:01', '10:02']) {
          const anomaly = anomalyAt(tenantId, minute, `agt_01${minute.replace(':', '')}00000000000000000000`);
          const incident = openedBy(anomaly, `inc_${String(++sequence).padStart(26, '0')}`);
          ids.push(incident.id);
          await store.recordAnomaly(anomaly, anomalyChange(anomaly, auditId()), {
            next: incident,
            expectedVersion: undefined,
            change: incidentChange(incident, undefined, { id: auditId(), actor: system }),
          });
        }
        expect(await store.countOpenIncidents(tenantId)).toBe(2);
        const incident = (await store.getIncident(tenantId, ids[0]!))!;
        const resolved = moved(incident, 'resolved', 'sec', `${DAY}T11:00:00.000Z`, 'done');
        const change = () => incidentChange(resolved, incident, { id: auditId(), actor: { type: 'operator', sub: 'sec' } });
        await expect(store.saveIncident(resolved, 5, change())).rejects.toMatchObject({ name: 'ConflictError', code: 'version_conflict' });
        await store.saveIncident(resolved, incident.version, change());
        expect(await store.openIncidentOf(tenantId, incident.agentId)).toBeUndefined();
        expect(await store.countOpenIncidents(tenantId)).toBe(1);
        expect(await store.countOpenIncidents(unique('other'))).toBe(0);
        expect((await store.getIncident(tenantId, ids[0]!))?.status).toBe('resolved');
        const page = await store.listIncidents(tenantId, { limit: 1 });
        expect(page.items.map((item) => item.id)).toEqual([ids[1]]);
        expect(page.more).toBe(true);
        expect((await store.listIncidents(tenantId, { limit: 5, after: ids[1] })).items.map((item) => item.id)).toEqual([ids[0]]);
        expect(await store.getIncident(unique('other'), ids[0]!)).toBeUndefined();
      });
    });
  });
}
