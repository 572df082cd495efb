/**
 * The tenant state cache: one read per staleness window, concurrent misses sharing it, and every
 * call reading (strongly consistent) when no staleness is allowed.
 */
import { describe, expect, it } from 'vitest';
import { createAdjustableClock } from '../../../shared/kernel/clock';
import { createTenantStateCache } from '../../../shared/tenancy/tenant-state-cache';
import { aTenant } from '../../support/tenancy-fixtures';

function counting() {
  const reads: { tenantId: string; consistent: boolean | undefined }[] = [];
  let epoch = 1;
  return {
    reads,
    bump: () => epoch++,
    store: {
      getTenant: async (tenantId: string, options?: { consistent?: boolean }) => {
        reads.push({ tenantId, consistent: options?.consistent });
        await new Promise((resolve) => setImmediate(resolve));
        return tenantId === 'gone' ? undefined : aTenant(tenantId, { epoch });
      },
    },
  };
}

describe('Function: createTenantStateCache', () => {
  it('shares one read among concurrent misses and answers from it within the window', async () => {
    const { reads, store } = counting();
    const clock = createAdjustableClock();
    const cache = createTenantStateCache({ store, clock, stalenessMs: 1000 });
    const tenants = await Promise.all([cache.get('acme'), cache.get('acme'), cache.get('acme')]);
    expect(tenants.map((tenant) => tenant?.id)).toEqual(['acme', 'acme', 'acme']);
    clock.setOffsetMs(900);
    await cache.get('acme');
    expect(reads).toEqual([{ tenantId: 'acme', consistent: false }]);
  });

  it('reads again once the window has passed on its clock, and sees the change', async () => {
    const { reads, store, bump } = counting();
    const clock = createAdjustableClock();
    const cache = createTenantStateCache({ store, clock, stalenessMs: 1000 });
    expect((await cache.get('acme'))?.epoch).toBe(1);
    bump();
    clock.setOffsetMs(1001);
    expect((await cache.get('acme'))?.epoch).toBe(2);
    expect(reads).toHaveLength(2);
  });

  it('remembers a tenant that does not exist for the window too', async () => {
    const { reads, store } = counting();
    const cache = createTenantStateCache({ store, clock: createAdjustableClock(), stalenessMs: 1000 });
    expect(await cache.get('gone')).toBeUndefined();
    expect(await cache.get('gone')).toBeUndefined();
    expect(reads).toHaveLength(1);
  });

  it('reads every time, strongly consistent, when no staleness is allowed', async () => {
    const { reads, store } = counting();
    const cache = createTenantStateCache({ store, clock: createAdjustableClock(), stalenessMs: 0 });
    await cache.get('acme');
    await cache.get('acme');
    expect(reads).toEqual([
      { tenantId: 'acme', consistent: true },
      { tenantId: 'acme', consistent: true },
    ]);
  });
});
