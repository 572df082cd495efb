/**
 * The console as the local runtime serves it, against a careless or hostile browser: paths that try
 * to climb out of web/dist get 404 and never a file of the repository; the development sign-in
 * refuses unknown roles, malformed tenants and oversized claims with 400 naming the field; every
 * console answer carries the same security headers as CloudFront's; and the console's files never
 * shadow an API route. The API still decides each call: a console token of one tenant reads
 * nothing of another.
 */
import { request as httpRequest } from 'node:http';
import { describe, expect, inject, it } from 'vitest';
import { tenantWithAgent, wardenClient } from '../support/warden-client';

const baseUrl = inject('runtimeUrl');
const api = wardenClient(baseUrl, inject('runtimeDataDir'));

/** A GET with the path exactly as written (fetch would normalise `..` away). */
function rawGet(path: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    request.on('error', reject);
    request.end();
  });
}

const signIn = (body: unknown) => api.request('POST', '/_local/sign-in', { body });

describe('Console serving on the local runtime', () => {
  it.each([
    '/../package.json',
    '/assets/../../package.json',
    '/%2e%2e/package.json',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/..%5cpackage.json',
    '/assets/%E0%A4%A.js',
    '/%E0%A4%A',
  ])('answers %s with 404, never a file outside the built console', async (path) => {
    const answer = await rawGet(path);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('"name": "warden"');
  });

  it('sends the same security headers as CloudFront on the app and on its configuration', async () => {
    for (const path of ['/', '/agents/anything', '/config.json']) {
      const answer = await rawGet(path);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-security-policy']).toContain("script-src 'self';");
      expect(answer.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('leaves the API its routes: an unknown /v1 path is the API’s JSON 404, not the app', async () => {
    const answer = await api.get('/v1/not-a-route');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: { code: 'route_not_found' } });
  });

  it.each([
    [{ roles: ['root'] }, 'roles.0'],
    [{ roles: [] }, 'roles'],
    [{ roles: ['tenant-admin'], tenant: 'Bad#Tenant' }, 'tenant'],
    [{ roles: ['team-lead'], tenant: 'acme', teams: Array.from({ length: 51 }, (_, index) => `t${index}`) }, 'teams'],
    [{ roles: ['auditor'], sub: 'x'.repeat(201) }, 'sub'],
    [{ roles: ['auditor'], admin: true }, ''],
  ])('refuses the sign-in %j with 400 naming %s', async (body, field) => {
    const answer = await signIn(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_input');
    expect(answer.body.error.details.map((detail: { path: string }) => detail.path)).toContain(field);
  });

  it("gives a console token of one tenant nothing of another tenant's", async () => {
    const other = await tenantWithAgent(api, 'console-other');
    const signedIn = await signIn({ roles: ['tenant-admin'], tenant: 'console-mine' });
    expect(signedIn.status).toBe(200);
    const read = await api.get(`/v1/tenants/${other.tenantId}/agents/${other.agentId}`, signedIn.body.token);
    expect([403, 404]).toContain(read.status);
    expect(JSON.stringify(read.body)).not.toContain(other.agentId);
  });
});
