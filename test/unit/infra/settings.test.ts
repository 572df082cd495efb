import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings } from '../../../infra/cdk/settings';

const contextOf = (values: Record<string, unknown>) => (key: string) => values[key];

describe('Function: readSettings', () => {
  it('keeps no decision-path instance warm unless told, and reads a count given as text (-c key=value)', () => {
    expect(readSettings(contextOf({})).warmDecisionInstances).toBe(0);
    expect(readSettings(contextOf({ warmDecisionInstances: '4' })).warmDecisionInstances).toBe(4);
    expect(DEFAULT_SETTINGS.warmDecisionInstances).toBe(0);
  });

  it.each([['-1'], ['2.5'], ['many'], ['1001']])('refuses warmDecisionInstances %s, naming it', (value) => {
    expect(() => readSettings(contextOf({ warmDecisionInstances: value }))).toThrow(/warmDecisionInstances/);
  });
});
