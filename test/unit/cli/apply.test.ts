/**
 * applyAll's failure paths, against a recording stand-in for the API (the e2e tests run the real
 * server; these make it refuse at each step on demand).
 */
import { describe, expect, it } from 'vitest';
import { applyAll, type Owner } from '../../../cli/policy-as-code/remote';
import { type Api, ApiError } from '../../../cli/support/api-client';

function fakeApi(
  refuse: (method: string, path: string) => ApiError | undefined,
  testRun = { passed: 1, failed: 0, results: [] as unknown[] },
) {
  const calls: string[] = [];
  let nextVersion = 10;
  const answer = async (method: string, path: string, body?: unknown) => {
    calls.push(
      `${method} ${path}${body && (body as { scenarios?: unknown[] }).scenarios ? ` scenarios=${(body as { scenarios: unknown[] }).scenarios.length}` : ''}`,
    );
    const refusal = refuse(method, path);
    if (refusal) throw refusal;
    if (path.endsWith('/policy-tests/run')) return testRun;
    if (method === 'PUT' && path.includes('/policies/')) return { version: nextVersion++ };
    return {};
  };
  const api = {
    url: 'http://fake',
    get: (path: string) => answer('GET', path),
    post: (path: string, body?: unknown) => answer('POST', path, body),
    put: (path: string, body: unknown) => answer('PUT', path, body),
    delete: (path: string) => answer('DELETE', path),
  } as unknown as Api;
  return { api, calls };
}

const owner: Owner = { kind: 'tenant', tenantId: 'acme' };
const T = '/v1/tenants/acme';
const drafts = [
  { scope: 'tenant', version: 4, previous: 3 },
  { scope: 'team:support', version: 1 },
  { scope: 'role:bot', version: 2, previous: 1 },
];
const refusedGate = new ApiError(422, 'policy_tests_failed', 'org tests fail', [{ message: 'org guard: expected deny, got allow' }]);

describe('applyAll', () => {
  it('sets the library aside, publishes every scope, then saves the folder library and has the server run it', async () => {
    const { api, calls } = fakeApi(() => undefined);
    const outcome = await applyAll(api, owner, { drafts, reason: 'r', library: { before: [1, 2], after: [1, 2, 3] } }, () => {});
    expect(outcome.refused).toEqual([]);
    expect(calls).toEqual([
      `PUT ${T}/policy-tests scenarios=0`,
      `POST ${T}/policies/tenant/versions/4/publish`,
      `POST ${T}/policies/team%3Asupport/versions/1/publish`,
      `POST ${T}/policies/role%3Abot/versions/2/publish`,
      `PUT ${T}/policy-tests scenarios=3`,
      `POST ${T}/policy-tests/run`,
    ]);
  });

  it('says which publish was refused and why, and undoes the others newest first, restoring the library', async () => {
    const { api, calls } = fakeApi((method, path) => (path.endsWith('role%3Abot/versions/2/publish') ? refusedGate : undefined));
    const log: string[] = [];
    const outcome = await applyAll(api, owner, { drafts, reason: 'r', library: { before: [1, 2], after: [1] } }, (line) => log.push(line));
    expect(outcome.refused).toEqual([{ scope: 'role:bot', version: 2, error: refusedGate }]);
    expect(outcome.undone).toEqual(['team:support', 'tenant']);
    expect(calls.slice(4)).toEqual([
      `PUT ${T}/policy-tests scenarios=0`,
      // team:support had nothing active: it is emptied
      `PUT ${T}/policies/team%3Asupport`,
      `POST ${T}/policies/team%3Asupport/versions/10/publish`,
      `POST ${T}/policies/tenant/rollback`,
      `PUT ${T}/policy-tests scenarios=2`,
    ]);
    expect(log).toContain('restored the earlier test library');
  });

  it('undoes everything when the folder library fails on the server once all is published', async () => {
    const failing = {
      passed: 1,
      failed: 1,
      results: [{ test: 'guard', passed: false, expected: 'deny', actual: 'allow', reason: 'allow by rule x' }],
    };
    const { api, calls } = fakeApi(() => undefined, failing);
    const outcome = await applyAll(api, owner, { drafts: drafts.slice(0, 1), reason: 'r', library: { before: [], after: [1] } }, () => {});
    expect(outcome.refused[0]?.scope).toBe('tests');
    expect(outcome.refused[0]?.error.details).toEqual([{ message: 'guard: expected deny, got allow (allow by rule x)' }]);
    expect(outcome.undone).toEqual(['tenant']);
    expect(calls).toContain(`POST ${T}/policies/tenant/rollback`);
    expect(calls.at(-1)).toBe(`PUT ${T}/policy-tests scenarios=0`);
  });

  it('stops at a server that fails mid-way and still undoes what it published', async () => {
    const down = new ApiError(503, 'unavailable', 'A dependency is down');
    const { api } = fakeApi((method, path) => (path.includes('team%3Asupport/versions/1/publish') ? down : undefined));
    const outcome = await applyAll(api, owner, { drafts, reason: 'r', library: { before: [] } }, () => {});
    expect(outcome.refused).toEqual([{ scope: 'team:support', version: 1, error: down }]);
    expect(outcome.undone).toEqual(['tenant']);
  });

  it("saves the org's library before its one publish, and restores it when the publish is refused", async () => {
    const { api, calls } = fakeApi((method, path) => (path.endsWith('/publish') ? refusedGate : undefined));
    const outcome = await applyAll(
      api,
      { kind: 'org' },
      { drafts: [{ scope: 'org', version: 7, previous: 6 }], reason: 'r', library: { before: [1], after: [1, 2] } },
      () => {},
    );
    expect(outcome.refused[0]?.scope).toBe('org');
    expect(calls).toEqual([
      'PUT /v1/org/policy-tests scenarios=2',
      'POST /v1/org/policy/versions/7/publish',
      'PUT /v1/org/policy-tests scenarios=1',
    ]);
  });
});
