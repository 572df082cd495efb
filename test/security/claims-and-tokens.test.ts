/**
 * Operator claims, operator tokens and agent API keys, attacked the way a careless identity
 * provider, a hostile operator or a key-guessing client would: list claims are exact values;
 * tokens must expire and live at most the configured maximum; keys carry a checksum, cost the same
 * reads whether or not their tenant exists, and never show up (nor their digests) in the audit log.
 * HTTP tests drive the local runtime; read counts use DynamoDB Local directly.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt, importJWK, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { createDynamoDbTenancyStore } from '../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { singleClient } from '../../shared/adapters/dynamodb/tenant-clients';
import type { ChangeRecord } from '../../shared/audit/change-record';
import { hashApiKey, issueApiKey, keyIdOf } from '../../shared/auth/api-key';
import type { OperatorPrincipal } from '../../shared/auth/principal';
import { domainEvent } from '../../shared/events/catalog';
import { createFixedClock, isoAt, systemClock } from '../../shared/kernel/clock';
import { createIdGenerator } from '../../shared/kernel/ids';
import { createPageCursorCodec } from '../../shared/kernel/page-cursor';
import type { Agent } from '../../shared/tenancy/agent';
import { createAgentKeyAuthenticator } from '../../shared/tenancy/agent-key-authenticator';
import { createAgentRegistry } from '../../shared/tenancy/agent-registry';
import { createTeamsAndRoles } from '../../shared/tenancy/teams-and-roles';
import { createTenantManagement } from '../../shared/tenancy/tenant-management';
import { createTenantStateCache } from '../../shared/tenancy/tenant-state-cache';
import { countCalls } from '../support/sdk-call-counter';
import { createTestTables, localSdkConfig } from '../support/test-tables';
import { runtimeStores } from '../support/runtime-stores';
import { eventually, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const ISSUER = { issuer: 'https://warden.local/dev', audience: 'warden' };
const HOUR = 3600;
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Signs any payload with the runtime's dev key; `iat`/`exp` are set only when given (null leaves them out). */
async function signed(payload: Record<string, unknown>, times: { iat?: number | null; exp?: number | null } = {}): Promise<string> {
  const { privateJwk } = JSON.parse(readFileSync(join(inject('runtimeDataDir'), 'dev-credentials.json'), 'utf8')) as { privateJwk: JWK };
  const iat = times.iat === undefined ? nowSeconds() : times.iat;
  const exp = times.exp === undefined ? (iat ?? nowSeconds()) + HOUR : times.exp;
  return new SignJWT({ ...payload, ...(iat === null ? {} : { iat }), ...(exp === null ? {} : { exp }) })
    .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid ?? 'k' })
    .setSubject(String(payload.sub ?? 'mallory@test'))
    .setIssuer(ISSUER.issuer)
    .setAudience(ISSUER.audience)
    .sign(await importJWK(privateJwk, 'ES256'));
}

let tenantId: string;
let admin: string;

beforeAll(async () => {
  const platform = await api.token({ roles: ['platform-admin'] });
  tenantId = unique('sec-claims');
  expect((await api.post('/v1/tenants', platform, { id: tenantId, name: tenantId, tier: 'business', environments: ['dev'] })).status).toBe(
    201,
  );
  admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
  for (const name of ['ops', 'x', 'y']) expect((await api.post(`/v1/tenants/${tenantId}/teams`, admin, { name })).status).toBe(201);
  expect((await api.put(`/v1/tenants/${tenantId}/roles/bot`, admin, { description: 'bot' })).status).toBe(201);
});

const createTeam = (token: string) => api.post(`/v1/tenants/${tenantId}/teams`, token, { name: unique('t') });
const registerIn = (token: string, team: string) =>
  api.post(`/v1/tenants/${tenantId}/agents`, token, { name: unique('bot'), team, role: 'bot', environment: 'dev', owner: 'o' });

describe('Operator claims are exact values', () => {
  it('lets an exact tenant-admin element act as tenant-admin (the control case)', async () => {
    expect((await createTeam(await signed({ tenant: tenantId, roles: ['tenant-admin'] }))).status).toBe(201);
  });

  it.each([['auditor tenant-admin'], ['auditor,tenant-admin'], [' tenant-admin'], ['tenant-admin\n'], ['Tenant-Admin']])(
    'grants nothing for the roles element %j',
    async (element) => {
      const token = await signed({ tenant: tenantId, roles: [element] });
      expect((await createTeam(token)).status).toBe(403);
      expect((await api.get(`/v1/tenants/${tenantId}/audit`, token)).status).toBe(403);
    },
  );

  it('reads a string-valued roles claim as one exact value', async () => {
    expect((await createTeam(await signed({ tenant: tenantId, roles: 'tenant-admin' }))).status).toBe(201);
    const spaced = await signed({ tenant: tenantId, roles: 'auditor tenant-admin' });
    expect((await createTeam(spaced)).status).toBe(403);
    expect((await api.get(`/v1/tenants/${tenantId}/audit`, spaced)).status).toBe(403);
  });

  it('lets a team lead act for the teams of the teams claim, each element one team: ["ops x"] is neither ops nor x', async () => {
    expect((await registerIn(await signed({ tenant: tenantId, roles: ['team-lead'], teams: ['ops'] }), 'ops')).status).toBe(201);
    const joined = await signed({ tenant: tenantId, roles: ['team-lead'], teams: ['ops x'] });
    expect((await registerIn(joined, 'ops')).status).toBe(403);
    expect((await registerIn(joined, 'x')).status).toBe(403);
    expect((await registerIn(await signed({ tenant: tenantId, roles: ['team-lead'], teams: ['x,y'] }), 'y')).status).toBe(403);
  });
});

describe('Operator tokens expire, and live at most the maximum (12 h by default)', () => {
  const readTeams = (token: string) => api.get(`/v1/tenants/${tenantId}/teams`, token);
  const claims = () => ({ tenant: tenantId, roles: ['tenant-admin'] });

  it('refuses a token without exp', async () => {
    expect((await readTeams(await signed(claims(), { exp: null }))).status).toBe(401);
  });

  it('accepts a token that lives exactly 12 h and refuses one that lives a second longer', async () => {
    const iat = nowSeconds();
    expect((await readTeams(await signed(claims(), { iat, exp: iat + 12 * HOUR }))).status).toBe(200);
    expect((await readTeams(await signed(claims(), { iat, exp: iat + 12 * HOUR + 1 }))).status).toBe(401);
  });

  it('refuses a token without iat whose exp is more than 12 h (and the skew) away', async () => {
    expect((await readTeams(await signed(claims(), { iat: null, exp: nowSeconds() + 13 * HOUR }))).status).toBe(401);
  });

  it('allows 60 s of clock skew on expiry, not more', async () => {
    const t = nowSeconds();
    expect((await readTeams(await signed(claims(), { iat: t - HOUR, exp: t - 20 }))).status).toBe(200);
    expect((await readTeams(await signed(claims(), { iat: t - HOUR, exp: t - 90 }))).status).toBe(401);
  });

  it('refuses a token issued more than 60 s in the future', async () => {
    const t = nowSeconds();
    expect((await readTeams(await signed(claims(), { iat: t + 600, exp: t + 600 + HOUR }))).status).toBe(401);
  });

  describe('npm run token', () => {
    const mint = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../../infra/local/mint-token.ts'), ...args], {
        env: { ...process.env, WARDEN_DATA_DIR: inject('runtimeDataDir') },
      });

    it('mints tokens that live exactly the maximum, which the runtime accepts', async () => {
      const { stdout } = await mint(['--role', 'tenant-admin', '--tenant', tenantId]);
      const token = stdout.trim();
      const payload = decodeJwt(token);
      expect(Number(payload.exp) - Number(payload.iat)).toBe(12 * HOUR);
      expect((await readTeams(token)).status).toBe(200);
    });

    it('refuses to mint a token that would live longer than the maximum', async () => {
      await expect(mint(['--role', 'auditor', '--tenant', tenantId, '--expires', '13h'])).rejects.toMatchObject({
        code: 2,
        stdout: '',
        stderr: expect.stringContaining('longer than the maximum token lifetime of 43200 s'),
      });
    });
  });
});

describe('Agent API keys', () => {
  const platform: OperatorPrincipal = { kind: 'operator', sub: 'p', roles: ['platform-admin'], teams: [] };
  const tenantAdmin = (tenant: string): OperatorPrincipal => ({
    kind: 'operator',
    sub: 'alice',
    tenantId: tenant,
    roles: ['tenant-admin'],
    teams: [],
  });
  const clock = createFixedClock(Date.parse('2026-11-24T10:00:00.000Z'));
  let db: Awaited<ReturnType<typeof keyDatabase>>;

  /** Tenancy on fresh tables in the test run's DynamoDB Local, with a counter of the commands sent. */
  async function keyDatabase() {
    const tables = await createTestTables();
    const documentClient = createDocumentClient(localSdkConfig(tables.endpoint));
    const counter = countCalls(documentClient);
    const store = createDynamoDbTenancyStore(singleClient(documentClient), tables.names);
    const deps = { store, clock, ids: createIdGenerator(clock), cursors: createPageCursorCodec('s'.repeat(40)) };
    await createTenantManagement(deps).onboard(platform, {
      id: 'keys-real',
      name: 'k',
      tier: 'business',
      environments: ['dev'],
      retentionDays: 90,
      settings: { apiKeyTtlDays: 90, approvalTimeoutMinutes: 240 },
    });
    await createTeamsAndRoles(deps).createTeam(tenantAdmin('keys-real'), 'keys-real', { name: 'ops' });
    await createTeamsAndRoles(deps).putRole(tenantAdmin('keys-real'), 'keys-real', 'bot', { description: 'bot' });
    const { apiKey } = await createAgentRegistry(deps).register(tenantAdmin('keys-real'), 'keys-real', {
      name: 'x',
      team: 'ops',
      role: 'bot',
      environment: 'dev',
      owner: 'o',
    });
    const authenticator = () =>
      createAgentKeyAuthenticator({ store, clock, tenants: createTenantStateCache({ store, clock, stalenessMs: 0 }) });
    return { counter, apiKey, authenticator };
  }

  /** The commands one refused authentication sends. */
  async function readsOfRefusal(apiKey: string): Promise<string[]> {
    const authenticator = db.authenticator();
    db.counter.reset();
    await expect(authenticator.authenticate(apiKey)).rejects.toMatchObject({ name: 'UnauthenticatedError', code: 'invalid_api_key' });
    return [...db.counter.calls];
  }

  beforeAll(async () => {
    db = await keyDatabase();
  });

  it('issues keys that carry a checksum: wdn_<tenant>_ then 49 base62 characters', async () => {
    const registered = await registerIn(admin, 'ops');
    expect(registered.body.apiKey).toMatch(new RegExp(`^wdn_${tenantId}_[A-Za-z0-9]{49}$`));
    expect((await api.get('/v1/agent/self', registered.body.apiKey)).status).toBe(200);
  });

  it("refuses a real key with one character changed, or moved to another tenant's prefix, without a database read", async () => {
    expect((await db.authenticator().authenticate(db.apiKey)).principal.tenantId).toBe('keys-real');
    const typo = `${db.apiKey.slice(0, 20)}${db.apiKey[20] === 'Q' ? 'R' : 'Q'}${db.apiKey.slice(21)}`;
    expect(await readsOfRefusal(typo)).toEqual([]);
    expect(await readsOfRefusal(db.apiKey.replace('wdn_keys-real_', 'wdn_keys-fake_'))).toEqual([]);
  });

  it('costs the same reads for an unknown key whether or not its tenant exists', async () => {
    const realTenant = await readsOfRefusal(issueApiKey('keys-real').apiKey);
    const noTenant = await readsOfRefusal(issueApiKey('keys-none').apiKey);
    expect(realTenant).toEqual(['BatchGetItemCommand']);
    expect(noTenant).toEqual(realTenant);
  });

  it('costs the same reads for an unknown key of the old format whether or not its tenant exists', async () => {
    const realTenant = await readsOfRefusal(`wdn_keys-real_${randomBytes(32).toString('base64url')}`);
    const noTenant = await readsOfRefusal(`wdn_keys-none_${randomBytes(32).toString('base64url')}`);
    expect(noTenant).toEqual(realTenant);
  });

  it('answers a random key of a real tenant and of an unknown tenant alike over HTTP', async () => {
    for (const key of [issueApiKey(tenantId).apiKey, issueApiKey(unique('none')).apiKey, `wdn_${tenantId}_${'A'.repeat(49)}`]) {
      const response = await api.get('/v1/agent/self', key);
      expect(response.status).toBe(401);
      expect(response.body.error.message).toBe('Invalid API key');
    }
  });
});

describe('The audit log never shows key material', () => {
  let agent: Agent;
  let keys: string[];

  beforeAll(async () => {
    const registered = await registerIn(admin, 'ops');
    expect(registered.status).toBe(201);
    const rotated = await api.post(`/v1/tenants/${tenantId}/agents/${registered.body.agent.id}/rotate-key`, admin, { graceMinutes: 30 });
    expect(rotated.status).toBe(200);
    const updated = await api.patch(`/v1/tenants/${tenantId}/agents/${registered.body.agent.id}`, admin, { labels: { tier: 'gold' } });
    expect(updated.status).toBe(200);
    agent = updated.body;
    keys = [registered.body.apiKey, rotated.body.apiKey];
  });

  /** Every change record of the agent an auditor can read, as returned over HTTP. */
  async function agentChanges(expected: number) {
    const auditor = await api.token({ roles: ['auditor'], tenant: tenantId });
    return eventually(async () => {
      const response = await api.get(`/v1/tenants/${tenantId}/audit?kind=change&limit=100`, auditor);
      expect(response.status).toBe(200);
      const items = (response.body.items as { target?: { id: string } }[]).filter((item) => item.target?.id === agent.id);
      return items.length >= expected ? { items, text: JSON.stringify(items) } : undefined;
    });
  }

  it("shows an agent's registration, update and rotation with keys by keyId only", async () => {
    const { items, text } = await agentChanges(3);
    expect(items.map((item) => (item as { action: string }).action).sort()).toEqual([
      'agent.key-rotated',
      'agent.registered',
      'agent.updated',
    ]);
    expect(text).toContain(agent.keys[0]?.keyId);
    expect(text).not.toContain('keyHash');
    for (const key of keys) {
      expect(text).not.toContain(hashApiKey(key));
      expect(text).not.toContain(key);
    }
  });

  it('keeps working for a key of the old format until it is rotated, and hides digests in records stored before this rule', async () => {
    const runtime = runtimeStores(inject('runtimeLogFile'));
    const store = createDynamoDbTenancyStore(runtime.clients, runtime.tables);
    const current = await store.getAgent(tenantId, agent.id);
    if (!current) throw new Error('agent not found in the runtime database');

    // A key as issued before checksums, and a change record written as they were then (digests and all).
    const legacyKey = `wdn_${tenantId}_${randomBytes(32).toString('base64url')}`;
    const nowMs = Date.now();
    const ref = {
      keyId: keyIdOf(hashApiKey(legacyKey)),
      keyHash: hashApiKey(legacyKey),
      createdAt: isoAt(nowMs),
      expiresAt: isoAt(nowMs + 86_400_000),
    };
    const next: Agent = { ...current, keys: [...current.keys, ref], updatedAt: isoAt(nowMs), version: current.version + 1 };
    const change: ChangeRecord = {
      kind: 'change',
      id: createIdGenerator(systemClock).next('aud'),
      tenantId,
      at: isoAt(nowMs),
      actor: { type: 'operator', sub: 'before-the-rule' },
      action: 'agent.key-added',
      target: { type: 'agent', id: agent.id },
      before: current,
      after: next,
      event: domainEvent('Agent.KeyRotated', {
        tenantId,
        agentId: agent.id,
        team: agent.team,
        role: agent.role,
        environment: agent.environment,
        keyId: ref.keyId,
        previousKeyValidUntil: ref.expiresAt,
        actor: 'before-the-rule',
      }),
    };
    await store.saveAgent(next, current.version, change, { put: [{ tenantId, agentId: agent.id, ...ref }] });

    const self = await api.get('/v1/agent/self', legacyKey);
    expect(self.status).toBe(200);
    expect(self.body.id).toBe(agent.id);

    const { items, text } = await agentChanges(4);
    expect(items.some((item) => (item as { action: string }).action === 'agent.key-added')).toBe(true);
    expect(text).toContain(ref.keyId);
    expect(text).not.toContain('keyHash');
    expect(text).not.toContain(ref.keyHash);
    for (const key of current.keys) expect(text).not.toContain(key.keyHash);
  });
});
