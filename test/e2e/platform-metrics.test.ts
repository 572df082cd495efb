/**
 * The platform view over HTTP: decisions made through the local runtime reach GET /v1/metrics
 * through the audit stream and the rollups, beside the system's stream lag (the consumers' notes),
 * dead letters (the local dead-letter file, read through the AWS endpoint's SQS call), error rate
 * (the functions' answer counts) and merged latency. Who may see it: test/security/platform-metrics-scope.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, unique, wardenClient } from '../support/warden-client';

const dataDir = inject('runtimeDataDir');
const api = wardenClient(inject('runtimeUrl'), dataDir);

/** Lines in the runtime's dead-letter file, as the local queue counts them. */
const deadLetterLines = () => {
  const file = join(dataDir, 'dead-letters.jsonl');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim().length > 0).length
    : 0;
};

describe('Platform metrics', () => {
  let platform: string;
  // Ids early in the tenant list (the view reads the first 100 tenants by id).
  const busy = unique('aaa-busy');
  const quiet = unique('aaa-quiet');

  beforeAll(async () => {
    platform = await api.token({ roles: ['platform-admin'] });
    for (const [id, decisions] of [
      [busy, 6],
      [quiet, 2],
    ] as const) {
      expect((await api.post('/v1/tenants', platform, { id, name: id, tier: 'business', environments: ['prod'] })).status).toBe(201);
      const admin = await api.token({ roles: ['tenant-admin'], tenant: id });
      const path = (rest: string) => `/v1/tenants/${id}${rest}`;
      await api.post(path('/teams'), admin, { name: 'ops' });
      await api.put(path('/roles/bot'), admin, { description: 'bot' });
      await api.put(path('/policies/tenant'), admin, {
        reason: 'r',
        rules: [{ id: 'read', effect: 'allow', actions: ['tool:invoke'], tools: ['zendesk.read'] }],
      });
      expect((await api.post(path('/policies/tenant/versions/1/publish'), admin, { reason: 'r' })).status).toBe(200);
      const registered = await api.post(path('/agents'), admin, { name: 'a', team: 'ops', role: 'bot', environment: 'prod', owner: 'o' });
      expect(registered.status).toBe(201);
      const key = registered.body.apiKey as string;
      // Half allowed, half denied.
      const answers = await Promise.all(
        Array.from({ length: decisions }, (_, index) =>
          api.request('POST', '/v1/authorize', {
            token: key,
            body: { action: 'tool:invoke', tool: index % 2 === 0 ? 'zendesk.read' : 'zendesk.delete' },
          }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(decisions).fill(200));
    }
  });

  it('lists tenants busiest first with their decisions, deny rate and active agents, from the rollups', async () => {
    const metrics = await eventually(async () => {
      const answer = await api.get('/v1/metrics?window=24h&limit=100', platform);
      expect(answer.status).toBe(200);
      const mine = answer.body.tenants.filter((tenant: { tenantId: string }) => [busy, quiet].includes(tenant.tenantId));
      return mine.length === 2 && mine.every((tenant: { decisions: number }) => tenant.decisions > 0) && mine[0].decisions === 6
        ? answer.body
        : undefined;
    });
    expect(Object.keys(metrics).sort()).toEqual(['from', 'system', 'tenants', 'to', 'window']);
    expect(metrics.window).toBe('24h');
    const rows = metrics.tenants as { tenantId: string; decisions: number }[];
    expect(rows.find((row) => row.tenantId === busy)).toEqual({
      tenantId: busy,
      activeAgents: 1,
      decisions: 6,
      denyRate: 0.5,
      openIncidents: 0,
    });
    expect(rows.find((row) => row.tenantId === quiet)).toEqual({
      tenantId: quiet,
      activeAgents: 1,
      decisions: 2,
      denyRate: 0.5,
      openIncidents: 0,
    });
    expect(rows.map((row) => row.decisions)).toEqual([...rows.map((row) => row.decisions)].sort((a, b) => b - a));
  });

  it("reports the system: merged latency, a stream lag of seconds, the dead letters waiting and the API's error rate", async () => {
    const answer = await eventually(async () => {
      const read = await api.get('/v1/metrics?window=1h', platform);
      return read.body.system?.latencyMs?.p50 !== null ? read : undefined;
    });
    const { system } = answer.body;
    expect(system.latencyMs.p50).toBeGreaterThan(0);
    expect(system.latencyMs.p99).toBeGreaterThanOrEqual(system.latencyMs.p50);
    expect(system.streamLagSeconds).toBeGreaterThanOrEqual(0);
    expect(system.streamLagSeconds).toBeLessThan(30);
    expect(system.deadLetters).toBe(deadLetterLines());
    expect(system.errorRate).toBeGreaterThanOrEqual(0);
    expect(system.errorRate).toBeLessThan(0.5);
  });

  it('lists at most `limit` tenants', async () => {
    const answer = await api.get('/v1/metrics?window=7d&limit=1', platform);
    expect(answer.status).toBe(200);
    expect(answer.body.tenants).toHaveLength(1);
  });

  it('refuses an unknown window or a limit out of bounds, naming the field', async () => {
    const window = await api.get('/v1/metrics?window=2d', platform);
    expect(window.status).toBe(400);
    expect(JSON.stringify(window.body.error.details)).toContain('window');
    const limit = await api.get('/v1/metrics?limit=101', platform);
    expect(limit.status).toBe(400);
    expect(JSON.stringify(limit.body.error.details)).toContain('limit');
    expect((await api.get('/v1/metrics?tenant=x', platform)).status).toBe(400);
  });
});
