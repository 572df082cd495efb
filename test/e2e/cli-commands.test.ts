/**
 * The `warden` CLI's day-to-day commands against the local runtime, run as separate processes as a
 * person or a script would: agents, approvals and grants, audit (listed and followed), simulate,
 * usage, the billing export, incidents and maturity; tables for people, JSON for scripts, and the
 * API's errors with exit code 1 — including outside the caller's teams and tenant.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { cliUser } from '../support/warden-cli';
import { eventually, unique, wardenClient } from '../support/warden-client';

const url = inject('runtimeUrl');
const api = wardenClient(url, inject('runtimeDataDir'));

describe('warden day to day', () => {
  const admin = cliUser(url);
  let tenantId: string;
  let adminToken: string;
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  const authorize = async (key: string, body: unknown) => {
    const response = await fetch(`${url}/v1/authorize`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as { effect: string; approvalId?: string; decisionId: string };
  };

  beforeAll(async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('cli');
    expect(
      (await api.post('/v1/tenants', platform, { id: tenantId, name: 'CLI', tier: 'business', environments: ['dev', 'prod'] })).status,
    ).toBe(201);
    adminToken = await api.token({ roles: ['tenant-admin'], tenant: tenantId, sub: `admin@${tenantId}` });
    for (const name of ['support', 'billing']) expect((await api.post(path('/teams'), adminToken, { name })).status).toBe(201);
    expect((await api.put(path('/roles/bot'), adminToken, { description: 'A bot' })).status).toBe(201);
    const saved = await api.put(path('/policies/tenant'), adminToken, {
      reason: 'cli',
      rules: [
        { id: 'exports', effect: 'require_approval', actions: ['data:export'], risk: 'high' },
        { id: 'reads', effect: 'allow', actions: ['tickets:read'] },
      ],
    });
    expect((await api.post(path(`/policies/tenant/versions/${saved.body.version}/publish`), adminToken, { reason: 'go' })).status).toBe(
      200,
    );
    expect((await admin.run(['login', '--role', 'tenant-admin', '--tenant', tenantId, '--sub', `ops@${tenantId}`])).code).toBe(0);
  });

  it('registers, lists, shows, rotates, suspends, reinstates and decommissions an agent', async () => {
    const registered = await admin.run([
      'agents',
      'register',
      '--name',
      'triage',
      '--team',
      'support',
      '--role',
      'bot',
      '--environment',
      'prod',
      '--owner',
      'lead@x',
      '--label',
      'tier=gold',
    ]);
    expect(registered.code, registered.stderr).toBe(0);
    const agentId = /^id:\s+(agt_\w+)$/m.exec(registered.stdout)?.[1];
    const key = /^api key: (\S+)$/m.exec(registered.stdout)?.[1];
    expect(agentId).toBeDefined();
    expect((await authorize(key!, { action: 'tickets:read' })).effect).toBe('allow');

    const listed = await admin.run(['agents', 'ls', '--team', 'support']);
    expect(listed.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+TEAM\s+ROLE\s+ENV\s+STATUS\s+LAST SEEN$/);
    expect(listed.stdout).toMatch(new RegExp(`${agentId}\\s+triage\\s+support\\s+bot\\s+prod\\s+active`));
    expect((await admin.json(['agents', 'ls', '--team', 'billing'])).items).toEqual([]);
    expect(await admin.json(['agents', 'show', agentId!])).toMatchObject({ id: agentId, labels: { tier: 'gold' } });

    const rotated = await admin.json(['agents', 'rotate-key', agentId!, '--grace-minutes', '0']);
    expect(rotated.apiKey).toMatch(/^wdn_/);
    expect((await authorize(rotated.apiKey, { action: 'tickets:read' })).effect).toBe('allow');

    expect((await admin.run(['agents', 'suspend', agentId!, '--reason', 'investigating'])).stdout).toBe(`${agentId}: suspended\n`);
    expect((await api.get(path(`/agents/${agentId}`), adminToken)).body.status).toBe('suspended');
    expect((await admin.run(['agents', 'reinstate', agentId!])).stdout).toBe(`${agentId}: active\n`);
    expect((await admin.run(['agents', 'decommission', agentId!])).stdout).toBe(`${agentId}: decommissioned\n`);
    expect((await api.get(path(`/agents/${agentId}`), adminToken)).body.status).toBe('decommissioned');
  });

  it('answers approvals, lists the grant that follows and revokes it', async () => {
    const registered = await api.post(path('/agents'), adminToken, {
      name: 'exporter',
      team: 'billing',
      role: 'bot',
      environment: 'prod',
      owner: 'lead@x',
    });
    const key = registered.body.apiKey as string;
    const first = await authorize(key, { action: 'data:export', resource: 'reports/1' });
    expect(first.effect).toBe('require_approval');
    const second = await authorize(key, { action: 'data:export', resource: 'reports/2' });

    const pending = await admin.run(['approvals', 'ls']);
    expect(pending.stdout).toMatch(new RegExp(`${first.approvalId}\\s+pending\\s+high`));
    expect(pending.stdout).toContain('data:export reports/1');

    expect((await admin.run(['approvals', 'approve', first.approvalId!, '--comment', 'quarterly report'])).stdout).toBe(
      `${first.approvalId}: approved\n`,
    );
    expect((await admin.run(['approvals', 'reject', second.approvalId!, '--comment', 'not this one'])).stdout).toBe(
      `${second.approvalId}: rejected\n`,
    );
    expect((await admin.json(['approvals', 'ls', '--status', 'rejected'])).items.map((a: { id: string }) => a.id)).toContain(
      second.approvalId,
    );

    const grant = await eventually(async () => {
      const { items } = await admin.json(['grants', 'ls']);
      return (items as { id: string; approvalId: string }[]).find((item) => item.approvalId === first.approvalId);
    });
    expect((await admin.run(['grants', 'ls'])).stdout).toContain(grant.id);
    expect((await authorize(key, { action: 'data:export', resource: 'reports/1' })).effect).toBe('allow');
    expect((await admin.run(['grants', 'revoke', grant.id])).code).toBe(0);
    expect((await admin.json(['grants', 'ls'])).items.map((item: { id: string }) => item.id)).not.toContain(grant.id);
    expect((await authorize(key, { action: 'data:export', resource: 'reports/1' })).effect).toBe('require_approval');
  });

  it('lists the audit log and follows it as decisions are made', async () => {
    const registered = await api.post(path('/agents'), adminToken, {
      name: 'reader',
      team: 'support',
      role: 'bot',
      environment: 'prod',
      owner: 'lead@x',
    });
    const key = registered.body.apiKey as string;
    const since = new Date(Date.now() - 1000).toISOString();
    const first = await authorize(key, { action: 'tickets:read', resource: 'tickets/1' });

    const listed = await admin.json(['audit', 'ls', '--kind', 'decision', '--agent', registered.body.agent.id]);
    expect(listed.items.map((record: { id: string }) => record.id)).toEqual([first.decisionId]);

    // Follow: the first record comes from before, the second is made only once the tail has printed the first.
    const tail = spawn(
      process.execPath,
      [
        join(import.meta.dirname, '..', '..', 'cli', 'warden.js'),
        'audit',
        'tail',
        '--since',
        since,
        '--kind',
        'decision',
        '--agent',
        registered.body.agent.id,
        '--interval',
        '0.3',
        '--count',
        '2',
        '-o',
        'json',
      ],
      {
        env: { ...process.env, WARDEN_CONFIG_DIR: admin.configDir, WARDEN_URL: url },
      },
    );
    const lines: string[] = [];
    let second: Promise<{ decisionId: string }> | undefined;
    const exited = new Promise<number>((resolve) => tail.on('exit', (code) => resolve(code ?? 1)));
    tail.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      lines.push(...chunk.split('\n').filter(Boolean));
      if (lines.length >= 1 && !second) second = authorize(key, { action: 'tickets:read', resource: 'tickets/2' });
    });
    expect(await exited).toBe(0);
    const followed = lines.map((line) => JSON.parse(line) as { id: string; request: { resource: string } });
    expect(followed.map((record) => record.id)).toEqual([first.decisionId, (await second!).decisionId]);
    expect(followed[1]!.request.resource).toBe('tickets/2');
  });

  it('simulates, reports usage, exports the bill to a file and shows maturity', async () => {
    const simulated = await admin.run([
      'simulate',
      '--team',
      'support',
      '--role',
      'bot',
      '--environment',
      'prod',
      '--action',
      'data:export',
    ]);
    expect(simulated.stdout).toMatch(/^effect: require_approval$/m);
    expect(simulated.stdout).toMatch(/^rule:\s+exports \(tenant v\d+\)$/m);
    expect((await admin.run(['simulate', '--action', 'x'])).stderr).toContain('give --agent, or --team, --role and --environment');

    const usage = await admin.json(['usage']);
    expect(usage.totals.decisions).toBeGreaterThanOrEqual(1);
    expect((await admin.run(['usage', '--by', 'team'])).stdout).toMatch(/^TEAM\s+DECISIONS\s+ALLOWED\s+DENIED\s+APPROVALS$/m);

    const file = join(mkdtempSync(join(tmpdir(), 'warden-bill-')), 'bill.csv');
    const period = new Date().toISOString().slice(0, 7);
    const exported = await admin.run(['billing', 'export', '--period', period, '-o', file]);
    expect(exported.code, exported.stderr).toBe(0);
    const csv = readFileSync(file, 'utf8');
    expect(csv.split('\n')[0]).toContain('BilledCost');
    expect(exported.stdout).toBe(`wrote ${Buffer.byteLength(csv)} bytes to ${file}\n`);

    const maturity = await admin.json(['maturity']);
    expect(maturity.level).toBeGreaterThanOrEqual(1);
    expect((await admin.run(['maturity'])).stdout).toMatch(/^level:\s+\d \(\w+\)$/m);
    expect((await admin.json(['incidents', 'ls'])).items).toEqual([]);
  });

  it("prints the API's error with its code and exits 1; a team lead and another tenant are refused", async () => {
    const missing = await admin.run(['incidents', 'ack', 'inc_01ARZ3NDEKTSV4RRFFQ69G5FAV', '--note', 'x']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .+ \(not_found, HTTP 404\)$/m);

    const badInput = await admin.run([
      'agents',
      'register',
      '--name',
      'x',
      '--team',
      'support',
      '--role',
      'bot',
      '--environment',
      'PROD!',
      '--owner',
      'o',
    ]);
    expect(badInput.code).toBe(1);
    expect(badInput.stderr).toMatch(/\(invalid_input, HTTP 400\)\n\s+- environment: /);

    const other = await api.post(path('/agents'), adminToken, {
      name: 'biller',
      team: 'billing',
      role: 'bot',
      environment: 'prod',
      owner: 'lead@x',
    });
    const lead = cliUser(url);
    expect((await lead.run(['login', '--role', 'team-lead', '--tenant', tenantId, '--team', 'support'])).code).toBe(0);
    const outside = await lead.run(['agents', 'suspend', other.body.agent.id]);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/HTTP 40[34]\)/);
    expect((await api.get(path(`/agents/${other.body.agent.id}`), adminToken)).body.status).toBe('active');

    const stranger = cliUser(url);
    const strangerTenant = unique('cli-other');
    const platform = await api.token({ roles: ['platform-admin'] });
    expect(
      (await api.post('/v1/tenants', platform, { id: strangerTenant, name: 'Other', tier: 'business', environments: ['prod'] })).status,
    ).toBe(201);
    expect((await stranger.run(['login', '--role', 'tenant-admin', '--tenant', strangerTenant])).code).toBe(0);
    const crossing = await stranger.run(['--tenant', tenantId, 'agents', 'ls']);
    expect(crossing.code).toBe(1);
    expect(crossing.stderr).toMatch(/HTTP 40[34]\)/);
    expect(crossing.stdout).toBe('');
  });

  it('says how to sign in when there is no token, and exits 2 on bad usage', async () => {
    const nobody = cliUser(url);
    const unsigned = await nobody.run(['agents', 'ls']);
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toContain('Not signed in: run warden login');
    const unknown = await nobody.run(['agents', 'ls', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
  });

  it("follows a large export's download link to the file", async () => {
    // A server answering as the API does for an export over its inline limit: a link to object storage.
    const csv = 'BilledCost,SubAccountId\n1.00,acme\n'.repeat(2000);
    const storage = createServer((request, response) => {
      if (request.url?.startsWith('/v1/tenants/acme/billing/export')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(
          JSON.stringify({ download: { url: `http://127.0.0.1:${(storage.address() as AddressInfo).port}/objects/bill.csv` } }),
        );
      }
      response.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(Buffer.byteLength(csv)) });
      response.end(csv);
    });
    await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
    try {
      const file = join(mkdtempSync(join(tmpdir(), 'warden-bill-')), 'big.csv');
      const base = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
      const result = await cliUser(base).run(['--token', 'x', '--tenant', 'acme', 'billing', 'export', '--period', '2026-11', '-o', file]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('large export: downloading from its link');
      expect(readFileSync(file, 'utf8')).toBe(csv);
    } finally {
      storage.close();
    }
  });
});
