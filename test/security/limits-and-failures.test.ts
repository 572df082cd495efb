/**
 * Limits and failures answer fast and in the error shape (issue 15, point 7): a body over the
 * gateway's 10 MB gets a 413 (not a reset), headers over 16 KiB a 431 with a JSON body, and while
 * DynamoDB hangs a decision gets a 503 within the documented bound — and never an answer without
 * its audit record.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/test-runtime';
import { tenantWithAgent, wardenClient } from '../support/warden-client';

const errorShape = {
  error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array), requestId: expect.any(String) },
};

/** A raw HTTP request (fetch would refuse or rewrite some of what these tests send). */
function raw(url: string, options: { method: string; path: string; headers?: Record<string, string>; body?: Buffer }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const request = httpRequest({ hostname, port, method: options.method, path: options.path, headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

describe('The gateway', () => {
  const url = inject('runtimeUrl');

  it('answers a body over 10 MB with 413 in the error shape, not a connection reset', async () => {
    const body = Buffer.alloc(11 * 1024 * 1024, 'a');
    const response = await raw(url, {
      method: 'POST',
      path: '/v1/authorize',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual({ error: { ...errorShape.error, code: 'payload_too_large' } });
  });

  it('answers headers over 16 KiB with 431 in the error shape', async () => {
    const response = await raw(url, { method: 'GET', path: '/health', headers: { 'x-padding': 'p'.repeat(20_000) } });
    expect(response.status).toBe(431);
    expect(JSON.parse(response.body)).toEqual({ error: { ...errorShape.error, code: 'headers_too_large' } });
  });
});

describe('Decisions while DynamoDB hangs', () => {
  let runtime: TestRuntime;
  let api: ReturnType<typeof wardenClient>;
  let tenantId: string;
  let admin: string;
  let agentId: string;
  let apiKey: string;

  beforeAll(async () => {
    runtime = await startTestRuntime({ WARDEN_LOG_LEVEL: 'ERROR' });
    api = wardenClient(runtime.url, runtime.dataDir);
    ({ tenantId, admin, agentId, apiKey } = await tenantWithAgent(api, 'stall', {
      rules: [{ id: 'work', effect: 'allow', actions: ['work'] }],
    }));
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  it('answers 503 in the error shape within 6 s (two tries of 2 s each, and backoff), and every 200 has its audit record', async () => {
    // Warm: the key and the policy are cached, so the decision's only database call is its record.
    const warm = await api.request('POST', '/v1/authorize', { token: apiKey, body: { action: 'work' } });
    expect(warm.status).toBe(200);
    expect((await api.request('POST', '/_local/dynamodb/stall', { body: { stallMs: 9000 } })).status).toBe(202);
    const timed = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const started = Date.now();
        const response = await api.request('POST', '/v1/authorize', { token: apiKey, body: { action: 'work' } });
        return { response, ms: Date.now() - started };
      }),
    );
    for (const { response, ms } of timed) {
      expect(response.status).toBe(503);
      expect(response.body).toEqual(errorShape);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(ms).toBeLessThan(6000);
    }
    // Once it answers again, the answers that were given are all on record.
    let after = await api.request('POST', '/v1/authorize', { token: apiKey, body: { action: 'work' } });
    for (let i = 0; i < 40 && after.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      after = await api.request('POST', '/v1/authorize', { token: apiKey, body: { action: 'work' } });
    }
    expect(after.status).toBe(200);
    const audit = await api.get(`/v1/tenants/${tenantId}/audit?agentId=${agentId}&kind=decision&limit=100`, admin);
    const recorded = new Set(audit.body.items.map((item: { id: string }) => item.id));
    expect(recorded.has(warm.body.decisionId)).toBe(true);
    expect(recorded.has(after.body.decisionId)).toBe(true);
  }, 120_000);
});
