/**
 * Decision logs shipped by a hostile agent: decisions naming another tenant's or another agent's
 * bundle, a made-up ETag, an effect the current bundle does not give, dates outside the window,
 * oversized and malformed shipments. Nothing of it reaches any audit log, and nothing of another
 * tenant is learnt from the answers.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { registerAgent, tenantWithAgent, wardenClient } from '../support/warden-client';

const url = inject('runtimeUrl');
const api = wardenClient(url, inject('runtimeDataDir'));

const POLICY = { defaults: { prod: 'deny' }, rules: [{ id: 'read', effect: 'allow', actions: ['tickets:read'] }] };

const etagOf = async (apiKey: string) =>
  (await fetch(`${url}/v1/agent/bundle`, { headers: { authorization: `Bearer ${apiKey}` } })).headers.get('etag')!;

const ship = async (apiKey: string, decisions: unknown[], more: Record<string, unknown> = {}) => {
  const response = await fetch(`${url}/v1/decision-logs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ decisions, ...more }),
  });
  return { status: response.status, body: (await response.json()) as any };
};

let sequence = 0;
const entry = (bundleEtag: string, fields: Record<string, unknown> = {}) => ({
  localId: `hostile-${String(++sequence).padStart(6, '0')}`,
  at: new Date().toISOString(),
  request: { action: 'tickets:read' },
  effect: 'allow',
  bundleEtag,
  ...fields,
});

describe('decision logs from a hostile agent', () => {
  let victim: Awaited<ReturnType<typeof tenantWithAgent>>;
  let attacker: Awaited<ReturnType<typeof tenantWithAgent>>;
  let sibling: { id: string; apiKey: string };

  const decisionsOf = async (tenant: { tenantId: string; admin: string }) =>
    (await api.get(`/v1/tenants/${tenant.tenantId}/audit?kind=decision&limit=200`, tenant.admin)).body.items as { id: string }[];

  beforeAll(async () => {
    victim = await tenantWithAgent(api, 'logs-victim', POLICY);
    attacker = await tenantWithAgent(api, 'logs-attacker', POLICY);
    sibling = await registerAgent(api, victim.tenantId, victim.admin, { name: 'sibling' });
  });

  it("refuses decisions made with another tenant's or another agent's bundle, and records none of them anywhere", async () => {
    const victimEtag = await etagOf(victim.apiKey);
    const crossTenant = await ship(attacker.apiKey, [entry(victimEtag)]);
    expect(crossTenant.status).toBe(200);
    expect(crossTenant.body).toEqual({ accepted: 0, duplicates: 0, rejected: [{ localId: expect.any(String), reason: 'unknown_bundle' }] });
    const crossAgent = await ship(sibling.apiKey, [entry(victimEtag)]);
    expect(crossAgent.body.rejected).toEqual([{ localId: expect.any(String), reason: 'unknown_bundle' }]);
    expect(await decisionsOf(victim)).toEqual([]);
    expect(await decisionsOf(attacker)).toEqual([]);
  });

  it('refuses an ETag whose tag was made up, even over the real content hash', async () => {
    const etag = await etagOf(attacker.apiKey);
    const [hash] = etag.slice(4, -1).split('.');
    const forged = await ship(attacker.apiKey, [entry(`"b1-${hash}.${'x'.repeat(22)}"`), entry('"b1-nothing"'), entry('*')]);
    expect(forged.body.accepted).toBe(0);
    expect(forged.body.rejected.map((item: { reason: string }) => item.reason)).toEqual([
      'unknown_bundle',
      'unknown_bundle',
      'unknown_bundle',
    ]);
  });

  it('refuses an allow the bundle the agent holds now does not give, and dates outside the window', async () => {
    const etag = await etagOf(attacker.apiKey);
    const shipped = await ship(attacker.apiKey, [
      entry(etag, { request: { action: 'payments:refund' } }),
      entry(etag, { at: new Date(Date.now() - 25 * 3_600_000).toISOString() }),
      entry(etag, { at: new Date(Date.now() + 5 * 60_000).toISOString() }),
      entry(etag),
    ]);
    expect(shipped.body.rejected.map((item: { reason: string }) => item.reason)).toEqual(['effect_mismatch', 'too_late', 'in_the_future']);
    expect(shipped.body.accepted).toBe(1);
  });

  it('records a localId sent again once, whether or not the shipment says it may be resent', async () => {
    const etag = await etagOf(attacker.apiKey);
    const twice = entry(etag);
    expect((await ship(attacker.apiKey, [twice, twice])).body).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect((await ship(attacker.apiKey, [twice], { resent: true })).body).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    expect((await ship(attacker.apiKey, [twice])).status).toBe(200); // not looked up: written again, unchanged
    const records = (await decisionsOf(attacker)).filter((record) => (record as { localId?: string }).localId === twice.localId);
    expect(records).toHaveLength(1);
  });

  it('keeps the first record when a decision is resent saying it decided otherwise: the resend is a record of its own', async () => {
    const before = await etagOf(attacker.apiKey);
    const denied = entry(before, { request: { action: 'payments:refund' }, effect: 'deny' });
    expect((await ship(attacker.apiKey, [denied])).body).toMatchObject({ accepted: 1, rejected: [] });
    // Once the bundle has changed, a decision naming the older one cannot be decided again: it is taken as claimed.
    const path = `/v1/tenants/${attacker.tenantId}/policies/tenant`;
    const saved = await api.put(path, attacker.admin, {
      ...POLICY,
      reason: 'change the bundle',
      rules: [...POLICY.rules, { id: 'x', effect: 'deny', actions: ['x:y'] }],
    });
    expect((await api.post(`${path}/versions/${saved.body.version}/publish`, attacker.admin, { reason: 'test' })).status).toBe(200);
    expect((await ship(attacker.apiKey, [{ ...denied, effect: 'allow' }])).body).toMatchObject({ accepted: 1, rejected: [] });
    const records = (await decisionsOf(attacker)).filter((record) => (record as { localId?: string }).localId === denied.localId);
    expect(records.map((record) => (record as { effect?: string }).effect).sort()).toEqual(['allow', 'deny']);
  });

  it('answers 400 naming the field for malformed or oversized shipments, and 401 to anyone but an agent', async () => {
    const etag = await etagOf(attacker.apiKey);
    const tooMany = await ship(
      attacker.apiKey,
      Array.from({ length: 1001 }, () => entry(etag)),
    );
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body.error.details)).toContain('decisions');
    const badId = await ship(attacker.apiKey, [entry(etag, { localId: '../../etc' })]);
    expect(badId.status).toBe(400);
    expect(JSON.stringify(badId.body.error.details)).toContain('decisions.0.localId');
    const escalated = await ship(attacker.apiKey, [entry(etag, { effect: 'require_approval' })]);
    expect(escalated.status).toBe(400);
    expect(JSON.stringify(escalated.body.error.details)).toContain('decisions.0.effect');
    expect((await ship(attacker.admin, [entry(etag)])).status).toBe(401);
  });
});
