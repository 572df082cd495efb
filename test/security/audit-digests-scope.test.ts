/**
 * The audit digests, as a hostile tenant or a careless caller would try them: another tenant's
 * admin, security officer or auditor is refused tenant A's digests and verification with 403 and
 * learns nothing of them; roles without `audit:read` and agent keys are refused; a cursor of A's
 * listing is refused on B's; B's own digests hold none of A's records; the public keys route gives
 * public keys only. Hostile queries answer 400 naming the field, never 500.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { everyRecordCaptured } from '../support/audit-capture';
import { runtimeStores } from '../support/runtime-stores';
import { eventually, tenantWithAgent, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const HOUR = 3_600_000;

describe('Audit digests scope', () => {
  let a: Awaited<ReturnType<typeof tenantWithAgent>>;
  let b: Awaited<ReturnType<typeof tenantWithAgent>>;
  let range: { from: string; to: string };
  const digestsOf = (tenantId: string, query: Record<string, string> = {}) =>
    `/v1/tenants/${tenantId}/audit/digests?${new URLSearchParams({ ...range, ...query })}`;
  const verifyOf = (tenantId: string) => `/v1/tenants/${tenantId}/audit/verify`;

  beforeAll(async () => {
    await api.setClockOffset(0);
    const policy = { rules: [{ id: 'secret-rule-of-a', effect: 'allow', actions: ['vault:*'] }] };
    a = await tenantWithAgent(api, 'dsa', policy, { id: unique('0dsa') });
    b = await tenantWithAgent(api, 'dsb', policy, { id: unique('0dsb') });
    for (const agent of [a, b])
      for (let i = 0; i < 2; i++)
        expect((await api.request('POST', '/v1/authorize', { token: agent.apiKey, body: { action: 'vault:open' } })).status).toBe(200);
    range = { from: new Date(Date.now() - HOUR).toISOString(), to: new Date(Date.now() + 4 * HOUR).toISOString() };
    // Hours are sealed from the leaves the audit stream captured: wait for them before moving the clock.
    const stores = runtimeStores(inject('runtimeLogFile'));
    for (const tenant of [a, b]) await everyRecordCaptured(api, stores, tenant, range.from);
    // A decides again an hour on, so A has two digests (two pages of one).
    await api.setClockOffset(HOUR);
    expect((await api.request('POST', '/v1/authorize', { token: a.apiKey, body: { action: 'vault:open' } })).status).toBe(200);
    await everyRecordCaptured(api, stores, a, range.from);
    await api.setClockOffset(4 * HOUR); // an hour is sealed an hour and five minutes after it ends
    await eventually(
      async () => {
        const [ofA, ofB] = await Promise.all([api.get(digestsOf(a.tenantId), a.admin), api.get(digestsOf(b.tenantId), b.admin)]);
        return ofA.body.items?.length > 1 && ofB.body.items?.length > 0 ? true : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 500, explain: () => api.schedules() },
    );
  });

  afterAll(async () => {
    await api.setClockOffset(0);
  });

  it("refuses another tenant's admin, security and auditor A's digests and verification with 403, and they learn nothing", async () => {
    const listedA = await api.get(digestsOf(a.tenantId), a.admin);
    const secrets = [a.agentId, 'secret-rule-of-a', listedA.body.items[0].jws.split('.')[1].slice(0, 40)];
    for (const role of ['tenant-admin', 'security', 'auditor'] as const) {
      const token = await api.token({ roles: [role], tenant: b.tenantId });
      for (const response of [await api.get(digestsOf(a.tenantId), token), await api.post(verifyOf(a.tenantId), token, range)]) {
        expect(response.status, role).toBe(403);
        const text = JSON.stringify(response.body);
        for (const secret of secrets) expect(text).not.toContain(secret);
      }
    }
  });

  it('refuses team leads, finance and agent keys', async () => {
    for (const role of ['team-lead', 'finance'] as const) {
      const token = await api.token({ roles: [role], tenant: a.tenantId, teams: ['ops'] });
      expect((await api.get(digestsOf(a.tenantId), token)).status, role).toBe(403);
      expect((await api.post(verifyOf(a.tenantId), token, range)).status, role).toBe(403);
    }
    expect((await api.get(digestsOf(a.tenantId), a.apiKey)).status).toBe(401);
    expect((await api.post(verifyOf(a.tenantId), a.apiKey, range)).status).toBe(401);
    expect((await api.post(verifyOf(a.tenantId), undefined, range)).status).toBe(401);
  });

  it("gives B's admin only B's records in B's digests, and refuses a cursor of A's listing", async () => {
    const ownB = await api.get(digestsOf(b.tenantId), b.admin);
    expect(ownB.status).toBe(200);
    const auditA = await api.get(`/v1/tenants/${a.tenantId}/audit?${new URLSearchParams({ ...range, limit: '100' })}`, a.admin);
    const idsOfA = (auditA.body.items as { id: string }[]).map((record) => record.id);
    expect(idsOfA.length).toBeGreaterThan(2);
    const positionsOfB = JSON.stringify(ownB.body.items.map((digest: { leaves: unknown }) => digest.leaves));
    for (const id of idsOfA) expect(positionsOfB).not.toContain(id);
    expect((await api.post(verifyOf(b.tenantId), b.admin, range)).body).toMatchObject({ verified: true });

    const pageOfA = await api.get(digestsOf(a.tenantId, { limit: '1' }), a.admin);
    const cursor = pageOfA.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const refused = await api.get(digestsOf(b.tenantId, { limit: '1', cursor }), b.admin);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((detail: { path: string }) => detail.path)).toContain('cursor');
  });

  it('publishes public Ed25519 keys only, to anyone', async () => {
    const keys = await api.get('/v1/audit/digest-keys');
    expect(keys.status).toBe(200);
    expect(keys.body.keys.length).toBeGreaterThan(0);
    for (const key of keys.body.keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    }
  });

  it('answers hostile queries and bodies with 400 naming the field, never 500', async () => {
    const cases: [Promise<{ status: number; body: any }>, string][] = [
      [api.get(digestsOf(a.tenantId, { limit: '1000000000' }), a.admin), 'limit'],
      [api.get(digestsOf(a.tenantId, { from: 'yesterday' }), a.admin), 'from'],
      [api.get(`/v1/tenants/${a.tenantId}/audit/digests?to=${range.to}`, a.admin), 'from'],
      [api.post(verifyOf(a.tenantId), a.admin, { from: range.from, to: 'x'.repeat(5000) }), 'to'],
      [api.post(verifyOf(a.tenantId), a.admin, { from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }), 'to'],
    ];
    for (const [pending, field] of cases) {
      const response = await pending;
      expect(response.status, field).toBe(400);
      expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(field);
    }
  });
});
