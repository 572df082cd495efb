/**
 * Policy as code driven through the `warden` CLI against the local runtime, as an engineer would in
 * a repository and in CI: login → pull → edit → test offline → plan → apply → a refused apply that
 * undoes itself → rollback; and the offline engine's answers checked against the server's simulate
 * for the same documents.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cliUser } from '../support/warden-cli';
import { unique, wardenClient } from '../support/warden-client';

const url = inject('runtimeUrl');
const api = wardenClient(url, inject('runtimeDataDir'));
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'policy-as-code', 'support-desk');

const folder = () => mkdtempSync(join(tmpdir(), 'warden-policies-'));
const readYaml = (path: string) => parse(readFileSync(path, 'utf8')) as any;

describe('warden policy, from a folder in git to the server and back', () => {
  const cli = cliUser(url);
  let tenantId: string;
  let admin: string;
  let agentId: string;
  let agentKey: string;
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;

  beforeAll(async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    tenantId = unique('pac');
    expect(
      (await api.post('/v1/tenants', platform, { id: tenantId, name: 'PaC', tier: 'business', environments: ['dev', 'prod'] })).status,
    ).toBe(201);
    admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId, sub: `admin@${tenantId}` });
    expect((await api.post(path('/teams'), admin, { name: 'support' })).status).toBe(201);
    expect((await api.put(path('/roles/support-bot'), admin, { description: 'Answers tickets' })).status).toBe(201);
    const registered = await api.post(path('/agents'), admin, {
      name: 'triage',
      team: 'support',
      role: 'support-bot',
      environment: 'prod',
      owner: 'lead@x',
    });
    agentId = registered.body.agent.id;
    agentKey = registered.body.apiKey;
    const saved = await api.put(path('/policies/tenant'), admin, {
      rules: [{ id: 'tickets', effect: 'allow', actions: ['tool:invoke', 'data:delete'], tools: ['*'] }],
      reason: 'start',
    });
    expect((await api.post(path(`/policies/tenant/versions/${saved.body.version}/publish`), admin, { reason: 'start' })).status).toBe(200);
    // A real decision for the impact replay to find.
    const decided = await fetch(`${url}/v1/authorize`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agentKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'data:delete', resource: 'customers/1' }),
    });
    expect(((await decided.json()) as { effect: string }).effect).toBe('allow');

    const login = await cli.run(['login', '--role', 'tenant-admin', '--tenant', tenantId, '--sub', `cli@${tenantId}`]);
    expect(login.code, login.stderr).toBe(0);
  });

  it('signs in through the local development sign-in and says who you are', async () => {
    const me = await cli.json(['whoami']);
    expect(me).toMatchObject({ sub: `cli@${tenantId}`, tenant: tenantId, roles: ['tenant-admin'], url });
    const config = JSON.parse(readFileSync(join(cli.configDir, 'config.json'), 'utf8'));
    expect(config.current).toBe('default');
  });

  it('pulls the active versions and the test library into the folder layout', async () => {
    const dir = folder();
    const pulled = await cli.json(['policy', 'pull', dir]);
    expect(pulled.versions).toEqual({ tenant: 1 });
    const active = (await api.get(path('/policies/tenant/versions/1'), admin)).body.document;
    expect(readYaml(join(dir, 'tenant.yaml'))).toEqual(active);
    expect(readYaml(join(dir, 'tests', 'library.yaml'))).toEqual({ scenarios: [] });
    // Pulled as it is, the folder plans no change.
    expect((await cli.run(['policy', 'plan', dir])).stdout).toContain('No changes');
  });

  it('plans, applies, refuses a change the server tests reject and undoes it, and rolls back', async () => {
    const dir = folder();
    expect((await cli.run(['policy', 'pull', dir])).code).toBe(0);

    // Edit: a team guardrail and a test for it.
    writeFileSync(join(dir, 'teams-support.tmp'), '');
    mkdirSync(join(dir, 'teams'));
    const teamDoc = { rules: [{ id: 'no-customer-delete', effect: 'deny', actions: ['data:delete'], resources: ['customers/**'] }] };
    writeFileSync(join(dir, 'teams', 'support.yaml'), stringify(teamDoc));
    writeFileSync(
      join(dir, 'tests', 'library.yaml'),
      stringify({
        scenarios: [
          {
            name: 'support never deletes customers',
            agent: { team: 'support', role: 'support-bot', environment: 'prod' },
            request: { action: 'data:delete', resource: 'customers/9' },
            expect: 'deny',
          },
        ],
      }),
    );
    // A stray file is not part of the layout: validate names it and fails.
    const stray = await cli.run(['policy', 'validate', dir]);
    expect(stray.code).toBe(1);
    expect(stray.stderr).toContain('teams-support.tmp: not part of the layout');
    rmSync(join(dir, 'teams-support.tmp'));

    const tested = await cli.run(['policy', 'test', dir, '--junit', join(dir, '..', `${tenantId}-junit.xml`)]);
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toContain('1 passed, 0 failed');
    expect(readFileSync(join(dir, '..', `${tenantId}-junit.xml`), 'utf8')).toContain(
      '<testcase classname="tests/library.yaml" name="support never deletes customers"/>',
    );

    const plan = await cli.json(['policy', 'plan', dir]);
    expect(plan.testsChange).toBe(true);
    expect(plan.changes).toHaveLength(1);
    const [change] = plan.changes;
    expect(change).toMatchObject({ scope: 'team:support', activeVersion: null, tests: { failed: 0 } });
    expect(change.diff.added.map((rule: { id: string }) => rule.id)).toEqual(['no-customer-delete']);
    // The recorded allow of data:delete would now be denied.
    expect(change.impact.changed).toBeGreaterThanOrEqual(1);
    expect(change.impact.transitions).toContainEqual(expect.objectContaining({ from: 'allow', to: 'deny' }));
    // Planning again reuses the same draft.
    expect((await cli.json(['policy', 'plan', dir])).changes[0].draftVersion).toBe(change.draftVersion);

    const applied = await cli.run(['policy', 'apply', dir, '--reason', 'support may not delete customers']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`Applied: team:support v${change.draftVersion}`);
    const heads = (await api.get(path('/policies'), admin)).body.items;
    expect(heads).toContainEqual(expect.objectContaining({ scope: 'team:support', activeVersion: change.draftVersion }));
    expect((await api.get(path('/policy-tests'), admin)).body.scenarios).toHaveLength(1);
    expect((await cli.run(['policy', 'apply', dir, '--reason', 'again'])).stdout).toContain('No changes');

    // A change the offline tests cannot see fail: a scenario naming the real agent, which only the server can run.
    const library = readYaml(join(dir, 'tests', 'library.yaml'));
    library.scenarios.push({
      name: 'triage reads the knowledge base',
      agentId,
      request: { action: 'data:read', resource: 'kb/1' },
      expect: 'allow',
    });
    writeFileSync(join(dir, 'tests', 'library.yaml'), stringify(library));
    writeFileSync(
      join(dir, 'teams', 'support.yaml'),
      stringify({ rules: [...teamDoc.rules, { id: 'kb', effect: 'allow', actions: ['data:read'], resources: ['kb/**'] }] }),
    );
    const tenantDoc = readYaml(join(dir, 'tenant.yaml'));
    tenantDoc.rules.push({ id: 'no-reads', effect: 'deny', actions: ['data:read'], locked: true });
    writeFileSync(join(dir, 'tenant.yaml'), stringify(tenantDoc));
    const offline = await cli.run(['policy', 'test', dir]);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain('SKIP  triage reads the knowledge base');

    const refused = await cli.run(['policy', 'apply', dir, '--reason', 'conflicting change']);
    expect(refused.code).toBe(1);
    // Both scopes publish; the server then runs the folder's library with them in force, and a test fails.
    expect(refused.stderr).toMatch(/published team:support v\d+\npublished tenant v\d+/);
    // One failure among the folder's two scenarios and whatever org-wide tests the platform keeps.
    expect(refused.stderr).toMatch(/refused: tests: 1 of \d+ policy tests fail with the folder in place/);
    expect(refused.stderr).toContain('triage reads the knowledge base: expected allow, got deny');
    expect(refused.stderr).toMatch(/undid tenant v\d+\nundid team:support v\d+\nrestored the earlier test library/);
    expect(refused.stderr).toContain('Nothing applied');
    // Nothing stays applied: the tests are restored and team:support carries its earlier content again.
    expect((await api.get(path('/policy-tests'), admin)).body.scenarios).toHaveLength(1);
    const after = (await api.get(path('/policies'), admin)).body.items as { scope: string; activeVersion: number }[];
    const team = after.find((head) => head.scope === 'team:support')!;
    const tenant = after.find((head) => head.scope === 'tenant')!;
    const tenantActive = (await api.get(path(`/policies/tenant/versions/${tenant.activeVersion}`), admin)).body;
    expect(tenantActive.contentHash).toBe((await api.get(path('/policies/tenant/versions/1'), admin)).body.contentHash);
    const teamActive = (await api.get(path(`/policies/team:support/versions/${team.activeVersion}`), admin)).body;
    expect(teamActive.document.rules.map((rule: { id: string }) => rule.id)).toEqual(['no-customer-delete']);

    // Rolling back publishes an earlier version's content again as a new version.
    const rolled = await cli.run(['policy', 'rollback', 'tenant', '--to', '1', '--reason', 'same content, new version']);
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(rolled.stdout).toMatch(/tenant: v1's content is active again as v\d+/);
    const versions = await cli.json(['policy', 'versions', 'tenant']);
    expect(versions[0]).toMatchObject({ status: 'active', reason: 'same content, new version' });
  });

  it('refuses an invalid folder with every problem named, exit code 1 and a JUnit report', async () => {
    const dir = folder();
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(
      join(dir, 'roles', 'broken.yaml'),
      stringify({ rules: [{ id: 'x', effect: 'allow', actions: ['a'], when: 'request.(' }] }),
    );
    writeFileSync(join(dir, 'teams', 'billing.yaml'), 'rules: [unclosed');
    const junit = join(dir, '..', `${tenantId}-invalid.xml`);
    const result = await cli.run(['policy', 'validate', dir, '--junit', junit]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('roles/broken.yaml rules.0.when');
    expect(result.stderr).toContain('teams/billing.yaml: not valid YAML or JSON');
    expect(readFileSync(junit, 'utf8')).toMatch(/failures="2"/);
    // Nothing reached the server.
    expect((await api.get(path('/policies'), admin)).body.items.map((head: { scope: string }) => head.scope)).not.toContain('role:broken');
  });
});

describe('warden policy test answers as the server does', () => {
  const cli = cliUser(url);

  it("decides every generated request offline exactly as the server's simulate does for the same documents", async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    const tenantId = unique('pacdiff');
    expect(
      (await api.post('/v1/tenants', platform, { id: tenantId, name: 'Diff', tier: 'business', environments: ['dev', 'prod'] })).status,
    ).toBe(201);
    const admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
    const dir = folder();
    cpSync(FIXTURE, dir, { recursive: true });

    // The org document is in force on the server too: the platform pulls it, and the folder carries a copy for offline runs.
    const orgDir = folder();
    const pulledOrg = await cli.run(['--token', platform, 'policy', 'pull', '--org', orgDir]);
    expect(pulledOrg.code, pulledOrg.stderr).toBe(0);
    try {
      cpSync(join(orgDir, 'org.yaml'), join(dir, 'org.yaml'));
    } catch {
      // no org document is active: nothing to copy
    }

    const applied = await cli.run(['--token', admin, 'policy', 'apply', dir, '--reason', 'fixture']);
    expect(applied.code, applied.stderr).toBe(0);

    const agents = [
      { team: 'support', role: 'support-bot', environment: 'prod', labels: { tier: 'gold' } },
      { team: 'support', role: 'support-bot', environment: 'dev' },
      { team: 'billing', role: 'analyst', environment: 'prod' },
      { team: 'billing', role: 'support-bot', environment: 'dev', labels: { tier: 'silver' } },
    ];
    const requests = [
      { action: 'tool:invoke', tool: 'zendesk.read', resource: 'tickets/1' },
      { action: 'tool:invoke', tool: 'zendesk.reply' },
      { action: 'tool:invoke', tool: 'jira.create' },
      { action: 'data:delete', resource: 'customers/7' },
      { action: 'data:delete', resource: 'invoices/7' },
      { action: 'data:read', resource: 'invoices/2026-10' },
      { action: 'data:read', resource: 'kb/how-to' },
      { action: 'data:export', resource: 'kb/all' },
      { action: 'payments:refund', resource: 'orders/1', context: { amount: 20 } },
      { action: 'payments:refund', resource: 'orders/1', context: { amount: 2000 } },
    ];
    const scenarios = agents.flatMap((agent, a) =>
      requests.map((request, r) => ({ name: `generated ${a}.${r}`, agent, request, expect: 'allow' as const })),
    );
    writeFileSync(join(dir, 'tests', 'generated.yaml'), stringify({ scenarios }));
    const offline = await cli.run(['policy', 'test', dir, '-o', 'json']);
    const results = JSON.parse(offline.stdout) as { test: string; actual: string; rule?: { id: string; scope: string } }[];
    const generated = results.filter((result) => result.test.startsWith('generated'));
    expect(generated).toHaveLength(scenarios.length);

    const effects = new Set<string>();
    for (const scenario of scenarios) {
      const simulated = await api.post(`/v1/tenants/${tenantId}/simulate`, admin, { agent: scenario.agent, request: scenario.request });
      expect(simulated.status).toBe(200);
      const local = generated.find((result) => result.test === scenario.name)!;
      expect({ name: scenario.name, effect: local.actual, rule: local.rule?.id, scope: local.rule?.scope }).toEqual({
        name: scenario.name,
        effect: simulated.body.effect,
        rule: simulated.body.rule?.id,
        scope: simulated.body.rule?.scope,
      });
      effects.add(local.actual);
    }
    // The generated set reaches every effect, so agreement is not agreement on one answer.
    expect([...effects].sort()).toEqual(['allow', 'deny', 'require_approval']);
  });
});
