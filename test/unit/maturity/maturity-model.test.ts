import { describe, expect, it } from 'vitest';
import type { MaturityFacts } from '../../../shared/maturity/maturity-facts';
import { assess, CRITERIA, LEVELS } from '../../../shared/maturity/maturity-model';

/** Facts of a tenant that meets every criterion. */
const optimised = (): MaturityFacts => ({
  at: '2026-12-07T06:00:00.000Z',
  tenantName: 'Acme',
  agents: {
    active: 4,
    withoutOwnerOrTeam: 0,
    inactive: 0,
    inactiveAgentDays: 30,
    staleKeys: 0,
    longLivedKeys: 0,
    keyMaxAgeDays: 90,
    capped: false,
  },
  policies: {
    tenantActiveVersion: 3,
    prodDefault: { effect: 'deny', from: 'tenant' },
    lockedRules: 2,
    approvalRules: 1,
    activeScopes: 4,
    testedScopes: 4,
    scenarios: 12,
  },
  quotas: { tenant: true, teams: 2, teamsWithQuotas: 2 },
  approvals: { decided30d: 6, medianMinutesToDecide: 12 },
  monitoring: { detectorsEnabled: 4, detectors: 4, channels: 1, alertChannels: 1 },
  remediation: { enabledPlaybooks: 3, enforcingPlaybooks: 2, runs30d: 1 },
  trends: {
    thisWeek: { decisions: 1000, denied: 20 },
    lastWeek: { decisions: 900, denied: 30 },
    incidents30d: 1,
    incidentsPrevious30d: 3,
    staleOpenIncidents: 0,
  },
});

/** The facts with one part changed. */
const withFacts = <K extends keyof MaturityFacts>(key: K, patch: Partial<MaturityFacts[K]>): MaturityFacts => {
  const facts = optimised();
  return { ...facts, [key]: { ...(facts[key] as object), ...patch } };
};

/** One way to break each criterion. */
const BREAKS: Record<string, MaturityFacts> = {
  'agents-inventoried': withFacts('agents', { active: 0 }),
  'keys-expire': withFacts('agents', { keyMaxAgeDays: 365 }),
  'tenant-policy': withFacts('policies', { tenantActiveVersion: undefined }),
  'prod-default-deny': withFacts('policies', { prodDefault: { effect: 'allow', from: 'tenant' } }),
  'test-library': withFacts('policies', { scenarios: 4 }),
  'scopes-tested': withFacts('policies', { testedScopes: 3, activeScopes: 4 }),
  'guardrails-locked': withFacts('policies', { lockedRules: 0 }),
  'no-inactive-agents': withFacts('agents', { inactive: 1 }),
  'keys-rotated': withFacts('agents', { staleKeys: 2 }),
  'quotas-everywhere': withFacts('quotas', { teamsWithQuotas: 1 }),
  'approvals-in-use': withFacts('policies', { approvalRules: 0 }),
  'anomaly-detection': withFacts('monitoring', { detectorsEnabled: 3 }),
  'alerts-routed': withFacts('monitoring', { alertChannels: 0 }),
  'playbooks-enabled': withFacts('remediation', { enforcingPlaybooks: 0 }),
  'playbooks-exercised': withFacts('remediation', { runs30d: 0 }),
  'approvals-timely': withFacts('approvals', { medianMinutesToDecide: 61 }),
  'deny-rate-falling': withFacts('trends', { thisWeek: { decisions: 100, denied: 50 } }),
  'incidents-under-control': withFacts('trends', { staleOpenIncidents: 1 }),
};

describe('The maturity model', () => {
  it('has five levels from ad hoc to optimised, and criteria for every level above the first', () => {
    expect(LEVELS.map((level) => level.name)).toEqual(['ad hoc', 'foundational', 'managed', 'automated', 'optimised']);
    for (const level of [2, 3, 4, 5]) expect(CRITERIA.filter((criterion) => criterion.level === level).length).toBeGreaterThanOrEqual(4);
    expect(new Set(CRITERIA.map((criterion) => criterion.id)).size).toBe(CRITERIA.length);
    expect(Object.keys(BREAKS).sort()).toEqual(CRITERIA.map((criterion) => criterion.id).sort());
  });

  it('places a tenant that meets everything at level 5 with a score of 100 and no next steps', () => {
    const assessment = assess(optimised());
    expect(assessment).toMatchObject({ level: 5, name: 'optimised', score: 100, nextSteps: [], assessedAt: '2026-12-07T06:00:00.000Z' });
    expect(assessment.criteria.every((criterion) => criterion.met)).toBe(true);
  });

  it.each(Object.entries(BREAKS))('holds the tenant below the level of %s when only that criterion fails', (id, facts) => {
    const criterion = CRITERIA.find((candidate) => candidate.id === id)!;
    const assessment = assess(facts);
    expect(assessment.level).toBe(criterion.level - 1);
    expect(assessment.criteria.find((judged) => judged.id === id)).toMatchObject({ met: false, howTo: criterion.howTo });
    expect(assessment.nextSteps.map((step) => step.id)).toEqual([id]);
    expect(assessment.score).toBeLessThan(100);
  });

  it('is at level 1 when a level-2 criterion fails, however much of the rest is met', () => {
    const assessment = assess(withFacts('policies', { tenantActiveVersion: undefined }));
    expect(assessment).toMatchObject({ level: 1, name: 'ad hoc' });
    expect(assessment.score).toBeGreaterThan(90);
  });

  it('lists the next steps lowest level first, since those hold back every level above them', () => {
    const facts: MaturityFacts = {
      ...optimised(),
      remediation: { enabledPlaybooks: 0, enforcingPlaybooks: 0, runs30d: 0 },
      policies: { ...optimised().policies, lockedRules: 0, tenantActiveVersion: undefined },
    };
    const assessment = assess(facts);
    expect(assessment.nextSteps.map((step) => [step.level, step.id])).toEqual([
      [2, 'tenant-policy'],
      [3, 'guardrails-locked'],
      [4, 'playbooks-enabled'],
      [5, 'playbooks-exercised'],
    ]);
  });

  it('gives the evidence each criterion judged, in numbers', () => {
    const assessment = assess(withFacts('policies', { testedScopes: 1, activeScopes: 4 }));
    expect(assessment.criteria.find((criterion) => criterion.id === 'scopes-tested')!.evidence).toEqual({
      testedScopes: 1,
      activeScopes: 4,
      share: 0.25,
    });
    expect(assess(optimised()).criteria.find((criterion) => criterion.id === 'deny-rate-falling')!.evidence).toEqual({
      denyRateThisWeek: 0.02,
      denyRateLastWeek: 0.033,
    });
  });

  it('weighs criteria by their level: missing a level-5 one costs more score than a level-2 one', () => {
    expect(assess(BREAKS['playbooks-exercised']!).score).toBeLessThan(assess(BREAKS['tenant-policy']!).score);
  });

  it('does not count a week without decisions as a falling deny rate', () => {
    const quiet = withFacts('trends', { thisWeek: { decisions: 0, denied: 0 } });
    expect(assess(quiet).criteria.find((criterion) => criterion.id === 'deny-rate-falling')!.met).toBe(false);
  });
});
