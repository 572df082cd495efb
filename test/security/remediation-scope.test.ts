/**
 * Remediation playbooks and runs, as a hostile tenant or a careless caller would try them: another
 * tenant's admin is refused on every route and learns nothing (not even whether a run id exists);
 * roles without the playbook and remediation permissions, and agent keys, are refused; auditors
 * read but never approve, cancel, revert or change a playbook; a real run waiting for approval
 * survives all of it untouched. Malformed ids and hostile playbook bodies answer 400 or 413 naming
 * what was wrong, never 500, and a tenant has at most 50 playbooks.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { controlKeys } from '../../shared/adapters/dynamodb/keys';
import { runtimeStores } from '../support/runtime-stores';
import { eventually, tenantWithAgent, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

const PLAYBOOK_ID = 'hold-on-quota';
const holdOnQuota = {
  description: 'Suspend an agent near its quota, once a person agrees',
  trigger: { event: 'Quota.Threshold', match: { scope: 'agent' } },
  steps: [{ type: 'wait_for_approval' }, { type: 'suspend_agent' }],
};
const minimal = { trigger: { event: 'Key.Expiring' }, steps: [{ type: 'notify' }] };

interface Route {
  readonly name: string;
  readonly method: 'GET' | 'PUT' | 'DELETE' | 'POST';
  /** The path under /v1/tenants/{tenantId}. */
  readonly rest: string;
  readonly write: boolean;
  readonly body?: unknown;
}

/** Every playbook and remediation route, aimed at playbook `playbookId` and run `runId`. */
const routesOf = (playbookId: string, runId: string): Route[] => [
  { name: 'putPlaybook', method: 'PUT', rest: `/playbooks/${playbookId}`, write: true, body: holdOnQuota },
  { name: 'getPlaybook', method: 'GET', rest: `/playbooks/${playbookId}`, write: false },
  { name: 'deletePlaybook', method: 'DELETE', rest: `/playbooks/${playbookId}`, write: true },
  { name: 'listPlaybooks', method: 'GET', rest: '/playbooks', write: false },
  { name: 'enableDefaultPlaybooks', method: 'POST', rest: '/playbooks/defaults', write: true, body: {} },
  { name: 'listRemediations', method: 'GET', rest: '/remediations', write: false },
  { name: 'listRemediationsFiltered', method: 'GET', rest: '/remediations?status=waiting_for_approval', write: false },
  { name: 'getRemediation', method: 'GET', rest: `/remediations/${runId}`, write: false },
  { name: 'approveRemediation', method: 'POST', rest: `/remediations/${runId}/approve`, write: true, body: {} },
  { name: 'cancelRemediation', method: 'POST', rest: `/remediations/${runId}/cancel`, write: true, body: {} },
  { name: 'revertRemediation', method: 'POST', rest: `/remediations/${runId}/revert`, write: true, body: {} },
];

describe('Remediation scope', () => {
  let tenantId: string;
  let admin: string;
  let agentId: string;
  let apiKey: string;
  let runId: string;
  let other: { tenantId: string; admin: string };
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  const send = (route: Route, token: string, tenant = tenantId) =>
    api.request(route.method, `/v1/tenants/${tenant}${route.rest}`, {
      token,
      ...(route.body === undefined ? {} : { body: route.body }),
    });
  /** Whether a body names anything of tenant A's playbook, run or agent. */
  const leaks = (body: unknown) => {
    const text = JSON.stringify(body ?? '');
    return [PLAYBOOK_ID, runId, runId.slice(4, 30), agentId, 'waiting_for_approval', 'suspend_agent'].filter((secret) =>
      text.includes(secret),
    );
  };
  /** A's run as A's admin sees it. */
  const readRun = async () => {
    const read = await api.get(path(`/remediations/${runId}`), admin);
    expect(read.status).toBe(200);
    return read.body;
  };

  beforeAll(async () => {
    ({ tenantId, admin, agentId, apiKey } = await tenantWithAgent(api, 'rem-scope', {
      rules: [{ id: 'read', effect: 'allow', actions: ['tickets:read'] }],
    }));
    other = await tenantWithAgent(api, 'rem-other');
    expect((await api.patch(path(`/agents/${agentId}`), admin, { quotas: { decisionsPerDay: 10 } })).status).toBe(200);
    expect((await api.put(path(`/playbooks/${PLAYBOOK_ID}`), admin, holdOnQuota)).status).toBe(201);
    // 80 % of the quota (one leased block early at most) starts the playbook, which then waits for a person.
    const waitingRuns = async () =>
      (await api.get(path(`/remediations?status=waiting_for_approval&agentId=${agentId}`), admin)).body.items as { id: string }[];
    let waiting: { id: string }[] = [];
    for (let sent = 0; sent < 12 && waiting.length === 0; sent++) {
      await api.request('POST', '/v1/authorize', { token: apiKey, body: { action: 'tickets:read' } });
      waiting = await waitingRuns();
    }
    if (waiting.length === 0)
      waiting = await eventually(async () => ((await waitingRuns()).length > 0 ? waitingRuns() : undefined), { timeoutMs: 20_000 });
    runId = waiting[0]!.id;
    expect(runId).toMatch(new RegExp(`^rem_[0-9A-Z]{26}-${PLAYBOOK_ID}$`));
    // The run shows "waiting" a moment before the state machine's await task stores its token on it
    // (an update the API does not show but for updatedAt): the tests compare the run before and
    // after, so they start once it holds its token.
    const { clients, tables } = runtimeStores(inject('runtimeLogFile'));
    await eventually(async () => {
      const read = await clients.platform.send(
        new GetCommand({ TableName: tables.control, Key: controlKeys.remediationRun(tenantId, runId) }),
      );
      return read.Item?.taskToken ? true : undefined;
    });
  });

  it("refuses another tenant's admin on every playbook and remediation route of the tenant, and tells them nothing", async () => {
    const before = await readRun();
    const stranger = await api.token({ roles: ['tenant-admin', 'security'], tenant: other.tenantId, sub: 'stranger@test' });
    const noTenant = await api.token({ roles: ['tenant-admin'], sub: 'tenantless@test' });
    for (const [who, token] of [
      ['other tenant admin', other.admin],
      ['other tenant admin and security', stranger],
      ['tenant admin of no tenant', noTenant],
    ] as const) {
      for (const route of routesOf(PLAYBOOK_ID, runId)) {
        const refused = await send(route, token);
        expect([403, 404], `${who} ${route.name}: ${JSON.stringify(refused.body)}`).toContain(refused.status);
        expect(leaks(refused.body), `${who} ${route.name}`).toEqual([]);
      }
    }
    const listed = await api.get(path('/playbooks'), other.admin);
    expect(listed.status).toBe(403);
    expect(listed.body.items).toBeUndefined();
    // Nothing moved: the playbook is there as it was, the run still waits, no defaults were enabled.
    expect((await api.get(path('/playbooks'), admin)).body.items.map((playbook: { id: string }) => playbook.id)).toEqual([PLAYBOOK_ID]);
    expect((await api.get(path(`/playbooks/${PLAYBOOK_ID}`), admin)).body).toMatchObject({ version: 1, ...holdOnQuota });
    expect(await readRun()).toEqual(before);
  });

  it("lets another tenant's admin neither approve, cancel nor revert the tenant's run, on their own path or the tenant's", async () => {
    const before = await readRun();
    expect(before.status).toBe('waiting_for_approval');
    const never = `rem_01JZZZZZZZZZZZZZZZZZZZZZZZ-${PLAYBOOK_ID}`;
    for (const action of ['approve', 'cancel', 'revert']) {
      // Their own path with the tenant's run id: as if it never existed.
      const theirs = await api.post(`/v1/tenants/${other.tenantId}/remediations/${runId}/${action}`, other.admin, {});
      const nothing = await api.post(`/v1/tenants/${other.tenantId}/remediations/${never}/${action}`, other.admin, {});
      expect(theirs.status, action).toBe(404);
      expect(nothing.status, action).toBe(404);
      // The same answer as for an id that never existed (but for the id the caller sent).
      expect(theirs.body.error.code, action).toBe(nothing.body.error.code);
      expect(theirs.body.error.message.replace(runId, never), action).toBe(nothing.body.error.message);
      expect(theirs.body.error.details, action).toEqual(nothing.body.error.details);
      // The tenant's path: refused.
      const refused = await api.post(path(`/remediations/${runId}/${action}`), other.admin, {});
      expect(refused.status, action).toBe(403);
      expect(leaks(refused.body), action).toEqual([]);
    }
    const theirRun = await api.get(`/v1/tenants/${other.tenantId}/remediations/${runId}`, other.admin);
    expect(theirRun.status).toBe(404);
    expect(JSON.stringify(theirRun.body)).not.toMatch(/waiting_for_approval|suspend_agent|agt_/);
    const theirPlaybook = await api.get(`/v1/tenants/${other.tenantId}/playbooks/${PLAYBOOK_ID}`, other.admin);
    expect(theirPlaybook.status).toBe(404);
    expect((await api.get(`/v1/tenants/${other.tenantId}/remediations`, other.admin)).body.items).toEqual([]);

    expect(await readRun()).toEqual(before);
    expect((await api.get(path(`/agents/${agentId}`), admin)).body.status).toBe('active');
  });

  it('refuses team leads, finance and agent keys on every route; lets auditors read but never write', async () => {
    const before = await readRun();
    const lead = await api.token({ roles: ['team-lead'], tenant: tenantId, teams: ['ops'] });
    const finance = await api.token({ roles: ['finance'], tenant: tenantId });
    for (const route of routesOf(PLAYBOOK_ID, runId)) {
      for (const [who, token] of [
        ['team lead', lead],
        ['finance', finance],
      ] as const) {
        const refused = await send(route, token);
        expect(refused.status, `${who} ${route.name}`).toBe(403);
        expect(leaks(refused.body), `${who} ${route.name}`).toEqual([]);
      }
      const keyed = await send(route, apiKey);
      expect([401, 403], `agent key ${route.name}`).toContain(keyed.status);
      expect(leaks(keyed.body), `agent key ${route.name}`).toEqual([]);
    }

    const auditor = await api.token({ roles: ['auditor'], tenant: tenantId, sub: 'auditor@test' });
    for (const route of routesOf(PLAYBOOK_ID, runId)) {
      const answer = await send(route, auditor);
      expect(answer.status, `auditor ${route.name}: ${JSON.stringify(answer.body)}`).toBe(route.write ? 403 : 200);
    }
    expect((await api.get(path(`/playbooks/${PLAYBOOK_ID}`), auditor)).body).toMatchObject({ id: PLAYBOOK_ID, version: 1 });
    expect((await api.get(path(`/remediations/${runId}`), auditor)).body.status).toBe('waiting_for_approval');
    expect((await api.put(path('/playbooks/auditors-own'), auditor, minimal)).status).toBe(403);
    expect((await api.get(path('/playbooks/auditors-own'), admin)).status).toBe(404);
    expect((await api.get(path('/playbooks'), admin)).body.items).toHaveLength(1);
    expect(await readRun()).toEqual(before);
    expect((await api.get(path(`/agents/${agentId}`), admin)).body.status).toBe('active');
  });

  it('answers malformed run and playbook ids with 400 naming the parameter, never 500', async () => {
    const ulid = runId.slice(4, 30);
    const badRunIds = [
      'rem_short-x',
      `rem_${ulid}`,
      `rem_${ulid}-UPPER`,
      `rem_${ulid.toLowerCase()}-${PLAYBOOK_ID}`,
      `apr_${ulid}`,
      `REM_${ulid}-${PLAYBOOK_ID}`,
      `rem_${ulid}-${'a'.repeat(49)}`,
      `rem_${ulid}-a..b`,
      `rem_${ulid}-..%2F..%2Fplaybooks`,
      `${runId}%2F..`,
      `${runId}%00`,
      `rem_${ulid}-%ZZ`,
    ];
    for (const id of badRunIds) {
      for (const rest of [
        `/remediations/${id}`,
        `/remediations/${id}/approve`,
        `/remediations/${id}/cancel`,
        `/remediations/${id}/revert`,
      ]) {
        const answer = await api.request(rest.endsWith(id) ? 'GET' : 'POST', path(rest), { token: admin, body: {} });
        expect(answer.status, `${rest}: ${JSON.stringify(answer.body)}`).toBe(400);
        expect(answer.body.error.details, rest).toContainEqual(expect.objectContaining({ path: 'runId', in: 'path' }));
      }
    }
    const badPlaybookIds = [
      'Hold-On-Quota',
      'UPPER',
      'a..b',
      '..%2F..%2Fagents',
      'a%2Fb',
      '%2E%2E%2Fx',
      'a'.repeat(49),
      '-lead',
      'trail-',
      'under_score',
      'caf%C3%A9',
      'a%00',
      '%ZZ',
      'defaults',
    ];
    for (const id of badPlaybookIds) {
      for (const method of ['PUT', 'GET', 'DELETE'] as const) {
        const answer = await api.request(method, path(`/playbooks/${id}`), {
          token: admin,
          ...(method === 'PUT' ? { body: minimal } : {}),
        });
        expect(answer.status, `${method} ${id}: ${JSON.stringify(answer.body)}`).toBe(400);
        expect(answer.body.error.details, `${method} ${id}`).toContainEqual(expect.objectContaining({ path: 'playbookId', in: 'path' }));
      }
    }
    // 48 characters is the longest id there may be; 49 never became a playbook.
    const longest = 'a'.repeat(48);
    expect((await api.put(path(`/playbooks/${longest}`), admin, minimal)).status).toBe(201);
    expect((await api.delete(path(`/playbooks/${longest}`), admin)).status).toBe(204);
    expect((await api.get(path('/playbooks'), admin)).body.items.map((playbook: { id: string }) => playbook.id)).toEqual([PLAYBOOK_ID]);
    expect((await api.get(path('/remediations?status=gone'), admin)).status).toBe(400);
    const badAgent = await api.get(path('/remediations?agentId=..%2F..'), admin);
    expect(badAgent.status).toBe(400);
    expect(badAgent.body.error.details).toContainEqual(expect.objectContaining({ path: 'agentId', in: 'query' }));
  });

  it('answers hostile playbook bodies with 400 or 413, never 500, and saves none of them', async () => {
    const depth = 15_000;
    const nestedArray = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const nestedObject = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const rawBodies: [string, string][] = [
      ['deeply nested match array', `{"trigger":{"event":"Quota.Threshold","match":{"scope":${nestedArray}}},"steps":[{"type":"notify"}]}`],
      [
        'deeply nested match object',
        `{"trigger":{"event":"Quota.Threshold","match":{"scope":${nestedObject}}},"steps":[{"type":"notify"}]}`,
      ],
      [
        'deeply nested match range',
        `{"trigger":{"event":"Quota.Threshold","match":{"threshold":{"gte":${nestedObject}}}},"steps":[{"type":"notify"}]}`,
      ],
      ['deeply nested step', `{"trigger":{"event":"Key.Expiring"},"steps":[{"type":"notify","channel":${nestedArray}}]}`],
      ['deeply nested body', nestedArray],
      ['10,000 steps', JSON.stringify({ ...minimal, steps: Array.from({ length: 10_000 }, () => ({ type: 'notify' })) })],
      ['10,000 tiny steps', JSON.stringify({ ...minimal, steps: Array.from({ length: 10_000 }, () => 0) })],
      ['100 KB description', JSON.stringify({ ...minimal, description: 'x'.repeat(100 * 1024) })],
      ['1 MB description', JSON.stringify({ ...minimal, description: 'x'.repeat(1024 * 1024) })],
      ['null', 'null'],
      ['an array', '[]'],
      ['a string', '"playbook"'],
    ];
    const bodies: [string, unknown, string?][] = [
      ['unknown step type', { ...minimal, steps: [{ type: 'delete_tenant' }] }, 'steps.0.type'],
      ['step of no type', { ...minimal, steps: [{ hours: 1 }] }, 'steps.0'],
      ['step with extra fields', { ...minimal, steps: [{ type: 'suspend_agent', tenantId: 'someone-else' }] }, 'steps.0'],
      ['21 steps', { ...minimal, steps: Array.from({ length: 21 }, () => ({ type: 'notify' })) }, 'steps'],
      ['no steps', { ...minimal, steps: [] }, 'steps'],
      ['description over 1,000 characters', { ...minimal, description: 'x'.repeat(1001) }, 'description'],
      ['unknown trigger event', { ...minimal, trigger: { event: 'Tenant.Offboarded' } }, 'trigger.event'],
      [
        '11 conditions',
        { ...minimal, trigger: { event: 'Key.Expiring', match: Object.fromEntries(Array.from({ length: 11 }, (_, n) => [`f${n}`, 'x'])) } },
        'trigger.match',
      ],
      [
        'a long condition name',
        { ...minimal, trigger: { event: 'Quota.Threshold', match: { ['s'.repeat(10_000)]: 'x' } } },
        'trigger.match',
      ],
      [
        'a long condition value',
        { ...minimal, trigger: { event: 'Quota.Threshold', match: { scope: 'x'.repeat(10_000) } } },
        'trigger.match',
      ],
      ['a condition on the tenant', { ...minimal, trigger: { event: 'Quota.Threshold', match: { tenantId: 'other' } } }, 'trigger.match'],
      ['a quarantine of a year', { ...minimal, steps: [{ type: 'quarantine_agent', hours: 8760 }] }, 'steps.0.hours'],
      ['a wait of a day and a minute', { ...minimal, steps: [{ type: 'wait', minutes: 1441 }] }, 'steps.0.minutes'],
      ['fields of the stored playbook', { ...minimal, tenantId: 'someone-else', version: 99 }, undefined],
      ['an unknown mode', { ...minimal, mode: 'yolo' }, 'mode'],
    ];
    const answers: [string, { status: number; body: any }, string?][] = [];
    for (const [name, rawBody] of rawBodies) {
      answers.push([name, await api.request('PUT', path('/playbooks/hostile'), { token: admin, rawBody })]);
    }
    for (const [name, body, field] of bodies) {
      answers.push([name, await api.put(path('/playbooks/hostile'), admin, body), field]);
    }
    for (const [name, answer, field] of answers) {
      expect([400, 413], `${name}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`).toContain(answer.status);
      expect(answer.body.error, name).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      if (field !== undefined) {
        const paths = answer.body.error.details.map((detail: { path: string }) => detail.path);
        expect(
          paths.some((named: string) => named.startsWith(field)),
          `${name}: ${JSON.stringify(paths)}`,
        ).toBe(true);
      }
    }
    expect((await api.get(path('/playbooks/hostile'), admin)).status).toBe(404);
    expect((await api.get(path('/playbooks'), admin)).body.items.map((playbook: { id: string }) => playbook.id)).toEqual([PLAYBOOK_ID]);
    // The runtime still answers after all of it.
    expect((await api.get(path(`/playbooks/${PLAYBOOK_ID}`), admin)).status).toBe(200);
  });

  it('lets a tenant have at most 50 playbooks', async () => {
    const capped = await tenantWithAgent(api, 'rem-cap');
    const at = (rest: string) => `/v1/tenants/${capped.tenantId}${rest}`;
    for (let batch = 0; batch < 4; batch++) {
      const created = await Promise.all(
        Array.from({ length: 10 }, (_, n) => api.put(at(`/playbooks/p-${batch}-${n}`), capped.admin, minimal)),
      );
      expect(
        created.map((answer) => answer.status),
        JSON.stringify(created.find((answer) => answer.status !== 201)?.body),
      ).toEqual(Array(10).fill(201));
    }
    for (let n = 0; n < 5; n++) expect((await api.put(at(`/playbooks/p-4-${n}`), capped.admin, minimal)).status).toBe(201);
    // 45 saved: ten at once race for the last five places, and only five get one.
    const racing = await Promise.all(Array.from({ length: 10 }, (_, n) => api.put(at(`/playbooks/race-${n}`), capped.admin, minimal)));
    expect(racing.map((answer) => answer.status).sort()).toEqual([...Array(5).fill(201), ...Array(5).fill(409)]);
    const tooMany = await api.put(at('/playbooks/one-more'), capped.admin, minimal);
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.code).toBe('too_many_playbooks');
    // A batch past the cap: every one refused.
    const batch = await Promise.all(Array.from({ length: 10 }, (_, n) => api.put(at(`/playbooks/extra-${n}`), capped.admin, minimal)));
    expect(batch.map((answer) => answer.status)).toEqual(Array(10).fill(409));
    // The defaults would go past it too: none is added.
    const defaults = await api.post(at('/playbooks/defaults'), capped.admin, {});
    expect(defaults.status).toBe(409);
    expect(defaults.body.error.code).toBe('too_many_playbooks');
    expect((await api.get(at('/playbooks'), capped.admin)).body.items).toHaveLength(50);
    expect((await api.get(at('/playbooks/one-more'), capped.admin)).status).toBe(404);
    // Replacing one is no new playbook; deleting one makes room for one.
    expect((await api.put(at('/playbooks/p-0-0'), capped.admin, { ...minimal, enabled: false })).status).toBe(200);
    expect((await api.delete(at('/playbooks/p-0-1'), capped.admin)).status).toBe(204);
    expect((await api.put(at('/playbooks/one-more'), capped.admin, minimal)).status).toBe(201);
    expect((await api.put(at(`/playbooks/${unique('late')}`), capped.admin, minimal)).status).toBe(409);
    // Another tenant's count is its own.
    expect((await api.put(path('/playbooks/still-room'), admin, minimal)).status).toBe(201);
    expect((await api.delete(path('/playbooks/still-room'), admin)).status).toBe(204);
  });
});
