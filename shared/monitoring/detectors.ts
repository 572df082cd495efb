/**
 * The detectors: one agent's minute (from the metrics rollups) against its baselines. Pure, so the
 * same code runs in the scheduled job and in the precision/recall test on generated traffic.
 *
 * - `volume_spike`: decisions in the minute at least `minDecisions` and `zScore` standard
 *   deviations above the agent's usual minute (deviation at least √mean, as a Poisson count's, and
 *   at least 1).
 * - `deny_spike`: with at least `minDecisions` decisions, a deny rate `minIncrease` above the
 *   agent's usual rate and `zScore` deviations above it (deviation at least 0.05).
 * - `new_action`: the minute names actions (action and tool) the agent did not use before
 *   (known-actions.ts); each is reported once, as it becomes known.
 *
 * Nothing counts before the agent's baseline has learned for `learningMinutes` (its known actions:
 * `learningMinutes` from the first minute that named them). An anomalous minute
 * still teaches the baseline, clipped to the threshold, so one burst does not make the next burst
 * look normal, while a lasting change of habit becomes the new normal in an hour or two.
 */
import type { ActionAndTool } from '../metrics/action-key';
import { type Baseline, EMPTY_BASELINE, idle, observe, zScoreOf } from './baseline';
import { describeAction, type KnownActions, learnActions, MAX_REPORTED_ACTIONS } from './known-actions';
import type { MonitoringSettings } from './monitoring-settings';

/** An agent's baselines, as stored between runs. */
export interface AgentBaselines {
  /** Decisions per minute (idle minutes count as zero). */
  readonly volume: Baseline;
  /** Deny rate of the minutes with enough decisions to say something. */
  readonly denyRate: Baseline;
  /** The actions it used (absent until a minute named them). */
  readonly actions?: KnownActions;
  /** The last minute observed (`YYYY-MM-DDTHH:MM`). */
  readonly lastMinute?: string;
}

export const NEW_AGENT_BASELINES: AgentBaselines = { volume: EMPTY_BASELINE, denyRate: EMPTY_BASELINE };

/** What the detectors report. */
export const ANOMALY_KINDS = ['volume_spike', 'deny_spike', 'new_action'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** What a detector found, with its evidence. */
export interface Detection {
  readonly kind: AnomalyKind;
  readonly observed: number;
  readonly baseline: number;
  readonly score: number;
  /** `new_action`: the new actions (the first MAX_REPORTED_ACTIONS). */
  readonly actions?: readonly ActionAndTool[];
}

/** One agent's counts in one minute. */
export interface AgentMinute {
  readonly minute: string;
  readonly decisions: number;
  readonly denied: number;
  /** The action keys it asked for (absent in minutes rolled up before the rollups named them). */
  readonly actions?: readonly string[];
}

const MINUTE_MS = 60_000;
const minutesBetween = (from: string, to: string) => Math.round((Date.parse(`${to}Z`) - Date.parse(`${from}Z`)) / MINUTE_MS);

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * The detections of an agent's minute and its baselines after it. Minutes between the last one
 * observed and this one are idle; a minute at or before the last observed changes nothing (the
 * job ran twice for it).
 */
export function detect(
  baselines: AgentBaselines,
  minute: AgentMinute,
  settings: MonitoringSettings,
): { detections: Detection[]; baselines: AgentBaselines } {
  const idleMinutes = baselines.lastMinute === undefined ? 0 : minutesBetween(baselines.lastMinute, minute.minute) - 1;
  if (idleMinutes < 0) return { detections: [], baselines };
  const volumeBefore = idle(baselines.volume, idleMinutes);
  const learned = volumeBefore.minutes >= settings.learningMinutes;
  const detections: Detection[] = [];

  const volume = settings.detectors.volume_spike;
  const volumeFloor = Math.max(1, Math.sqrt(volumeBefore.mean));
  const volumeScore = zScoreOf(volumeBefore, minute.decisions, volumeFloor);
  if (volume.enabled && learned && minute.decisions >= volume.minDecisions && volumeScore >= volume.zScore)
    detections.push({
      kind: 'volume_spike',
      observed: minute.decisions,
      baseline: round(volumeBefore.mean, 2),
      score: round(volumeScore, 2),
    });
  const volumeTaught = Math.min(
    minute.decisions,
    volumeBefore.mean + volume.zScore * Math.max(Math.sqrt(volumeBefore.variance), volumeFloor),
  );

  const deny = settings.detectors.deny_spike;
  let denyRate = baselines.denyRate;
  if (minute.decisions >= deny.minDecisions) {
    const rate = minute.denied / minute.decisions;
    const score = zScoreOf(denyRate, rate, 0.05);
    const rateLearned = denyRate.minutes >= Math.min(settings.learningMinutes, 10) && learned;
    if (deny.enabled && rateLearned && rate - denyRate.mean >= deny.minIncrease && score >= deny.zScore)
      detections.push({ kind: 'deny_spike', observed: round(rate, 4), baseline: round(denyRate.mean, 4), score: round(score, 2) });
    denyRate = observe(denyRate, Math.min(rate, denyRate.minutes === 0 ? rate : denyRate.mean + deny.minIncrease));
  }

  // Learned whether or not the detector is on, so turning it on later reports only what is new then.
  const actionsBefore = baselines.actions;
  const actions = learnActions(actionsBefore, minute.minute, minute.actions);
  const actionsLearned = actionsBefore !== undefined && minutesBetween(actionsBefore.since, minute.minute) >= settings.learningMinutes;
  if (settings.detectors.new_action.enabled && actionsLearned && actions.fresh.length > 0)
    detections.push({
      kind: 'new_action',
      observed: actions.fresh.length,
      baseline: actionsBefore.keys.length,
      // The share of the minute's actions that are new: 1 when all it did was new.
      score: round(actions.fresh.length / new Set(minute.actions).size, 2),
      actions: actions.fresh.slice(0, MAX_REPORTED_ACTIONS).map(describeAction),
    });

  return {
    detections,
    baselines: {
      volume: observe(volumeBefore, learned ? volumeTaught : minute.decisions),
      denyRate,
      ...(actions.known ? { actions: actions.known } : {}),
      lastMinute: minute.minute,
    },
  };
}
