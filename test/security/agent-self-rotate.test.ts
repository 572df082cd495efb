/**
 * `POST /v1/agent/self/rotate-key` attacked: only an agent's own, current key may rotate that key.
 * Operator tokens, missing keys, the keys of suspended or decommissioned agents are refused; no body
 * field, query parameter or path reaches another agent (of the tenant or of another tenant); a bad
 * `graceMinutes` or a body that is not JSON is refused naming the field. Over HTTP on the local
 * runtime; a refused call leaves every agent's keys as they were.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { tenantWithAgent, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const ROTATE = '/v1/agent/self/rotate-key';

interface TenantAgent {
  tenantId: string;
  admin: string;
  agentId: string;
  apiKey: string;
}

/** Registers another agent of `tenant` (team ops, role bot) and returns its id and key. */
async function anotherAgent(tenant: TenantAgent): Promise<{ agentId: string; apiKey: string }> {
  const registered = await api.post(`/v1/tenants/${tenant.tenantId}/agents`, tenant.admin, {
    name: 'other',
    team: 'ops',
    role: 'bot',
    environment: 'prod',
    owner: 'owner@test',
  });
  expect(registered.status).toBe(201);
  return { agentId: registered.body.agent.id, apiKey: registered.body.apiKey };
}

/** An agent as its tenant's admin reads it: its version and the ids of its keys. */
async function keysOf(tenant: Pick<TenantAgent, 'tenantId' | 'admin'>, agentId: string) {
  const read = await api.get(`/v1/tenants/${tenant.tenantId}/agents/${agentId}`, tenant.admin);
  expect(read.status).toBe(200);
  return { version: read.body.version as number, keys: read.body.keys.map((key: { keyId: string }) => key.keyId) as string[] };
}

/** The key rotations of an agent in its tenant's audit log. */
async function rotationsOf(tenant: Pick<TenantAgent, 'tenantId' | 'admin'>, agentId: string) {
  const audit = await api.get(`/v1/tenants/${tenant.tenantId}/audit?kind=change&agentId=${agentId}`, tenant.admin);
  expect(audit.status).toBe(200);
  return audit.body.items.filter((record: { action: string }) => record.action === 'agent.key-rotated');
}

let home: TenantAgent;
let neighbour: { agentId: string; apiKey: string };
let foreign: TenantAgent;

beforeAll(async () => {
  home = await tenantWithAgent(api, 'sec-self-rotate');
  neighbour = await anotherAgent(home);
  foreign = await tenantWithAgent(api, 'sec-self-rotate-other');
});

describe('Who may rotate', () => {
  it('refuses operator tokens, whatever their roles, with 401', async () => {
    const tokens = [
      home.admin,
      await api.token({ roles: ['platform-admin'] }),
      await api.token({ roles: ['team-lead'], tenant: home.tenantId, teams: ['ops'] }),
    ];
    for (const token of tokens) {
      const response = await api.post(ROTATE, token, { graceMinutes: 0 });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    }
    expect(await rotationsOf(home, home.agentId)).toEqual([]);
  });

  it('refuses a call without a key, and a key that is not one', async () => {
    expect((await api.post(ROTATE, undefined, { graceMinutes: 0 })).status).toBe(401);
    expect((await api.post(ROTATE, `${home.apiKey.slice(0, -1)}x`, { graceMinutes: 0 })).status).toBe(401);
  });

  it("refuses a suspended agent's key with 403 agent_suspended and rotates nothing; reinstated, it may rotate", async () => {
    const agent = await anotherAgent(home);
    const before = await keysOf(home, agent.agentId);
    const suspended = await api.post(`/v1/tenants/${home.tenantId}/agents/${agent.agentId}/suspend`, home.admin, { reason: 'test' });
    expect(suspended.status).toBe(200);

    const refused = await api.post(ROTATE, agent.apiKey, { graceMinutes: 0 });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('agent_suspended');
    expect(await keysOf(home, agent.agentId)).toEqual({ ...before, version: before.version + 1 });
    expect(await rotationsOf(home, agent.agentId)).toEqual([]);

    expect((await api.post(`/v1/tenants/${home.tenantId}/agents/${agent.agentId}/reinstate`, home.admin, {})).status).toBe(200);
    expect((await api.post(ROTATE, agent.apiKey, { graceMinutes: 5 })).status).toBe(200);
  });

  it("refuses a decommissioned agent's (revoked) key with 401 and rotates nothing", async () => {
    const agent = await anotherAgent(home);
    expect((await api.post(`/v1/tenants/${home.tenantId}/agents/${agent.agentId}/decommission`, home.admin, {})).status).toBe(200);

    const refused = await api.post(ROTATE, agent.apiKey, { graceMinutes: 0 });
    expect(refused.status).toBe(401);
    expect(await keysOf(home, agent.agentId)).toMatchObject({ keys: [] });
    expect(await rotationsOf(home, agent.agentId)).toEqual([]);
  });

  it('refuses a key its own rotation retired (graceMinutes 0)', async () => {
    const agent = await anotherAgent(home);
    expect((await api.post(ROTATE, agent.apiKey, { graceMinutes: 0 })).status).toBe(200);
    expect((await api.post(ROTATE, agent.apiKey, { graceMinutes: 0 })).status).toBe(401);
    expect(await rotationsOf(home, agent.agentId)).toHaveLength(1);
  });
});

describe('Whose key is rotated', () => {
  it.each([
    ['agentId', () => neighbour.agentId],
    ['tenantId', () => foreign.tenantId],
    ['agent', () => ({ id: foreign.agentId, tenantId: foreign.tenantId })],
    ['keyId', () => 'k'],
    ['apiKey', () => neighbour.apiKey],
  ])('refuses a body naming %s with 400 naming the field, and rotates nothing', async (field, value) => {
    const response = await api.post(ROTATE, home.apiKey, { graceMinutes: 0, [field]: value() });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_input');
    expect(response.body.error.details).toEqual([expect.objectContaining({ in: 'body', message: expect.stringContaining(`"${field}"`) })]);
  });

  it("rotates only the caller's own key, whatever the query says, never a neighbour's or another tenant's", async () => {
    const neighbourBefore = await keysOf(home, neighbour.agentId);
    const foreignBefore = await keysOf(foreign, foreign.agentId);
    const caller = await anotherAgent(home);

    const rotated = await api.post(`${ROTATE}?agentId=${neighbour.agentId}&tenantId=${foreign.tenantId}`, caller.apiKey, {
      graceMinutes: 5,
    });
    expect(rotated.status).toBe(200);
    expect((await keysOf(home, caller.agentId)).keys).toContain(rotated.body.keyId);
    expect((await api.get('/v1/agent/self', rotated.body.apiKey)).body.id).toBe(caller.agentId);

    expect(await keysOf(home, neighbour.agentId)).toEqual(neighbourBefore);
    expect(await keysOf(foreign, foreign.agentId)).toEqual(foreignBefore);
    expect(await rotationsOf(home, neighbour.agentId)).toEqual([]);
    expect(await rotationsOf(foreign, foreign.agentId)).toEqual([]);
  });

  it('offers no path that names an agent', async () => {
    for (const path of [`/v1/agent/${neighbour.agentId}/rotate-key`, `/v1/agent/self/rotate-key/${neighbour.agentId}`]) {
      const response = await api.post(path, home.apiKey, { graceMinutes: 0 });
      expect(response.status, path).toBe(404);
    }
    expect(await rotationsOf(home, neighbour.agentId)).toEqual([]);
  });
});

describe('Bad input', () => {
  it.each([[-1], [10_081], [1.5], ['60'], [null], [true], [{}]])('refuses graceMinutes %j with 400 naming graceMinutes', async (value) => {
    const response = await api.post(ROTATE, home.apiKey, { graceMinutes: value });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'invalid_input',
      details: [expect.objectContaining({ path: 'graceMinutes', in: 'body' })],
    });
  });

  it.each([['{graceMinutes: 5}'], ['{"graceMinutes": 5'], ['graceMinutes=5'], ['\u0000']])(
    'refuses a body that is not JSON (%j) with 400 invalid_json',
    async (rawBody) => {
      const response = await api.request('POST', ROTATE, { token: home.apiKey, rawBody });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'invalid_json', details: [expect.objectContaining({ path: 'body', in: 'body' })] });
    },
  );

  it('refuses a body that is JSON but not an object with 400', async () => {
    for (const rawBody of ['[]', '"rotate"', '5', 'null']) {
      const response = await api.request('POST', ROTATE, { token: home.apiKey, rawBody });
      expect(response.status, rawBody).toBe(400);
      expect(response.body.error.code, rawBody).toBe('invalid_input');
    }
  });

  it('left the caller with its one key after every refusal', async () => {
    expect(await rotationsOf(home, home.agentId)).toEqual([]);
    expect((await keysOf(home, home.agentId)).keys).toHaveLength(1);
    expect((await api.get('/v1/agent/self', home.apiKey)).status).toBe(200);
  });
});
