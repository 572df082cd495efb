import { describe, expect, it } from 'vitest';
import { anomalyChange, anomalyOf } from '../../../shared/monitoring/anomaly';
import {
  GROUP_WINDOW_MS,
  incidentChange,
  joins,
  moved,
  openedBy,
  openedByRemediation,
  type RemediationNote,
  withAnomaly,
  withRemediation,
} from '../../../shared/monitoring/incident';

const anomalyAt = (minute: string, kind: 'volume_spike' | 'deny_spike' = 'volume_spike') =>
  anomalyOf({
    tenantId: 'acme',
    agentId: 'agt_01ABCDEFGHJKMNPQRSTVWXYZ00',
    team: 'ops',
    minute: `2026-12-06T${minute}`,
    detection: { kind, observed: kind === 'deny_spike' ? 0.7 : 120, baseline: kind === 'deny_spike' ? 0.02 : 10, score: 9 },
    detectedAt: `2026-12-06T${minute}:20.000Z`,
  });

/** An anomaly of an agent that took up two tools, three known before. */
const newActionAt = (minute: string) =>
  anomalyOf({
    tenantId: 'acme',
    agentId: 'agt_01ABCDEFGHJKMNPQRSTVWXYZ00',
    team: 'ops',
    minute: `2026-12-06T${minute}`,
    detection: {
      kind: 'new_action',
      observed: 2,
      baseline: 3,
      score: 0.67,
      actions: [{ action: 'tool:invoke', tool: 'vault.read' }, { action: 'payments:refund' }],
    },
    detectedAt: `2026-12-06T${minute}:20.000Z`,
  });

describe('incidents', () => {
  it('opens with the severity of its anomaly kind and a timeline line saying what was seen', () => {
    const incident = openedBy(anomalyAt('10:00', 'deny_spike'), 'inc_1');
    expect(incident).toMatchObject({ status: 'open', severity: 'high', anomalies: [expect.stringMatching(/^anm_/)], version: 1 });
    expect(incident.timeline[0]).toMatchObject({ kind: 'opened', actor: 'system:detectors', summary: expect.stringContaining('70 %') });
  });

  it('opens a low incident for a new action, naming the actions, which a spike of the agent raises', () => {
    const incident = openedBy(newActionAt('10:00'), 'inc_1');
    expect(incident).toMatchObject({ severity: 'low', title: 'New action of agent agt_01ABCDEFGHJKMNPQRSTVWXYZ00' });
    expect(incident.timeline[0]?.summary).toBe('New actions tool:invoke (vault.read), payments:refund (3 known before)');
    expect(withAnomaly(incident, anomalyAt('10:01', 'deny_spike')).severity).toBe('high');
  });

  it('announces a new action with the actions in Anomaly.Detected', () => {
    const anomaly = newActionAt('10:00');
    expect(anomaly.id).toMatch(/^anm_202612061000N/);
    expect(anomalyChange(anomaly, 'aud_1').event.detail).toMatchObject({
      kind: 'new_action',
      actions: [{ action: 'tool:invoke', tool: 'vault.read' }, { action: 'payments:refund' }],
    });
  });

  it('groups an anomaly of the agent within the window, and not after it or once resolved', () => {
    const incident = openedBy(anomalyAt('10:00'), 'inc_1');
    expect(joins(incident, anomalyAt('10:29'))).toBe(true);
    expect(GROUP_WINDOW_MS).toBe(30 * 60_000);
    expect(joins(incident, anomalyAt('10:31'))).toBe(false);
    expect(joins(moved(incident, 'resolved', 'lead', '2026-12-06T10:05:00.000Z', undefined), anomalyAt('10:06'))).toBe(false);
    expect(joins(undefined, anomalyAt('10:06'))).toBe(false);
  });

  it('takes the highest severity of its anomalies, one level up at the third', () => {
    let incident = openedBy(anomalyAt('10:00'), 'inc_1');
    incident = withAnomaly(incident, anomalyAt('10:01'));
    expect(incident.severity).toBe('medium');
    incident = withAnomaly(incident, anomalyAt('10:02', 'deny_spike'));
    expect(incident).toMatchObject({ severity: 'critical', version: 3, lastAnomalyAt: '2026-12-06T10:02:20.000Z' });
    expect(incident.anomalies).toHaveLength(3);
  });

  it('moves open → acknowledged → resolved with who and why, and refuses to move a resolved one', () => {
    const opened = openedBy(anomalyAt('10:00'), 'inc_1');
    const acknowledged = moved(opened, 'acknowledged', 'sec-1', '2026-12-06T10:05:00.000Z', 'looking');
    expect(() => moved(acknowledged, 'acknowledged', 'sec-1', '2026-12-06T10:06:00.000Z', undefined)).toThrow(/already acknowledged/);
    const resolved = moved(acknowledged, 'resolved', 'sec-2', '2026-12-06T10:07:00.000Z', 'false alarm');
    expect(resolved.timeline.map((entry) => [entry.kind, entry.actor, entry.summary])).toEqual([
      ['opened', 'system:detectors', expect.any(String)],
      ['acknowledged', 'sec-1', 'looking'],
      ['resolved', 'sec-2', 'false alarm'],
    ]);
    expect(() => moved(resolved, 'acknowledged', 'sec-1', '2026-12-06T10:08:00.000Z', undefined)).toThrow(/resolved/);
  });

  it('announces opening, updates and resolving with the matching events', () => {
    const opened = openedBy(anomalyAt('10:00'), 'inc_1');
    const actor = { type: 'system', name: 'detectors' } as const;
    expect(incidentChange(opened, undefined, { id: 'aud_1', actor })).toMatchObject({
      action: 'incident.opened',
      event: { detailType: 'Incident.Opened' },
    });
    const joined = withAnomaly(opened, anomalyAt('10:01'));
    expect(incidentChange(joined, opened, { id: 'aud_2', actor })).toMatchObject({
      action: 'incident.updated',
      event: { detailType: 'Incident.Updated' },
    });
    const resolved = moved(joined, 'resolved', 'x', '2026-12-06T10:09:00.000Z', undefined);
    expect(incidentChange(resolved, joined, { id: 'aud_3', actor })).toMatchObject({
      action: 'incident.resolved',
      event: { detailType: 'Incident.Resolved' },
    });
  });
});

describe('incidents and remediation runs', () => {
  const note = (overrides: Partial<RemediationNote> = {}): RemediationNote => ({
    tenantId: 'acme',
    agentId: 'agt_01ABCDEFGHJKMNPQRSTVWXYZ00',
    team: 'ops',
    runId: 'rem_01ABCDEFGHJKMNPQRSTVWXYZ01-deny-spike-quarantine',
    actor: 'system:playbook:deny-spike-quarantine',
    severity: 'high',
    summary: 'Playbook deny-spike-quarantine quarantined the agent',
    at: '2026-12-06T10:05:00.000Z',
    ...overrides,
  });

  it('lists a run once, with a remediation line by the playbook in the timeline', () => {
    const opened = openedBy(anomalyAt('10:00'), 'inc_1');
    const noted = withRemediation(opened, note());
    expect(noted).toMatchObject({ remediations: [note().runId], version: 2, updatedAt: '2026-12-06T10:05:00.000Z' });
    expect(noted.timeline.at(-1)).toEqual({
      at: '2026-12-06T10:05:00.000Z',
      kind: 'remediation',
      actor: 'system:playbook:deny-spike-quarantine',
      summary: 'Playbook deny-spike-quarantine quarantined the agent',
    });
    expect(withRemediation(noted, note({ at: '2026-12-06T10:06:00.000Z' }))).toBe(noted);
    const another = withRemediation(noted, note({ runId: 'rem_01ABCDEFGHJKMNPQRSTVWXYZ02-other' }));
    expect(another.remediations).toHaveLength(2);
    expect(another.timeline.filter((entry) => entry.kind === 'remediation')).toHaveLength(2);
  });

  it("raises the severity to the note's, never lowers it", () => {
    const medium = openedBy(anomalyAt('10:00'), 'inc_1');
    expect(medium.severity).toBe('medium');
    expect(withRemediation(medium, note({ severity: 'critical' })).severity).toBe('critical');
    expect(withRemediation(medium, note({ severity: 'low' })).severity).toBe('medium');
    expect(withRemediation(medium, note({ severity: 'medium' })).severity).toBe('medium');
  });

  it('leaves the anomalies and their grouping time as they were', () => {
    const opened = openedBy(anomalyAt('10:00'), 'inc_1');
    const noted = withRemediation(opened, note());
    expect(noted.anomalies).toEqual(opened.anomalies);
    expect(noted.lastAnomalyAt).toBe(opened.lastAnomalyAt);
  });

  it('opens an incident of its own for a run on an agent with none open: no anomalies, the run listed', () => {
    const incident = openedByRemediation(note({ severity: 'low' }), 'inc_2');
    expect(incident).toEqual({
      id: 'inc_2',
      tenantId: 'acme',
      title: 'Remediation of agent agt_01ABCDEFGHJKMNPQRSTVWXYZ00',
      severity: 'low',
      status: 'open',
      agentId: 'agt_01ABCDEFGHJKMNPQRSTVWXYZ00',
      team: 'ops',
      openedAt: '2026-12-06T10:05:00.000Z',
      updatedAt: '2026-12-06T10:05:00.000Z',
      lastAnomalyAt: '2026-12-06T10:05:00.000Z',
      anomalies: [],
      remediations: [note().runId],
      timeline: [
        {
          at: '2026-12-06T10:05:00.000Z',
          kind: 'remediation',
          actor: 'system:playbook:deny-spike-quarantine',
          summary: 'Playbook deny-spike-quarantine quarantined the agent',
        },
      ],
      version: 1,
    });
    expect(withRemediation(incident, note())).toBe(incident);
  });
});
