/**
 * An agent rotates its own key over HTTP, as it would before the key expires: the new key works at
 * once, the old one works for the grace period and not after, and the audit log records the change
 * with the agent as its actor.
 */
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { eventually, tenantWithAgent, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const MINUTE = 60_000;
const DAY = 86_400_000;

describe('POST /v1/agent/self/rotate-key', () => {
  let tenantId: string;
  let admin: string;
  let agentId: string;
  let apiKey: string;

  beforeEach(async () => {
    ({ tenantId, admin, agentId, apiKey } = await tenantWithAgent(api, 'self-rotate'));
  });

  afterEach(async () => {
    await api.setClockOffset(0);
  });

  it('issues a new key that works at once, while the old key works for graceMinutes and is refused after', async () => {
    const rotated = await api.post('/v1/agent/self/rotate-key', apiKey, { graceMinutes: 30 });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({
      apiKey: expect.stringMatching(new RegExp(`^wdn_${tenantId}_[A-Za-z0-9]{49}$`)),
      keyId: expect.any(String),
      expiresAt: expect.any(String),
    });
    const { apiKey: newKey, keyId, expiresAt } = rotated.body;
    expect(newKey).not.toBe(apiKey);
    // The tenant's keys live apiKeyTtlDays (90 by default) from now.
    expect(Math.abs(Date.parse(expiresAt) - (Date.now() + 90 * DAY))).toBeLessThan(5 * MINUTE);

    const self = await api.get('/v1/agent/self', newKey);
    expect(self.status).toBe(200);
    expect(self.body.id).toBe(agentId);
    expect(self.body.keys.map((key: { keyId: string }) => key.keyId)).toContain(keyId);
    expect((await api.get('/v1/agent/self', apiKey)).status).toBe(200);

    await api.setClockOffset(29 * MINUTE);
    expect((await api.get('/v1/agent/self', apiKey)).status).toBe(200);
    await api.setClockOffset(31 * MINUTE);
    expect((await api.get('/v1/agent/self', apiKey)).status).toBe(401);
    expect((await api.get('/v1/agent/self', newKey)).status).toBe(200);
  });

  it('refuses the old key at once when graceMinutes is 0, and the new key may rotate again', async () => {
    const rotated = await api.post('/v1/agent/self/rotate-key', apiKey, { graceMinutes: 0 });
    expect(rotated.status).toBe(200);
    expect((await api.get('/v1/agent/self', apiKey)).status).toBe(401);
    expect((await api.post('/v1/agent/self/rotate-key', apiKey, {})).status).toBe(401);

    const again = await api.post('/v1/agent/self/rotate-key', rotated.body.apiKey, { graceMinutes: 0 });
    expect(again.status).toBe(200);
    expect((await api.get('/v1/agent/self', rotated.body.apiKey)).status).toBe(401);
    expect((await api.get('/v1/agent/self', again.body.apiKey)).status).toBe(200);
  });

  it('keeps the old key for 60 minutes when the body is empty', async () => {
    const rotated = await api.post('/v1/agent/self/rotate-key', apiKey);
    expect(rotated.status).toBe(200);
    await api.setClockOffset(59 * MINUTE);
    expect((await api.get('/v1/agent/self', apiKey)).status).toBe(200);
    await api.setClockOffset(61 * MINUTE);
    expect((await api.get('/v1/agent/self', apiKey)).status).toBe(401);
    expect((await api.get('/v1/agent/self', rotated.body.apiKey)).status).toBe(200);
  });

  it('records the rotation in the audit log with the agent as actor, without key material, and announces it', async () => {
    const rotated = await api.post('/v1/agent/self/rotate-key', apiKey, { graceMinutes: 15 });
    expect(rotated.status).toBe(200);

    const audit = await api.get(`/v1/tenants/${tenantId}/audit?kind=change&agentId=${agentId}`, admin);
    expect(audit.status).toBe(200);
    const rotations = audit.body.items.filter((record: { action: string }) => record.action === 'agent.key-rotated');
    expect(rotations).toHaveLength(1);
    expect(rotations[0]).toMatchObject({
      kind: 'change',
      tenantId,
      actor: { type: 'agent', agentId },
      target: { type: 'agent', id: agentId },
      after: { keyId: rotated.body.keyId, previousKeyValidUntil: expect.any(String) },
    });
    expect(JSON.stringify(audit.body)).not.toContain(rotated.body.apiKey);

    const event = await eventually(async () =>
      (await api.events('Agent.KeyRotated')).find((candidate) => candidate.detail.keyId === rotated.body.keyId),
    );
    expect(event.detail).toMatchObject({ tenantId, agentId, actor: agentId });
  });
});
