import { describe, expect, it } from 'vitest';
import { actionKeyOf } from '../../../shared/metrics/action-key';
import { type AgentBaselines, type AgentMinute, detect, NEW_AGENT_BASELINES } from '../../../shared/monitoring/detectors';
import { describeAction, learnActions, MAX_KNOWN_ACTIONS, MAX_REPORTED_ACTIONS } from '../../../shared/monitoring/known-actions';
import { AnomalyQuerySchema } from '../../../shared/monitoring/monitoring';
import {
  DEFAULT_MONITORING_SETTINGS,
  type MonitoringSettings,
  MonitoringSettingsSchema,
} from '../../../shared/monitoring/monitoring-settings';

const settings: MonitoringSettings = { ...DEFAULT_MONITORING_SETTINGS, learningMinutes: 10 };
const minuteAt = (index: number) => new Date(Date.UTC(2026, 11, 6, 10) + index * 60_000).toISOString().slice(0, 16);
const read = actionKeyOf({ action: 'tool:invoke', tool: 'crm.read' });
const write = actionKeyOf({ action: 'tool:invoke', tool: 'crm.write' });
const refund = actionKeyOf({ action: 'payments:refund' });

/** Runs the detectors over minutes `from` to `to` (exclusive) with these actions; returns the detections by minute. */
function run(
  baselines: AgentBaselines,
  from: number,
  to: number,
  actionsAt: (minute: number) => readonly string[] | undefined,
  detectorSettings: MonitoringSettings = settings,
) {
  const found: { minute: number; detection: ReturnType<typeof detect>['detections'][number] }[] = [];
  let current = baselines;
  for (let minute = from; minute < to; minute++) {
    const actions = actionsAt(minute);
    const input: AgentMinute = { minute: minuteAt(minute), decisions: 5, denied: 0, ...(actions ? { actions } : {}) };
    const result = detect(current, input, detectorSettings);
    current = result.baselines;
    for (const detection of result.detections) found.push({ minute, detection });
  }
  return { found, baselines: current };
}

describe('new_action', () => {
  it('learns the actions silently during the learning period, then reports a new one once, naming it', () => {
    const learned = run(NEW_AGENT_BASELINES, 0, 10, (minute) => (minute % 2 === 0 ? [read] : [read, refund]));
    expect(learned.found).toEqual([]);
    expect(learned.baselines.actions).toEqual({ since: minuteAt(0), keys: [read, refund] });

    const after = run(learned.baselines, 10, 14, (minute) => (minute >= 11 ? [read, write] : [read]));
    expect(after.found).toEqual([
      {
        minute: 11,
        detection: { kind: 'new_action', observed: 1, baseline: 2, score: 0.5, actions: [{ action: 'tool:invoke', tool: 'crm.write' }] },
      },
    ]);
    expect(after.baselines.actions?.keys).toEqual([read, refund, write]);
  });

  it('says nothing of an agent whose minutes name no actions (rolled up before they did)', () => {
    expect(run(NEW_AGENT_BASELINES, 0, 30, () => undefined).found).toEqual([]);
    expect(run(NEW_AGENT_BASELINES, 0, 30, () => []).baselines.actions).toBeUndefined();
  });

  it('counts the learning period from the first minute that named actions, not from the agent’s first minute', () => {
    const old = run(NEW_AGENT_BASELINES, 0, 30, () => undefined).baselines;
    const learning = run(old, 30, 40, (minute) => (minute === 35 ? [read, write] : [read]));
    expect(learning.found).toEqual([]);
    expect(learning.baselines.actions).toEqual({ since: minuteAt(30), keys: [read, write] });
    expect(run(learning.baselines, 40, 41, () => [refund]).found.map(({ detection }) => detection.kind)).toEqual(['new_action']);
  });

  it('names at most MAX_REPORTED_ACTIONS new actions and counts them all; the score is the share of the minute that is new', () => {
    const learned = run(NEW_AGENT_BASELINES, 0, 10, () => [read]).baselines;
    const many = Array.from({ length: 8 }, (_, i) => actionKeyOf({ action: 'tool:invoke', tool: `tool${i}` }));
    const [found] = run(learned, 10, 11, () => [read, ...many, many[0]!]).found;
    expect(found?.detection).toMatchObject({ observed: 8, baseline: 1, score: 0.89 });
    expect(found?.detection.actions).toHaveLength(MAX_REPORTED_ACTIONS);
  });

  it('learns with the detector off, so turning it on reports only what is new from then on', () => {
    const off = { ...settings, detectors: { ...settings.detectors, new_action: { enabled: false } } };
    const quiet = run(NEW_AGENT_BASELINES, 0, 20, (minute) => (minute < 15 ? [read] : [read, write]), off);
    expect(quiet.found).toEqual([]);
    expect(run(quiet.baselines, 20, 22, () => [read, write]).found).toEqual([]);
  });

  it('changes nothing for a minute it has seen (the job ran twice for it)', () => {
    const learned = run(NEW_AGENT_BASELINES, 0, 12, () => [read]).baselines;
    const again = detect(learned, { minute: minuteAt(11), decisions: 5, denied: 0, actions: [write] }, settings);
    expect(again).toEqual({ detections: [], baselines: learned });
  });
});

describe('known actions, bounded', () => {
  const keys = (count: number, prefix = 'tool') =>
    Array.from({ length: count }, (_, i) => actionKeyOf({ action: 'tool:invoke', tool: `${prefix}${i}` }));

  it('keeps at most MAX_KNOWN_ACTIONS keys: the minute that fills the set still reports its new actions', () => {
    const known = { since: minuteAt(0), keys: keys(MAX_KNOWN_ACTIONS - 2) };
    const filled = learnActions(known, minuteAt(100), keys(5, 'late'));
    expect(filled.fresh).toHaveLength(5);
    expect(filled.known?.keys).toHaveLength(MAX_KNOWN_ACTIONS);
  });

  it('learns and reports nothing more once full: an agent using that many actions has no usual set', () => {
    const full = { since: minuteAt(0), keys: keys(MAX_KNOWN_ACTIONS) };
    expect(learnActions(full, minuteAt(100), keys(3, 'late'))).toEqual({ known: full, fresh: [] });
    const baselines: AgentBaselines = { ...NEW_AGENT_BASELINES, actions: full };
    expect(run(baselines, 100, 101, () => keys(3, 'late')).found).toEqual([]);
  });

  it('shows a key it cannot read as the action itself', () => {
    expect(describeAction(write)).toEqual({ action: 'tool:invoke', tool: 'crm.write' });
    expect(describeAction(refund)).toEqual({ action: 'payments:refund' });
    expect(describeAction('not json')).toEqual({ action: 'not json' });
    expect(describeAction('[1]')).toEqual({ action: '[1]' });
  });
});

describe('new_action settings and filter', () => {
  it('is on by default, may be turned off, and takes no other field', () => {
    expect(DEFAULT_MONITORING_SETTINGS.detectors.new_action).toEqual({ enabled: true });
    expect(MonitoringSettingsSchema.parse({ detectors: { new_action: { enabled: false } } }).detectors.new_action.enabled).toBe(false);
    expect(MonitoringSettingsSchema.safeParse({ detectors: { new_action: { enabled: 'no' } } }).success).toBe(false);
    expect(MonitoringSettingsSchema.safeParse({ detectors: { new_action: { minKnown: 3 } } }).success).toBe(false);
  });

  it('is a kind the anomalies can be filtered by', () => {
    expect(AnomalyQuerySchema.parse({ kind: 'new_action' }).kind).toBe('new_action');
  });
});
