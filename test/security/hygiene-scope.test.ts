/**
 * The hygiene sweep and its limits, as a hostile tenant would try them: a tenant's limits are set
 * by platform admins only and bounded (a tenant cannot make the sweep work harder for everyone),
 * and sweeping one tenant never reads or writes another's agents.
 */
import { describe, expect, inject, it } from 'vitest';
import type { ChangeRecord } from '../../shared/audit/change-record';
import { createHygieneSweep } from '../../shared/hygiene/hygiene-sweep';
import { createFixedClock } from '../../shared/kernel/clock';
import { createIdGenerator } from '../../shared/kernel/ids';
import { createInMemoryTables, createInMemoryTenancyStore } from '../support/in-memory';
import { createInMemoryOpsStore } from '../support/in-memory/in-memory-ops-store';
import { aTenant, anAgent } from '../support/tenancy-fixtures';
import { tenantWithAgent, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const T0 = Date.parse('2026-11-24T10:00:00.000Z');

const change = (tenantId: string, n: number): ChangeRecord =>
  ({
    kind: 'change',
    id: `aud_${tenantId}_${n}`,
    tenantId,
    at: '2026-11-24T10:00:00.000Z',
    actor: { type: 'operator', sub: 'admin' },
    action: 'test',
    target: { type: 'tenant', id: tenantId },
    event: { source: 'warden.tenancy', detailType: 'Tenant.Onboarded', detail: { tenantId } },
  }) as ChangeRecord;

describe('Hygiene limits and sweep scope', () => {
  it("lets neither a tenant admin nor a team lead change the tenant's hygiene limits", async () => {
    const { tenantId, admin } = await tenantWithAgent(api, 'hyg-scope');
    const lead = await api.token({ roles: ['team-lead'], tenant: tenantId, teams: ['ops'] });
    for (const token of [admin, lead]) {
      const answer = await api.patch(`/v1/tenants/${tenantId}`, token, { hygiene: { inactiveAgentDays: 1 } });
      expect(answer.status).toBe(403);
    }
    const other = await tenantWithAgent(api, 'hyg-other');
    expect((await api.patch(`/v1/tenants/${tenantId}`, other.admin, { hygiene: { inactiveAgentDays: 1 } })).status).toBe(403);
  });

  it('bounds every limit, so no tenant can ask for a sweep of unbounded work', async () => {
    const { tenantId } = await tenantWithAgent(api, 'hyg-bounds');
    const platform = await api.token({ roles: ['platform-admin'] });
    for (const [field, value] of [
      ['inactiveAgentDays', 3651],
      ['keyMaxAgeDays', 0],
      ['keyExpiryWarningDays', 366],
      ['decommissionInactiveAfterDays', 1.5],
    ] as const) {
      const answer = await api.patch(`/v1/tenants/${tenantId}`, platform, { hygiene: { [field]: value } });
      expect(answer.status, field).toBe(400);
      expect(JSON.stringify(answer.body), field).toContain(field);
    }
  });

  it("sweeps one tenant's agents without reading or writing another's", async () => {
    const tables = createInMemoryTables();
    const tenancy = createInMemoryTenancyStore(tables);
    const clock = createFixedClock(T0);
    let n = 0;
    for (const id of ['victim', 'sweeper']) {
      await tenancy.createTenant(aTenant(id), change(id, ++n));
      await tenancy.createAgent(
        anAgent(id, { id: `agt_${id}`, createdAt: '2026-10-01T00:00:00.000Z' }),
        {
          tenantId: id,
          agentId: `agt_${id}`,
          keyHash: `h_${id}`,
          keyId: `key_${id}`,
          createdAt: '2026-10-01T00:00:00.000Z',
          expiresAt: '2027-10-01T00:00:00.000Z',
        },
        change(id, ++n),
      );
    }
    const touched = new Set<string>();
    const sweep = createHygieneSweep({
      tenancy: {
        ...tenancy,
        listAgents: (tenantId, page) => (touched.add(tenantId), tenancy.listAgents(tenantId, page)),
        getAgent: (tenantId, agentId) => (touched.add(tenantId), tenancy.getAgent(tenantId, agentId)),
        saveAgent: (next, ...rest) => (touched.add(next.tenantId), tenancy.saveAgent(next, ...rest)),
      },
      cursors: createInMemoryOpsStore(),
      clock,
      ids: createIdGenerator(clock),
    });
    expect(await sweep.sweepTenant((await tenancy.getTenant('sweeper'))!)).toBe(1);
    expect([...touched]).toEqual(['sweeper']);
    expect((await tenancy.getAgent('victim', 'agt_victim'))!.version).toBe(1);
  });
});
