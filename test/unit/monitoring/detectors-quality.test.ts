/**
 * The detectors' quality on generated traffic: a steady fleet with normal (Poisson and binomial)
 * noise, then injected volume spikes and deny bursts. Goals (issue 17): precision and recall of
 * at least 0.9 each, and not one detection on the steady fleet.
 */
import { describe, expect, it } from 'vitest';
import { type AgentBaselines, type AnomalyKind, detect, NEW_AGENT_BASELINES } from '../../../shared/monitoring/detectors';
import { DEFAULT_MONITORING_SETTINGS } from '../../../shared/monitoring/monitoring-settings';
import { seededRandom as random } from '../../../shared/kernel/seeded-random';

/** A Poisson count (Knuth's method below 30, a rounded normal above). */
function poisson(next: () => number, lambda: number): number {
  if (lambda >= 30) {
    const normal = Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal));
  }
  const limit = Math.exp(-lambda);
  let count = 0;
  for (let product = next(); product > limit; product *= next()) count++;
  return count;
}

const binomial = (next: () => number, n: number, p: number) =>
  Array.from({ length: n }, (): number => (next() < p ? 1 : 0)).reduce((a, b) => a + b, 0);

const minuteAt = (index: number) => new Date(Date.UTC(2026, 11, 1) + index * 60_000).toISOString().slice(0, 16);

interface Injection {
  readonly agent: number;
  readonly minute: number;
  readonly kind: AnomalyKind;
}

/** Runs the detectors over `minutes` minutes of `agents` agents; returns what they found. */
function runFleet(options: { seed: number; agents: number; minutes: number; injections: readonly Injection[] }) {
  const next = random(options.seed);
  const fleet = Array.from({ length: options.agents }, () => ({
    rate: 2 + next() * 60,
    denyRate: next() * 0.08,
    baselines: NEW_AGENT_BASELINES as AgentBaselines,
  }));
  const found: Injection[] = [];
  for (let minute = 0; minute < options.minutes; minute++) {
    for (const [index, agent] of fleet.entries()) {
      const injected = options.injections.find((injection) => injection.agent === index && injection.minute === minute);
      let decisions = poisson(next, agent.rate);
      let denied = binomial(next, decisions, agent.denyRate);
      if (injected?.kind === 'volume_spike') decisions = Math.round(agent.rate * 6 + 40);
      if (injected?.kind === 'volume_spike') denied = binomial(next, decisions, agent.denyRate);
      if (injected?.kind === 'deny_spike') {
        decisions = Math.max(decisions, 20);
        denied = binomial(next, decisions, 0.7);
      }
      if (decisions === 0) continue; // an idle minute: the job sees no counters for the agent
      const result = detect(agent.baselines, { minute: minuteAt(minute), decisions, denied }, DEFAULT_MONITORING_SETTINGS);
      agent.baselines = result.baselines;
      for (const detection of result.detections) found.push({ agent: index, minute, kind: detection.kind });
    }
  }
  return found;
}

const key = (injection: Injection) => `${injection.agent}/${injection.minute}/${injection.kind}`;

describe('detectors on generated traffic', () => {
  it('stays silent on a steady fleet with normal noise', () => {
    expect(runFleet({ seed: 7, agents: 60, minutes: 360, injections: [] })).toEqual([]);
  });

  it('finds injected volume spikes and deny bursts with precision and recall of at least 0.9', () => {
    const next = random(42);
    const injections: Injection[] = Array.from({ length: 60 }, (_, i) => ({
      agent: Math.floor(next() * 60),
      // After the learning hour, and far enough apart that one spike does not hide the next.
      minute: 90 + i * 4,
      kind: i % 2 === 0 ? 'volume_spike' : 'deny_spike',
    }));
    const found = runFleet({ seed: 11, agents: 60, minutes: 360, injections });
    const truth = new Set(injections.map(key));
    const truePositives = found.filter((detection) => truth.has(key(detection))).length;
    const precision = truePositives / found.length;
    const recall = truePositives / injections.length;
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('says nothing while an agent is still learning', () => {
    const found = runFleet({ seed: 3, agents: 5, minutes: 50, injections: [{ agent: 1, minute: 30, kind: 'volume_spike' }] });
    expect(found).toEqual([]);
  });
});
