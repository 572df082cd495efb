/**
 * A small client for end-to-end tests: operator tokens minted with the runtime's dev key, JSON
 * requests that return status, headers and parsed body, and the local test hooks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { signOperatorToken } from '../../shared/auth/operator-token';

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface OperatorClaimsInput {
  readonly sub?: string;
  readonly roles: readonly string[];
  readonly tenant?: string;
  readonly teams?: readonly string[];
}

export function wardenClient(baseUrl: string, dataDir: string) {
  const credentials = JSON.parse(readFileSync(join(dataDir, 'dev-credentials.json'), 'utf8')) as { privateJwk: JWK };

  async function request<T = any>(
    method: string,
    path: string,
    given: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const options = method === 'GET' || method === 'HEAD' ? { ...given, body: undefined, rawBody: undefined } : given;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined || options.rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.rawBody !== undefined
        ? { body: options.rawBody }
        : options.body !== undefined
          ? { body: JSON.stringify(options.body) }
          : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text (a test will say so)
    }
    return { status: response.status, headers: response.headers, body: body as T };
  }

  return {
    request,
    get: <T = any>(path: string, token?: string) => request<T>('GET', path, token === undefined ? {} : { token }),
    post: <T = any>(path: string, token: string | undefined, body?: unknown) =>
      request<T>('POST', path, { ...(token ? { token } : {}), ...(body === undefined ? {} : { body }) }),
    put: <T = any>(path: string, token: string, body: unknown) => request<T>('PUT', path, { token, body }),
    patch: <T = any>(path: string, token: string, body: unknown) => request<T>('PATCH', path, { token, body }),
    delete: <T = any>(path: string, token: string) => request<T>('DELETE', path, { token }),
    /** An operator JWT signed with the runtime's dev key. */
    token: (claims: OperatorClaimsInput) =>
      signOperatorToken(
        {
          sub: claims.sub ?? `${claims.roles[0]}@test`,
          roles: claims.roles,
          ...(claims.tenant ? { tenant: claims.tenant } : {}),
          ...(claims.teams ? { teams: claims.teams } : {}),
        },
        credentials.privateJwk,
        { issuer: 'https://warden.local/dev', audience: 'warden' },
      ),
    /** Moves the functions' clock `offsetMs` ahead of real time (test hook). */
    setClockOffset: (offsetMs: number) => request('POST', '/_local/clock', { body: { offsetMs } }),
    /** Events recently put on the local bus (test hook). */
    events: async (detailType?: string) =>
      (
        await request<{ items: { id: string; 'detail-type': string; detail: any }[] }>(
          'GET',
          `/_local/events${detailType ? `?detailType=${detailType}` : ''}`,
        )
      ).body.items,
    /** Each schedule's next due time and last run (test hook), for a failure message that says why a job did not run. */
    schedules: async () => (await request<{ items: unknown[] }>('GET', '/_local/schedules')).body.items,
  };
}

export type WardenClient = ReturnType<typeof wardenClient>;

/** A unique suffix so tests can share one runtime without colliding. */
export const unique = (prefix: string): string => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * Polls `check` until it returns a value (not undefined) or the deadline passes; for
 * eventually-consistent effects such as event delivery. `explain` adds what it returns to the
 * timeout's message (e.g. the scheduler's state).
 */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  { timeoutMs = 10_000, intervalMs = 100, explain }: { timeoutMs?: number; intervalMs?: number; explain?: () => Promise<unknown> } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const why = explain ? `: ${JSON.stringify(await explain().catch((error: unknown) => String(error)))}` : '';
      throw new Error(`condition not met within ${timeoutMs} ms${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * The tenant's usage report for `period` once the usage meter (which counts from the audit
 * stream, a moment after each answer) has counted `decisions`.
 */
export async function meteredUsage(
  api: WardenClient,
  tenantId: string,
  period: string,
  token: string,
  decisions: number,
  { timeoutMs = 20_000 } = {},
) {
  let last: unknown;
  try {
    return await eventually(
      async () => {
        const usage = await api.get(`/v1/tenants/${tenantId}/usage?period=${period}`, token);
        last = usage.body.totals;
        return usage.status === 200 && usage.body.totals.decisions === decisions ? usage.body : undefined;
      },
      { timeoutMs },
    );
  } catch (error) {
    throw new Error(`usage of ${tenantId} in ${period} did not reach ${decisions} decisions (last: ${JSON.stringify(last)})`, {
      cause: error,
    });
  }
}

/**
 * Registers one more agent in team `ops` with role `bot` (as `tenantWithAgent` makes them), with
 * the given fields on top (name, quotas, …); fails loudly when the registration is refused.
 */
export async function registerAgent(api: WardenClient, tenantId: string, admin: string, fields: Record<string, unknown> = {}) {
  const registered = await api.post(`/v1/tenants/${tenantId}/agents`, admin, {
    name: 'bot',
    team: 'ops',
    role: 'bot',
    environment: 'prod',
    owner: 'owner@test',
    ...fields,
  });
  if (registered.status !== 201) throw new Error(`registering an agent of ${tenantId} failed: ${JSON.stringify(registered.body)}`);
  return {
    id: registered.body.agent.id as string,
    apiKey: registered.body.apiKey as string,
    keyId: registered.body.agent.keys[0].keyId as string,
  };
}

/**
 * Onboards a tenant (prefix plus a unique suffix, environment prod) with team `ops`, role `bot` and
 * one agent of them; publishes `policy` as its tenant document when given. For tests that need a
 * working agent and nothing more particular.
 */
export async function tenantWithAgent(
  api: WardenClient,
  prefix: string,
  policy?: Record<string, unknown>,
  /** `id`: the tenant's id (default `prefix` and a unique suffix); `onboarding`: more fields of the onboarding body. */
  options: { id?: string; onboarding?: Record<string, unknown> } = {},
) {
  const platform = await api.token({ roles: ['platform-admin'] });
  const tenantId = options.id ?? unique(prefix);
  const onboarded = await api.post('/v1/tenants', platform, {
    id: tenantId,
    name: prefix,
    tier: 'business',
    environments: ['prod'],
    ...options.onboarding,
  });
  if (onboarded.status !== 201) throw new Error(`onboarding ${tenantId} failed: ${JSON.stringify(onboarded.body)}`);
  const admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId });
  await api.post(`/v1/tenants/${tenantId}/teams`, admin, { name: 'ops' });
  await api.put(`/v1/tenants/${tenantId}/roles/bot`, admin, { description: 'bot' });
  const agent = await registerAgent(api, tenantId, admin);
  if (policy) {
    const saved = await api.put(`/v1/tenants/${tenantId}/policies/tenant`, admin, { reason: 'test', ...policy });
    const published = await api.post(`/v1/tenants/${tenantId}/policies/tenant/versions/${saved.body.version}/publish`, admin, {
      reason: 'test',
    });
    if (published.status !== 200) throw new Error(`publishing the policy of ${tenantId} failed: ${JSON.stringify(published.body)}`);
  }
  return { tenantId, admin, agentId: agent.id, apiKey: agent.apiKey };
}
