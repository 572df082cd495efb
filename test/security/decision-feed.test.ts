/**
 * The live decision feed against a hostile neighbour: each tenant's channel subscribed to
 * `Decision.Made` gets that tenant's decisions only, and a tenant whose receiver never answers
 * does not stop another tenant's feed (each attempt gives up after 5 s; the rest go on).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, tenantWithAgent, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

interface Fed {
  readonly path: string;
  readonly body: { type: string; data: { tenantId: string; decisions: { decisionId: string; tenantId: string }[] } };
}

describe('Decision feed isolation', () => {
  let server: Server;
  let base: string;
  const received: Fed[] = [];
  let calm: Awaited<ReturnType<typeof tenantWithAgent>>;
  let hostile: Awaited<ReturnType<typeof tenantWithAgent>>;
  const decide = async (tenant: typeof calm) => {
    const answered = await api.request('POST', '/v1/authorize', { token: tenant.apiKey, body: { action: 'crm:read', resource: 'r/1' } });
    expect(answered.status).toBe(200);
    return answered.body.decisionId as string;
  };
  const fedIds = (path: string) =>
    received.filter((entry) => entry.path === path).flatMap((entry) => entry.body.data.decisions.map((d) => d.decisionId));

  beforeAll(async () => {
    // `/stall` takes the request and never answers; `/calm` answers at once.
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ path: request.url ?? '', body: JSON.parse(body) });
        if (request.url !== '/stall') response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    [calm, hostile] = await Promise.all([tenantWithAgent(api, 'feedcalm'), tenantWithAgent(api, 'feedhostile')]);
    for (const [tenant, path] of [
      [calm, '/calm'],
      [hostile, '/stall'],
    ] as const) {
      const put = await api.put(`/v1/tenants/${tenant.tenantId}/channels/feed`, tenant.admin, {
        kind: 'webhook',
        url: `${base}${path}`,
        events: ['Decision.Made'],
      });
      expect(put.status).toBe(201);
    }
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("keeps flowing to one tenant while another tenant's receiver never answers, and never mixes their decisions", async () => {
    const calmIds: string[] = [];
    const hostileIds: string[] = [];
    await eventually(
      async () => {
        const [mine, theirs] = await Promise.all([decide(calm), decide(hostile)]);
        calmIds.push(mine);
        hostileIds.push(theirs);
        return fedIds('/calm').length >= 3 && fedIds('/stall').length > 0 ? true : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 500 },
    );
    for (const entry of received) {
      const owner = entry.path === '/calm' ? calm.tenantId : hostile.tenantId;
      expect(entry.body).toMatchObject({ type: 'Decision.Made', data: { tenantId: owner } });
      for (const decision of entry.body.data.decisions) expect(decision.tenantId).toBe(owner);
    }
    expect(fedIds('/calm').every((id) => calmIds.includes(id))).toBe(true);
    expect(fedIds('/stall').every((id) => hostileIds.includes(id))).toBe(true);
  });

  it("refuses another tenant's admin on the feed channel, and tells nothing", async () => {
    const read = await api.get(`/v1/tenants/${calm.tenantId}/channels/feed/deliveries`, hostile.admin);
    expect(read.status).toBe(403);
    expect(JSON.stringify(read.body)).not.toContain(base);
  });
});
