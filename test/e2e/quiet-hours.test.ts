/**
 * Quiet hours over the local runtime: a tenant quiet for a few minutes of the test clock (in
 * Kolkata's time) gets a quota threshold that can wait held — recorded at once, no attempt, due
 * when they end — and delivered by the retry job once the clock passes the end; an approval
 * someone must answer goes at once all the same.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, registerAgent, tenantWithAgent, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

/** The wall-clock time HH:MM of `ms` in Kolkata (UTC+05:30, no daylight saving time). */
const kolkata = (ms: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

describe('Quiet hours', () => {
  let tenantId: string;
  let admin: string;
  let agentKey: string;
  /** An agent without a quota, for approvals. */
  let approverKey: string;
  let server: Server;
  let receiverUrl: string;
  const received: { path: string; type: string }[] = [];
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  /** A minute five hours ahead of real time, past the minutes other tests' clocks used. */
  const start = Math.ceil((Date.now() + 5 * 3_600_000) / 60_000) * 60_000;
  /** The quiet hours last three minutes of the test clock from `start`. */
  const end = start + 3 * 60_000;
  const deliveries = async (channel: string) => (await api.get(path(`/channels/${channel}/deliveries`), admin)).body.items;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ path: request.url ?? '', type: (JSON.parse(body) as { type: string }).type });
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const onboarded = await tenantWithAgent(api, 'quiet', {
      rules: [
        { id: 'reads', effect: 'allow', actions: ['tool:invoke'], tools: ['zendesk.read'] },
        { id: 'refunds', effect: 'require_approval', actions: ['tool:invoke'], tools: ['stripe.refund'] },
      ],
    });
    ({ tenantId, admin, apiKey: approverKey } = onboarded);
    // A second agent with a daily quota of 100: its first decision leases 25, passing 10 % of it.
    agentKey = (await registerAgent(api, tenantId, admin, { name: 'capped', quotas: { decisionsPerDay: 100 } })).apiKey;
    for (const [name, events] of [
      ['quotas', ['Quota.Threshold']],
      ['approvers', ['Approval.Requested']],
    ] as const)
      expect((await api.put(path(`/channels/${name}`), admin, { kind: 'webhook', url: `${receiverUrl}/${name}`, events })).status).toBe(
        201,
      );
  });

  afterAll(async () => {
    await api.setClockOffset(0);
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps quiet hours in the settings, and refuses from = to and an unknown time zone naming the field', async () => {
    const quietHours = { from: kolkata(start), to: kolkata(end), timeZone: 'Asia/Kolkata' };
    const saved = await api.put(path('/monitoring'), admin, {
      quietHours,
      detectors: { quota_threshold: { thresholds: [0.1, 0.95] } },
    });
    expect(saved.status).toBe(200);
    expect((await api.get(path('/monitoring'), admin)).body).toMatchObject({
      quietHours,
      detectors: { quota_threshold: { thresholds: [0.1, 0.95] } },
    });
    const same = await api.put(path('/monitoring'), admin, { quietHours: { from: '22:00', to: '22:00' } });
    expect(same.status).toBe(400);
    expect(JSON.stringify(same.body.error)).toContain('quietHours.to');
    const zone = await api.put(path('/monitoring'), admin, { quietHours: { from: '22:00', to: '07:00', timeZone: 'Mars/Olympus' } });
    expect(zone.status).toBe(400);
    expect(JSON.stringify(zone.body.error)).toContain('quietHours.timeZone');
    expect((await api.get(path('/monitoring'), admin)).body.quietHours).toEqual(quietHours);
  });

  it('sends an approval at once during quiet hours', async () => {
    await api.setClockOffset(start + 5_000 - Date.now());
    const asked = await api.request('POST', '/v1/authorize', {
      token: approverKey,
      body: { action: 'tool:invoke', tool: 'stripe.refund', resource: 'charge/1' },
    });
    expect(asked.body.effect).toBe('require_approval');
    await eventually(async () => received.find((entry) => entry.path === '/approvers'));
    const [delivery] = await deliveries('approvers');
    expect(delivery).toMatchObject({ type: 'Approval.Requested', status: 'delivered', attempts: 1 });
    expect(delivery.heldUntil).toBeUndefined();
  });

  it('holds a quota threshold below the highest until the quiet hours end, then the retry job delivers it', async () => {
    await api.setClockOffset(start + 10_000 - Date.now());
    const decided = await api.request('POST', '/v1/authorize', { token: agentKey, body: { action: 'tool:invoke', tool: 'zendesk.read' } });
    expect(decided.status).toBe(200);
    const held = await eventually(async () => (await deliveries('quotas'))[0]);
    expect(held).toMatchObject({
      type: 'Quota.Threshold',
      status: 'retrying',
      attempts: 0,
      heldUntil: new Date(end).toISOString(),
      nextAttemptAt: new Date(end).toISOString(),
    });
    expect(received.filter((entry) => entry.path === '/quotas')).toEqual([]);

    await api.setClockOffset(end + 5_000 - Date.now());
    const delivered = await eventually(
      async () => {
        const [delivery] = await deliveries('quotas');
        return delivery?.status === 'delivered' ? delivery : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(delivered).toMatchObject({ id: held.id, attempts: 1, lastStatusCode: 200, heldUntil: new Date(end).toISOString() });
    expect(received.filter((entry) => entry.path === '/quotas')).toEqual([{ path: '/quotas', type: 'Quota.Threshold' }]);
  });
});
