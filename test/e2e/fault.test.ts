/**
 * Fault test (bounded, loopback only): about 2,000 decisions at 32 concurrent while DynamoDB Local
 * is stopped for a few seconds and started again with its data. Every 200 answer has its audit
 * record, every failure is a 503 in the error shape, no allow is given without an audit record,
 * and usage counters equal the audited decisions. Runs on its own runtime (the shared one keeps
 * its database).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../support/test-runtime';
import { meteredUsage, unique, wardenClient } from '../support/warden-client';

const TOTAL = 2000;
const CONCURRENCY = 32;

describe('Decisions while the database goes away and comes back', () => {
  let runtime: TestRuntime;
  let api: ReturnType<typeof wardenClient>;
  let tenantId: string;
  let admin: string;
  let agentId: string;
  let apiKey: string;

  beforeAll(async () => {
    runtime = await startTestRuntime({ WARDEN_CACHE_STALENESS_SECONDS: '1', WARDEN_LOG_LEVEL: 'ERROR' });
    api = wardenClient(runtime.url, runtime.dataDir);
    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('fault');
    expect(
      (await api.post('/v1/tenants', platform, { id: tenantId, name: 'Fault', tier: 'business', environments: ['prod'] })).status,
    ).toBe(201);
    admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
    await api.post(`/v1/tenants/${tenantId}/teams`, admin, { name: 'ops' });
    await api.put(`/v1/tenants/${tenantId}/roles/bot`, admin, { description: 'bot' });
    const registered = await api.post(`/v1/tenants/${tenantId}/agents`, admin, {
      name: 'f',
      team: 'ops',
      role: 'bot',
      environment: 'prod',
      owner: 'o',
    });
    agentId = registered.body.agent.id;
    apiKey = registered.body.apiKey;
    await api.put(`/v1/tenants/${tenantId}/policies/tenant`, admin, {
      reason: 'r',
      rules: [{ id: 'work', effect: 'allow', actions: ['work:*'] }],
    });
    expect((await api.post(`/v1/tenants/${tenantId}/policies/tenant/versions/1/publish`, admin, { reason: 'r' })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  /** Every audited decision of the agent (pages through the audit log). */
  async function auditedIds(): Promise<Set<string>> {
    const ids = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await api.get(
        `/v1/tenants/${tenantId}/audit?agentId=${agentId}&kind=decision&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        admin,
      );
      expect(page.status).toBe(200);
      for (const item of page.body.items) ids.add(item.id);
      cursor = page.body.nextCursor;
    } while (cursor);
    return ids;
  }

  it('answers 200 with an audit record or 503 in the error shape, never an unrecorded allow, and counts exactly', async () => {
    const outcomes: { status: number; body: any }[] = [];
    let next = 0;
    let restarted = false;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < TOTAL) {
          const n = next++;
          if (!restarted && n >= 300) {
            restarted = true;
            expect((await api.request('POST', '/_local/dynamodb/restart', { body: { downMs: 3000 } })).status).toBe(202);
          }
          const response = await api.request('POST', '/v1/authorize', { token: apiKey, body: { action: `work:${n}` } });
          outcomes.push({ status: response.status, body: response.body });
          // A well-behaved agent honours Retry-After on a 503.
          if (response.status === 503)
            await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get('retry-after') ?? 1)));
        }
      }),
    );
    for (let i = 0; i < 200 && !(await api.get('/_local/dynamodb')).body.up; i++) await new Promise((resolve) => setTimeout(resolve, 100));

    expect(outcomes).toHaveLength(TOTAL);
    const statuses = new Set(outcomes.map((outcome) => outcome.status));
    expect(
      [...statuses].every((status) => status === 200 || status === 503),
      [...statuses].join(','),
    ).toBe(true);
    const failures = outcomes.filter((outcome) => outcome.status === 503);
    const answers = outcomes.filter((outcome) => outcome.status === 200);
    expect(failures.length).toBeGreaterThan(0);
    expect(answers.length).toBeGreaterThan(TOTAL / 2);
    for (const failure of failures)
      expect(failure.body).toEqual({
        error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array), requestId: expect.any(String) },
      });

    const audited = await auditedIds();
    const unrecorded = answers.filter((answer) => !audited.has(answer.body.decisionId));
    expect(unrecorded).toEqual([]);
    expect(answers.every((answer) => answer.body.effect === 'allow')).toBe(true);

    // Usage is counted from the audit stream, which carries on after the restart: it reaches the audited number exactly.
    const usage = await meteredUsage(api, tenantId, new Date().toISOString().slice(0, 7), admin, audited.size, { timeoutMs: 60_000 });
    expect(usage.totals.decisions).toBe(audited.size);
  }, 240_000);
});
