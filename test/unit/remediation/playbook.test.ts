import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOKS } from '../../../shared/remediation/default-playbooks';
import { MAX_CONDITIONS, MAX_STEPS, matchableFields, PlaybookInputSchema } from '../../../shared/remediation/playbook';
import { PlaybookIdSchema } from '../../../shared/remediation/playbook-id';

/** A valid playbook body, with `overrides` on top. */
const body = (overrides: Record<string, unknown> = {}) => ({
  trigger: { event: 'Anomaly.Detected', match: { kind: 'deny_spike' } },
  steps: [{ type: 'quarantine_agent', hours: 4 }],
  ...overrides,
});

/** The issues of parsing `input`, as `[dotted path, message]`. */
function issuesOf(input: unknown): [string, string][] {
  const result = PlaybookInputSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error!.issues.map((issue) => [issue.path.join('.'), issue.message]);
}

const withMatch = (event: string, match: Record<string, unknown>) => body({ trigger: { event, match } });
const withSteps = (...steps: unknown[]) => body({ steps });

describe('PlaybookInputSchema', () => {
  it('enforces and is enabled unless told otherwise', () => {
    expect(PlaybookInputSchema.parse(body())).toMatchObject({ mode: 'enforce', enabled: true });
    expect(PlaybookInputSchema.parse(body({ mode: 'dry_run', enabled: false }))).toMatchObject({ mode: 'dry_run', enabled: false });
  });

  it('opens incidents of severity high unless a severity is given', () => {
    const parsed = PlaybookInputSchema.parse(withSteps({ type: 'open_incident' }, { type: 'open_incident', severity: 'low' }));
    expect(parsed.steps).toEqual([
      { type: 'open_incident', severity: 'high' },
      { type: 'open_incident', severity: 'low' },
    ]);
  });

  it('takes a trigger without conditions, equality on text, numbers and ranges on numeric fields', () => {
    expect(PlaybookInputSchema.safeParse(body({ trigger: { event: 'Key.Expiring' } })).success).toBe(true);
    const parsed = PlaybookInputSchema.parse(withMatch('Anomaly.Detected', { kind: 'deny_spike', score: { gte: 4 }, observed: 0.5 }));
    expect(parsed.trigger.match).toEqual({ kind: 'deny_spike', score: { gte: 4 }, observed: 0.5 });
    expect(PlaybookInputSchema.safeParse(withMatch('Agent.Inactive', { inactiveDays: { lte: 90 }, dueFor: 'review' })).success).toBe(true);
  });

  it('refuses a condition on a field the event does not have, naming it and the fields it has', () => {
    const issues = issuesOf(withMatch('Anomaly.Detected', { threshold: { gte: 0.9 } }));
    expect(issues).toEqual([['trigger.match.threshold', expect.stringContaining('Anomaly.Detected has no field threshold')]]);
    expect(issues[0]![1]).toContain('kind');
    expect(issues[0]![1]).toContain('score');
  });

  it('refuses conditions on the tenant, the audit id and fields that hold no plain value', () => {
    expect(issuesOf(withMatch('Anomaly.Detected', { tenantId: 'acme' }))).toEqual([['trigger.match.tenantId', expect.any(String)]]);
    expect(issuesOf(withMatch('Anomaly.Detected', { auditId: 'aud_1' }))).toEqual([['trigger.match.auditId', expect.any(String)]]);
    expect(issuesOf(withMatch('Anomaly.Detected', { window: 'x' }))).toEqual([['trigger.match.window', expect.any(String)]]);
    expect([...matchableFields('Anomaly.Detected').keys()]).not.toContain('actions');
  });

  it('refuses a range on a text field', () => {
    expect(issuesOf(withMatch('Anomaly.Detected', { kind: { gte: 1 } }))).toEqual([
      ['trigger.match.kind', 'kind is not a number; match it by value'],
    ]);
  });

  it('refuses a value of the wrong type for the field', () => {
    expect(issuesOf(withMatch('Anomaly.Detected', { score: 'high' }))).toEqual([['trigger.match.score', 'score holds a number']]);
    expect(issuesOf(withMatch('Quota.Threshold', { scope: 1 }))).toEqual([['trigger.match.scope', 'scope holds a string']]);
    expect(issuesOf(withMatch('Anomaly.Detected', { kind: true }))).toEqual([['trigger.match.kind', 'kind holds a string']]);
  });

  it('refuses a value an enumerated field never holds, naming the ones it does', () => {
    expect(issuesOf(withMatch('Anomaly.Detected', { kind: 'deny-spike' }))).toEqual([
      ['trigger.match.kind', 'kind is one of volume_spike, deny_spike, new_action'],
    ]);
    expect(issuesOf(withMatch('Agent.Inactive', { dueFor: 'reveiw' }))).toEqual([
      ['trigger.match.dueFor', 'dueFor is one of review, decommission'],
    ]);
  });

  it('refuses a condition named __proto__ or after a built-in name, rather than dropping it', () => {
    expect(issuesOf(withMatch('Quota.Threshold', JSON.parse('{"__proto__": {"gte": 0.99}}')))).toEqual([
      ['trigger.match.__proto__', 'no event has a field __proto__'],
    ]);
    expect(issuesOf(withMatch('Quota.Threshold', { constructor: 1 })).map(([path]) => path)).toEqual(['trigger.match.constructor']);
  });

  it('names every condition at fault, not only the first', () => {
    const paths = issuesOf(withMatch('Anomaly.Detected', { nope: 1, kind: { lte: 2 }, score: 'x' })).map(([path]) => path);
    expect(paths.sort()).toEqual(['trigger.match.kind', 'trigger.match.nope', 'trigger.match.score']);
  });

  it('refuses a range with neither gte nor lte, and a range with other keys', () => {
    expect(PlaybookInputSchema.safeParse(withMatch('Anomaly.Detected', { score: {} })).success).toBe(false);
    expect(PlaybookInputSchema.safeParse(withMatch('Anomaly.Detected', { score: { gt: 1 } })).success).toBe(false);
  });

  it(`takes at most ${MAX_CONDITIONS} conditions, each valid on its own`, () => {
    const fields = [...matchableFields('Agent.Inactive')];
    expect(fields.length).toBe(MAX_CONDITIONS + 1);
    const conditions = (count: number) =>
      Object.fromEntries(fields.slice(0, count).map(([name, field]) => [name, field.kind === 'number' ? 1 : (field.values?.[0] ?? 'x')]));
    expect(PlaybookInputSchema.safeParse(withMatch('Agent.Inactive', conditions(MAX_CONDITIONS))).success).toBe(true);
    expect(issuesOf(withMatch('Agent.Inactive', conditions(MAX_CONDITIONS + 1)))).toEqual([
      ['trigger.match', `at most ${MAX_CONDITIONS} conditions`],
    ]);
  });

  it('takes quarantines of 1 to 168 hours', () => {
    for (const hours of [1, 168]) expect(PlaybookInputSchema.safeParse(withSteps({ type: 'quarantine_agent', hours })).success).toBe(true);
    for (const hours of [0, 169, 1.5])
      expect(issuesOf(withSteps({ type: 'quarantine_agent', hours })).map(([path]) => path)).toEqual(['steps.0.hours']);
    expect(PlaybookInputSchema.safeParse(withSteps({ type: 'quarantine_agent' })).success).toBe(false);
  });

  it('takes waits of 1 to 1440 minutes', () => {
    for (const minutes of [1, 1440]) expect(PlaybookInputSchema.safeParse(withSteps({ type: 'wait', minutes })).success).toBe(true);
    for (const minutes of [0, 1441])
      expect(issuesOf(withSteps({ type: 'wait', minutes })).map(([path]) => path)).toEqual(['steps.0.minutes']);
  });

  it(`takes 1 to ${MAX_STEPS} steps`, () => {
    const notify = { type: 'notify' };
    expect(PlaybookInputSchema.safeParse(withSteps(...Array<unknown>(MAX_STEPS).fill(notify))).success).toBe(true);
    expect(issuesOf(withSteps(...Array<unknown>(MAX_STEPS + 1).fill(notify))).map(([path]) => path)).toEqual(['steps']);
    expect(issuesOf(withSteps()).map(([path]) => path)).toEqual(['steps']);
  });

  it('refuses an unknown step type, settings a step does not have and unknown body fields', () => {
    expect(PlaybookInputSchema.safeParse(withSteps({ type: 'delete_agent' })).success).toBe(false);
    expect(PlaybookInputSchema.safeParse(withSteps({ type: 'suspend_agent', hours: 2 })).success).toBe(false);
    expect(PlaybookInputSchema.safeParse(body({ owner: 'me' })).success).toBe(false);
    expect(PlaybookInputSchema.safeParse(body({ trigger: { event: 'Agent.Registered' } })).success).toBe(false);
  });

  it('parses every default playbook as it ships', () => {
    expect(Object.keys(DEFAULT_PLAYBOOKS).length).toBeGreaterThan(0);
    for (const [id, playbook] of Object.entries(DEFAULT_PLAYBOOKS)) {
      expect(PlaybookIdSchema.safeParse(id).success, id).toBe(true);
      const parsed = PlaybookInputSchema.safeParse(playbook);
      expect(parsed.error?.issues, id).toBeUndefined();
      expect(parsed.data, id).toEqual(playbook);
    }
  });
});

describe('PlaybookIdSchema', () => {
  it('takes lowercase letters, digits and inner hyphens, 1 to 48 characters', () => {
    for (const id of ['a', '7', 'deny-spike-quarantine', 'a'.repeat(48), 'a-1'])
      expect(PlaybookIdSchema.safeParse(id).success, id).toBe(true);
  });

  it('refuses "defaults", which names the built-in set', () => {
    expect(PlaybookIdSchema.safeParse('defaults').error?.issues[0]?.message).toBe('"defaults" is reserved');
    expect(PlaybookIdSchema.safeParse('defaults-2').success).toBe(true);
  });

  it('refuses uppercase, 49 characters, outer hyphens, other characters and the empty id', () => {
    for (const id of ['Deny', 'a'.repeat(49), '-a', 'a-', 'a_b', 'a.b', 'a b', ''])
      expect(PlaybookIdSchema.safeParse(id).success, JSON.stringify(id)).toBe(false);
  });
});
