/**
 * Idempotency keys are bound to the request they were first sent with (issue 15, point 3): the
 * same key with a different request is refused rather than answered with the first request's
 * decision, and replays of the same request spend no quota.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

describe('Idempotency-Key', () => {
  let tenantId: string;
  let admin: string;
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;

  /** A fresh agent (its own quota counters), with `quotas` if given. */
  async function anAgent(quotas?: Record<string, number>) {
    const registered = await api.post(path('/agents'), admin, {
      name: 'idem',
      team: 'ops',
      role: 'bot',
      environment: 'prod',
      owner: 'o',
      ...(quotas ? { quotas } : {}),
    });
    expect(registered.status).toBe(201);
    const apiKey = registered.body.apiKey as string;
    return (body: unknown, key?: string, route = '/v1/authorize') =>
      api.request('POST', route, { token: apiKey, body, headers: key ? { 'idempotency-key': key } : {} });
  }

  beforeAll(async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('idem');
    expect((await api.post('/v1/tenants', platform, { id: tenantId, name: 'Idem', tier: 'business', environments: ['prod'] })).status).toBe(
      201,
    );
    admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
    await api.post(path('/teams'), admin, { name: 'ops' });
    await api.put(path('/roles/bot'), admin, { description: 'bot' });
    const saved = await api.put(path('/policies/tenant'), admin, {
      reason: 'baseline',
      defaults: { prod: 'deny' },
      rules: [{ id: 'read', effect: 'allow', actions: ['data:read'] }],
    });
    expect((await api.post(path(`/policies/tenant/versions/${saved.body.version}/publish`), admin, { reason: 'go' })).status).toBe(200);
  });

  it('refuses the same key with a different request (422 idempotency_key_reused) instead of replaying its answer', async () => {
    const authorize = await anAgent();
    const key = unique('k');
    const first = await authorize({ action: 'data:read' }, key);
    expect(first.body.effect).toBe('allow');
    const reused = await authorize({ action: 'data:delete' }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error).toMatchObject({
      code: 'idempotency_key_reused',
      details: [expect.objectContaining({ path: 'idempotency-key', in: 'header' })],
    });
    // The different request, with its own key, gets its own (deny) decision.
    expect((await authorize({ action: 'data:delete' }, unique('k'))).body.effect).toBe('deny');
  });

  it('replays the same request whatever the order of its fields, and binds batches the same way', async () => {
    const authorize = await anAgent();
    const key = unique('k');
    const first = await authorize({ action: 'data:read', context: { a: 1, b: 2 } }, key);
    const again = await authorize({ context: { b: 2, a: 1 }, action: 'data:read' }, key);
    expect(again.status).toBe(200);
    expect(again.body.decisionId).toBe(first.body.decisionId);
    const batchKey = unique('b');
    const batch = await authorize({ requests: [{ action: 'data:read' }] }, batchKey, '/v1/authorize/batch');
    expect((await authorize({ requests: [{ action: 'data:read' }] }, batchKey, '/v1/authorize/batch')).body).toEqual(batch.body);
    expect(
      (await authorize({ requests: [{ action: 'data:read' }, { action: 'data:read' }] }, batchKey, '/v1/authorize/batch')).status,
    ).toBe(422);
  });

  it('spends no quota on replays: six sends of one key against a quota of 3 are six answers, and two units are left', async () => {
    const authorize = await anAgent({ decisionsPerDay: 3 });
    const key = unique('k');
    const sends = [];
    for (let i = 0; i < 6; i++) sends.push(await authorize({ action: 'data:read' }, key));
    expect(sends.map((send) => send.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(sends.map((send) => send.body.decisionId)).size).toBe(1);
    expect((await authorize({ action: 'data:read' })).status).toBe(200);
    expect((await authorize({ action: 'data:read' })).status).toBe(200);
    expect((await authorize({ action: 'data:read' })).status).toBe(429);
  });
});
