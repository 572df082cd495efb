import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { DEFAULT_MONITORING_SETTINGS } from '../../../shared/monitoring/monitoring-settings';
import { createQuotaThresholds, thresholdsPassed } from '../../../shared/monitoring/quota-thresholds';
import type { QuotaInForce } from '../../../shared/quotas/quota';
import { createQuotaLeases } from '../../../shared/quotas/quota-leases';
import { createInMemoryAuditReader, createInMemoryQuotaStore, createInMemoryTables } from '../../support/in-memory';

const quota: QuotaInForce = {
  scope: 'agent',
  subject: 'agt_a',
  period: 'day',
  periodKey: '2026-12-06',
  limit: 100,
  endsAtMs: Date.parse('2026-12-07'),
};

describe('quota thresholds', () => {
  it('names the shares a counter passed, each once', () => {
    expect(thresholdsPassed([0.8, 0.95], 100, 70, 85)).toEqual([0.8]);
    expect(thresholdsPassed([0.8, 0.95], 100, 80, 100)).toEqual([0.95]);
    expect(thresholdsPassed([0.8, 0.95], 100, 79, 95)).toEqual([0.8, 0.95]);
    expect(thresholdsPassed([0.8, 0.95], 100, 96, 100)).toEqual([]);
  });

  it('announces 80 % and 95 % of a quota once each as decisions lease it, and not at all when the tenant turned it off', async () => {
    const run = async (enabled: boolean) => {
      const tables = createInMemoryTables();
      const store = createInMemoryQuotaStore(tables);
      const clock = createFixedClock(Date.parse('2026-12-06T10:00:00.000Z'));
      const settings = {
        ...DEFAULT_MONITORING_SETTINGS,
        detectors: { ...DEFAULT_MONITORING_SETTINGS.detectors, quota_threshold: { enabled, thresholds: [0.8, 0.95] } },
      };
      const thresholds = createQuotaThresholds({ store, settings: async () => settings, clock, ids: createIdGenerator(clock) });
      const leases = createQuotaLeases({ store, clock, onLeased: thresholds.onLeased });
      for (let i = 0; i < 100; i++) await leases.spend('acme', [quota], 1);
      const page = await createInMemoryAuditReader(tables).listAudit(
        { tenantId: 'acme', from: '2026-12-06T00:00:00.000Z', to: '2026-12-06T23:59:59.999Z' },
        { limit: 10 },
      );
      return page.items.map((record) => (record.after as { threshold: number }).threshold).sort();
    };
    expect(await run(true)).toEqual([0.8, 0.95]);
    expect(await run(false)).toEqual([]);
  });
});
