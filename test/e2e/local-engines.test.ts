/**
 * Local engines end to end, against the local runtime: an evaluator decides where the agent runs,
 * writes each decision to its durable log before answering, and ships the log to
 * POST /v1/decision-logs, where every local decision lands in the audit log and in usage exactly
 * once — through a publish, an approval (escalated, its grant coming back in the bundle), a
 * quarantine, a spent quota lease, a suspension, and a process that dies before shipping.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CentralRefusalError, createEvaluator, type Evaluator } from '../../packages/evaluator/src';
import { eventually, meteredUsage, registerAgent, tenantWithAgent, wardenClient } from '../support/warden-client';

const url = inject('runtimeUrl');
const api = wardenClient(url, inject('runtimeDataDir'));

const POLICY = {
  defaults: { prod: 'deny' },
  rules: [
    { id: 'read', effect: 'allow', actions: ['tickets:read'] },
    { id: 'write', effect: 'require_approval', actions: ['tickets:write'], risk: 'low' },
  ],
};

describe('Local engines', () => {
  let tenantId: string;
  let admin: string;
  let agent: { id: string; apiKey: string };
  let evaluator: Evaluator;
  let logDirectory: string;
  const running: Evaluator[] = [];
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  const period = new Date().toISOString().slice(0, 7);
  const newDirectory = () => mkdtemp(join(tmpdir(), 'warden-evaluator-'));

  /** An evaluator of `apiKey` polling and shipping fast, stopped after the suite. */
  async function started(apiKey: string, options: { leaseUnits?: number; logDirectory?: string } = {}) {
    const started = createEvaluator({
      url,
      apiKey,
      logDirectory: options.logDirectory ?? (await newDirectory()),
      pollIntervalMs: 100,
      shipIntervalMs: 100,
      ...(options.leaseUnits ? { leaseUnits: options.leaseUnits } : {}),
    });
    await started.start();
    running.push(started);
    return started;
  }

  /** The agent's audit records of the last hour (all of them: fewer than a page). */
  const auditOf = async (agentId: string) => {
    const listed = await api.get(path(`/audit?agentId=${agentId}&kind=decision&limit=200`), admin);
    expect(listed.status).toBe(200);
    return listed.body.items as { id: string; origin?: string; effect: string; grantId?: string; bundleEtag?: string }[];
  };

  beforeAll(async () => {
    const created = await tenantWithAgent(api, 'local', POLICY);
    ({ tenantId, admin } = created);
    agent = { id: created.agentId, apiKey: created.apiKey };
    logDirectory = await newDirectory();
    evaluator = await started(agent.apiKey, { logDirectory });
  });

  afterAll(async () => {
    for (const each of running) await each.stop();
  });

  it('decides locally, audits every decision exactly once with its bundle, and meters it, however often it is shipped', async () => {
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await evaluator.decide({ action: 'tickets:read', resource: `tickets/${i}` }));
    for (let i = 0; i < 5; i++) answers.push(await evaluator.decide({ action: 'tickets:delete', resource: `tickets/${i}` }));
    expect(answers.every((answer) => answer.origin === 'local')).toBe(true);
    expect(answers.filter((answer) => answer.effect === 'allow')).toHaveLength(20);
    expect(answers[0]).toMatchObject({ effect: 'allow', rule: { id: 'read', scope: 'tenant' } });
    expect(answers[24]).toMatchObject({ effect: 'deny' });

    await evaluator.flush();
    const audit = await auditOf(agent.id);
    expect(audit.map((record) => record.id).sort()).toEqual(answers.map((answer) => answer.decisionId).sort());
    expect(audit.every((record) => record.origin === 'local' && record.bundleEtag === evaluator.bundle!.etag)).toBe(true);
    await meteredUsage(api, tenantId, period, admin, 25);

    // Shipped again from the start (as after a crash between shipping and confirming): all duplicates.
    await evaluator.stop();
    await writeFile(join(logDirectory, 'shipped.json'), JSON.stringify({ offset: 0 }));
    evaluator = await started(agent.apiKey, { logDirectory });
    await evaluator.flush();
    expect(evaluator.stats).toMatchObject({ shipped: 0, duplicates: 25 });
    // Sent again without saying so: not looked up, written again unchanged — still one record, metered once.
    const [first] = (await readFile(join(logDirectory, 'decisions.ndjson'), 'utf8')).split('\n');
    const again = await fetch(`${url}/v1/decision-logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decisions: [JSON.parse(first!)] }),
    });
    expect(again.status).toBe(200);
    const one = await evaluator.decide({ action: 'tickets:read', resource: 'tickets/after' });
    await evaluator.flush();
    expect(await auditOf(agent.id)).toHaveLength(26);
    expect((await meteredUsage(api, tenantId, period, admin, 26)).totals.decisions).toBe(26);
    expect(one.origin).toBe('local');
  });

  it('takes a publish from its next poll, escalates what needs approval, and decides with the grant that comes back', async () => {
    const saved = await api.put(path('/policies/team:ops'), admin, {
      reason: 'local engines',
      rules: [{ id: 'ops-data', effect: 'allow', actions: ['data:read'] }],
    });
    expect((await api.post(path(`/policies/team:ops/versions/${saved.body.version}/publish`), admin, { reason: 'test' })).status).toBe(200);
    await eventually(async () => (evaluator.check({ action: 'data:read' })?.effect === 'allow' ? true : undefined));
    expect(await evaluator.decide({ action: 'data:read' })).toMatchObject({ origin: 'local', rule: { id: 'ops-data' } });

    const asked = await evaluator.decide({ action: 'tickets:write', resource: 'tickets/9' });
    expect(asked).toMatchObject({ origin: 'central', effect: 'require_approval', approvalId: expect.stringMatching(/^apr_/) });
    const security = await api.token({ roles: ['security'], tenant: tenantId, sub: `security@${tenantId}` });
    expect((await api.post(path(`/approvals/${asked.approvalId}/approve`), security, { comment: 'ok' })).status).toBe(200);
    const grant = await eventually(async () => evaluator.bundle?.grants[0]);
    const granted = await evaluator.decide({ action: 'tickets:write', resource: 'tickets/9' });
    expect(granted).toMatchObject({ origin: 'local', effect: 'allow', grantId: grant.id });

    await evaluator.flush();
    // Nothing it decided was refused (a refusal would be in its dead letters, with the reason).
    expect(await readFile(join(logDirectory, 'dead-letters.ndjson'), 'utf8').catch(() => '')).toBe('');
    const audit = await auditOf(agent.id);
    expect(audit.find((record) => record.id === asked.decisionId)).toMatchObject({ effect: 'require_approval' });
    expect(audit.find((record) => record.id === asked.decisionId)?.origin).toBeUndefined();
    expect(audit.find((record) => record.id === granted.decisionId)).toMatchObject({ origin: 'local', effect: 'allow', grantId: grant.id });
  });

  it('ships what a process decided before it died, once, from the log it left', async () => {
    const directory = await newDirectory();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/evaluator-crash.mts'], {
      env: { ...process.env, WARDEN_URL: url, WARDEN_API_KEY: agent.apiKey, WARDEN_LOG_DIR: directory, WARDEN_DECISIONS: '7' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const signal = await new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    expect(signal).toBe('SIGKILL');
    const decided = JSON.parse(output) as string[];
    expect(decided).toHaveLength(7);
    expect((await readFile(join(directory, 'decisions.ndjson'), 'utf8')).trim().split('\n')).toHaveLength(7);

    const restarted = await started(agent.apiKey, { logDirectory: directory });
    await restarted.flush();
    expect(restarted.stats.shipped).toBe(7);
    const audit = await auditOf(agent.id);
    for (const id of decided) expect(audit.filter((record) => record.id === id)).toHaveLength(1);
  });

  it('never decides past its lease: once the quota is spent, the API decides, and refuses', async () => {
    const limited = await registerAgent(api, tenantId, admin, { name: 'limited', quotas: { decisionsPerDay: 12 } });
    const local = await started(limited.apiKey, { leaseUnits: 5 });
    for (let i = 0; i < 12; i++) expect(await local.decide({ action: 'tickets:read' })).toMatchObject({ origin: 'local', effect: 'allow' });
    const refused = await local.decide({ action: 'tickets:read' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CentralRefusalError);
    expect((refused as CentralRefusalError).status).toBe(429);
    expect(local.stats).toMatchObject({ local: 12, central: 0 });
    await local.flush();
    expect(await auditOf(limited.id)).toHaveLength(12);
  });

  it('follows a quarantine a playbook put on the agent when its lease crossed 80 % of its quota', async () => {
    const watched = await registerAgent(api, tenantId, admin, { name: 'watched', quotas: { decisionsPerDay: 100 } });
    const playbook = await api.put(path('/playbooks/hold-watched'), admin, {
      trigger: { event: 'Quota.Threshold', match: { scope: 'agent', subject: watched.id } },
      steps: [{ type: 'quarantine_agent', hours: 1 }],
    });
    expect(playbook.status).toBe(201);
    const local = await started(watched.apiKey, { leaseUnits: 80 });
    expect(await local.decide({ action: 'tickets:read' })).toMatchObject({ origin: 'local', effect: 'allow' });
    await eventually(async () => (local.bundle?.quarantine ? true : undefined), { timeoutMs: 20_000 });
    expect(local.check({ action: 'tickets:read' })).toMatchObject({ effect: 'require_approval', rule: { id: 'quarantine' } });
    const escalated = await local.decide({ action: 'tickets:read' });
    expect(escalated).toMatchObject({ origin: 'central', effect: 'require_approval', approvalId: expect.stringMatching(/^apr_/) });
    expect(local.leasedUnits).toBe(79);
  });

  it('ships what it decided before a suspension, and then asks the API, which refuses', async () => {
    const suspended = await registerAgent(api, tenantId, admin, { name: 'suspended' });
    const local = createEvaluator({ url, apiKey: suspended.apiKey, logDirectory: await newDirectory() });
    running.push(local);
    await local.refresh();
    for (let i = 0; i < 3; i++) await local.decide({ action: 'tickets:read' });
    expect((await api.post(path(`/agents/${suspended.id}/suspend`), admin, { reason: 'test' })).status).toBe(200);
    await expect(local.refresh()).rejects.toThrow(/403/);
    const refused = await local.decide({ action: 'tickets:read' }).catch((error: unknown) => error);
    expect((refused as CentralRefusalError).status).toBe(403);
    await local.flush();
    expect(local.stats).toMatchObject({ local: 3, shipped: 3 });
    expect((await auditOf(suspended.id)).filter((record) => record.origin === 'local')).toHaveLength(3);
  });

  it('serves many agents as a decision point (warden engine serve), with /v1/authorize answers, and ships all before it exits', async () => {
    const second = await registerAgent(api, tenantId, admin, { name: 'second' });
    const server = spawn(
      process.execPath,
      ['cli/warden.js', 'engine', 'serve', '--url', url, '--port', '0', '--log-dir', await newDirectory(), '--poll', '100'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    const pointUrl = await new Promise<string>((resolve, reject) => {
      let output = '';
      server.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /listening on (http:\/\/\S+)/.exec(output);
        if (found) resolve(found[1]!);
      });
      server.on('exit', () => reject(new Error(`the decision point exited: ${output}`)));
    });
    const post = async (key: string, path: string, body: unknown) => {
      const response = await fetch(`${pointUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    };

    const one = await post(agent.apiKey, '/v1/authorize', { action: 'tickets:read' });
    expect(one).toMatchObject({ status: 200, body: { effect: 'allow', rule: { id: 'read' }, policyEpoch: expect.any(Number) } });
    expect(one.body.decisionId).toMatch(/^dec_/);
    const batch = await post(second.apiKey, '/v1/authorize/batch', {
      requests: [{ action: 'tickets:read' }, { action: 'tickets:delete' }],
    });
    expect(batch.body.results.map((answer: { effect: string }) => answer.effect)).toEqual(['allow', 'deny']);
    const central = await fetch(`${url}/v1/authorize`, {
      method: 'POST',
      headers: { authorization: `Bearer ${second.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'tickets:read' }),
    });
    expect(Object.keys(one.body).sort()).toEqual(Object.keys((await central.json()) as object).sort());
    expect((await post('wdn_made_up_key', '/v1/authorize', { action: 'tickets:read' })).status).toBe(401);
    const invalid = await post(agent.apiKey, '/v1/authorize', { action: 42 });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body.error.details)).toContain('action');

    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    const audit = await auditOf(second.id);
    expect(
      audit
        .filter((record) => record.origin === 'local')
        .map((record) => record.id)
        .sort(),
    ).toEqual(batch.body.results.map((answer: { decisionId: string }) => answer.decisionId).sort());
    expect((await auditOf(agent.id)).some((record) => record.id === one.body.decisionId)).toBe(true);
  });

  it('keeps the decisions Warden refuses in its dead-letter file, with the reason', async () => {
    const directory = await newDirectory();
    const local = await started(agent.apiKey, { logDirectory: directory });
    await local.decide({ action: 'tickets:read' });
    const forged = {
      localId: 'forged-000001',
      at: new Date().toISOString(),
      request: { action: 'tickets:read' },
      effect: 'allow',
      bundleEtag: '"b1-forged"',
    };
    await writeFile(join(directory, 'decisions.ndjson'), `${JSON.stringify(forged)}\n`, { flag: 'a' });
    await local.flush();
    const deadLetters = (await readFile(join(directory, 'dead-letters.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(deadLetters).toEqual([expect.objectContaining({ entry: forged, reason: 'unknown_bundle' })]);
    expect(local.stats.deadLettered).toBe(1);
  });
});
