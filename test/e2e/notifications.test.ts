/**
 * Notifications over the local runtime: a webhook channel on a loopback receiver gets approvals
 * people must answer, signed per Standard Webhooks (verified here with the `standardwebhooks`
 * library); a receiver that fails is tried again by the retry job with the same webhook-id; URLs
 * that reach inside a network are refused; secrets are shown once. A channel subscribed to
 * `Decision.Made` gets the tenant's decisions as a live feed, in batches, each decision once.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, unique, wardenClient } from '../support/warden-client';
import { type ReceivedDelivery, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

describe('Notifications', () => {
  let tenantId: string;
  let admin: string;
  let agentKey: string;
  let receiver: WebhookReceiver;
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  const verified = (secret: string, request: ReceivedDelivery) =>
    new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    }) as { type: string; data: Record<string, unknown> };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();

    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('notify');
    expect(
      (await api.post('/v1/tenants', platform, { id: tenantId, name: 'Notify', tier: 'business', environments: ['prod'] })).status,
    ).toBe(201);
    admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
    await api.post(path('/teams'), admin, { name: 'support' });
    await api.put(path('/roles/bot'), admin, { description: 'bot' });
    await api.put(path('/policies/tenant'), admin, {
      reason: 'r',
      rules: [{ id: 'refunds', effect: 'require_approval', actions: ['tool:invoke'], tools: ['stripe.refund'] }],
    });
    expect((await api.post(path('/policies/tenant/versions/1/publish'), admin, { reason: 'r' })).status).toBe(200);
    const registrar = await api.token({ roles: ['tenant-admin'], tenant: tenantId, sub: 'registrar@test' });
    const registered = await api.post(path('/agents'), registrar, {
      name: 'bot',
      team: 'support',
      role: 'bot',
      environment: 'prod',
      owner: 'o',
    });
    agentKey = registered.body.apiKey;
  });

  afterAll(async () => {
    await api.setClockOffset(0);
    await receiver.close();
  });

  it('creates a channel whose secret is shown once, and never again', async () => {
    const created = await api.put(path('/channels/approvers'), admin, {
      kind: 'webhook',
      url: `${receiver.url}/approvers`,
      events: ['Approval.Requested', 'Incident.Opened'],
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    expect(created.body.channel).toMatchObject({ name: 'approvers', kind: 'webhook', events: ['Approval.Requested', 'Incident.Opened'] });
    const read = await api.get(path('/channels/approvers'), admin);
    expect(JSON.stringify(read.body)).not.toContain(created.body.secret);
    const again = await api.put(path('/channels/approvers'), admin, {
      kind: 'webhook',
      url: `${receiver.url}/approvers`,
      events: ['Approval.Requested'],
    });
    expect(again.status).toBe(200);
    expect(again.body.secret).toBeUndefined();
    expect((await api.get(path('/channels'), admin)).body.items.map((channel: { name: string }) => channel.name)).toEqual(['approvers']);
  });

  it('sends a signed test delivery and logs it', async () => {
    const secret = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    await api.put(path('/channels/tests'), admin, { kind: 'webhook', url: `${receiver.url}/tests`, events: ['Incident.Opened'], secret });
    const tested = await api.post(path('/channels/tests/test'), admin, {});
    expect(tested.body).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, type: 'Warden.Test' });
    const request = receiver.received.find((entry) => entry.path === '/tests')!;
    expect(verified(secret, request)).toMatchObject({ type: 'Warden.Test', data: { tenantId, channel: 'tests' } });
    expect(() => verified('whsec_' + Buffer.alloc(32, 8).toString('base64'), request)).toThrow();
    const log = await api.get(path('/channels/tests/deliveries'), admin);
    expect(log.body.items).toEqual([expect.objectContaining({ id: tested.body.id, status: 'delivered', attempts: 1 })]);
  });

  it('tells approvers that an approval waits for them, with a link to it, signed', async () => {
    const secret = 'whsec_' + Buffer.alloc(32, 9).toString('base64');
    await api.put(path('/channels/approvers'), admin, {
      kind: 'webhook',
      url: `${receiver.url}/approvers`,
      events: ['Approval.Requested'],
      secret,
    });
    const asked = await api.request('POST', '/v1/authorize', {
      token: agentKey,
      body: { action: 'tool:invoke', tool: 'stripe.refund', resource: 'charge/1' },
    });
    expect(asked.body.effect).toBe('require_approval');
    const request = await eventually(async () => receiver.received.find((entry) => entry.path === '/approvers'));
    const delivered = verified(secret, request);
    expect(delivered).toMatchObject({
      type: 'Approval.Requested',
      data: {
        tenantId,
        approvalId: asked.body.approvalId,
        awaiting: expect.any(String),
        links: { approval: `/v1/tenants/${tenantId}/approvals/${asked.body.approvalId}` },
      },
    });
  });

  it("streams the tenant's decisions to a channel subscribed to Decision.Made, in signed batches, each decision once", async () => {
    const secret = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    const put = await api.put(path('/channels/feed'), admin, {
      kind: 'webhook',
      url: `${receiver.url}/feed`,
      events: ['Decision.Made'],
      secret,
    });
    expect(put.status).toBe(201);
    const decide = async (resource: string) => {
      const answered = await api.request('POST', '/v1/authorize', { token: agentKey, body: { action: 'crm:read', resource } });
      expect(answered.body.effect).toBe('deny');
      return answered.body.decisionId as string;
    };
    type Feed = { type: string; data: { tenantId: string; decisions: { decisionId: string; effect: string; action: string }[] } };
    const fed = () =>
      receiver.received.filter((entry) => entry.path === '/feed').map((entry) => verified(secret, entry) as unknown as Feed);
    const fedIds = () => fed().flatMap((delivery) => delivery.data.decisions.map((decision) => decision.decisionId));
    // The feed reads a tenant's subscriptions again every 10 s: decide until decisions come through.
    const early: string[] = [];
    await eventually(
      async () => {
        early.push(await decide('feed/first'));
        return early.some((id) => fedIds().includes(id)) || undefined;
      },
      { timeoutMs: 30_000, intervalMs: 1_000 },
    );
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push(await decide(`feed/${i}`));
    await eventually(async () => made.every((id) => fedIds().includes(id)) || undefined, { timeoutMs: 20_000 });
    expect(
      fedIds()
        .filter((id) => made.includes(id))
        .sort(),
    ).toEqual([...made].sort());
    for (const delivery of fed()) {
      expect(delivery).toMatchObject({ type: 'Decision.Made', data: { tenantId } });
      for (const decision of delivery.data.decisions) expect(decision).toMatchObject({ action: 'crm:read', effect: 'deny' });
    }
    const log = await api.get(path('/channels/feed/deliveries'), admin);
    expect(
      log.body.items.every(
        (delivery: { type: string; status: string }) => delivery.type === 'Decision.Made' && delivery.status === 'delivered',
      ),
    ).toBe(true);
    expect((await api.delete(path('/channels/feed'), admin)).status).toBe(204);
  });

  it('tries a failing receiver again with the same webhook-id until it answers', async () => {
    receiver.answer('/flaky', 503);
    await api.put(path('/channels/flaky'), admin, { kind: 'webhook', url: `${receiver.url}/flaky`, events: ['Approval.Requested'] });
    await api.request('POST', '/v1/authorize', {
      token: agentKey,
      body: { action: 'tool:invoke', tool: 'stripe.refund', resource: 'charge/2' },
    });
    const first = await eventually(async () => {
      const log = await api.get(path('/channels/flaky/deliveries'), admin);
      return log.body.items[0]?.status === 'retrying' ? log.body.items[0] : undefined;
    });
    expect(first).toMatchObject({ attempts: 1, lastStatusCode: 503, type: 'Approval.Requested' });

    receiver.answer('/flaky', 204);
    await api.setClockOffset(61_000);
    const second = await eventually(
      async () => {
        const log = await api.get(path('/channels/flaky/deliveries'), admin);
        return log.body.items[0]?.status === 'delivered' ? log.body.items[0] : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(second).toMatchObject({ id: first.id, attempts: 2, lastStatusCode: 204 });
    const ids = receiver.received.filter((entry) => entry.path === '/flaky').map((entry) => entry.headers['webhook-id']);
    expect(ids).toEqual([first.id, first.id]);
  });

  it('refuses URLs that reach inside a network or are not https, naming the field', async () => {
    for (const url of [
      'https://169.254.169.254/latest/meta-data',
      'https://10.0.0.8/hook',
      'http://hooks.example.com/x',
      'https://user:pw@hooks.example.com',
      'not a url',
    ]) {
      const refused = await api.put(path('/channels/bad'), admin, { kind: 'webhook', url, events: ['Incident.Opened'] });
      expect(refused.status, url).toBe(400);
      expect(JSON.stringify(refused.body.error), url).toContain('url');
    }
    const events = await api.put(path('/channels/bad'), admin, { kind: 'webhook', url: `${receiver.url}/x`, events: ['Policy.Published'] });
    expect(events.status).toBe(400);
    expect(JSON.stringify(events.body.error)).toContain('events');
  });

  it('deletes a channel', async () => {
    expect((await api.request('DELETE', path('/channels/tests'), { token: admin })).status).toBe(204);
    expect((await api.get(path('/channels/tests'), admin)).status).toBe(404);
    expect((await api.request('DELETE', path('/channels/tests'), { token: admin })).status).toBe(404);
  });
});
