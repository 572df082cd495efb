/**
 * The CLI against hostile or broken input: a server that names a scope meant to escape the policy
 * folder, a server that never answers, a folder holding a YAML alias bomb, and a token for another
 * tenant. The CLI writes nothing outside the folder, never hangs, and passes the server's refusal on.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cliUser } from '../support/warden-cli';
import { unique, wardenClient } from '../support/warden-client';

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

describe('warden CLI against hostile input', () => {
  let hostile: Server;
  let stalled: Server;
  let hostileUrl: string;
  let stalledUrl: string;

  beforeAll(async () => {
    hostile = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      if (request.url?.endsWith('/policies'))
        return response.end(JSON.stringify({ items: [{ scope: 'team:../../../escaped', activeVersion: 1 }] }));
      if (request.url?.includes('/versions/1'))
        return response.end(
          JSON.stringify({ scope: 'team:../../../escaped', version: 1, status: 'active', contentHash: 'x', document: { rules: [] } }),
        );
      return response.end(JSON.stringify({ scenarios: [], version: 0 }));
    });
    stalled = createServer(() => {
      // accepts the request and never answers
    });
    hostileUrl = await listen(hostile);
    stalledUrl = await listen(stalled);
  });

  afterAll(() => {
    hostile?.closeAllConnections();
    stalled?.closeAllConnections();
    hostile?.close();
    stalled?.close();
  });

  it('refuses to pull a scope whose name would write outside the folder, and writes nothing', async () => {
    const base = mkdtempSync(join(tmpdir(), 'warden-hostile-'));
    const dir = join(base, 'a', 'b', 'policies');
    const cli = cliUser(hostileUrl);
    const result = await cli.run(['--token', 'x', '--tenant', 'acme', 'policy', 'pull', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The server named a scope that is not one');
    expect(existsSync(join(base, 'escaped.yaml'))).toBe(false);
    expect(readdirSync(base, { recursive: true }).filter((entry) => String(entry).endsWith('.yaml'))).toEqual([]);
  });

  it('gives up on a server that never answers within --timeout, instead of hanging', async () => {
    const cli = cliUser(stalledUrl);
    const started = Date.now();
    const result = await cli.run(['--token', 'x', '--tenant', 'acme', '--timeout', '1', 'agents', 'ls']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot reach ${stalledUrl}: no answer within 1 s (unreachable)`);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('reports a YAML alias bomb in a folder as an invalid file instead of expanding it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-bomb-'));
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 12; level++)
      lines.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(',')}]`,
      );
    lines.push('rules: []');
    writeFileSync(join(dir, 'tenant.yaml'), lines.join('\n'));
    const result = await cliUser('http://127.0.0.1:9').run(['policy', 'validate', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/tenant\.yaml: not valid YAML or JSON: .*alias/i);
  });

  it("passes on the server's refusal when a token is used for another tenant, printing none of its data", async () => {
    const url = inject('runtimeUrl');
    const api = wardenClient(url, inject('runtimeDataDir'));
    const platform = await api.token({ roles: ['platform-admin'] });
    const victim = unique('victim');
    expect((await api.post('/v1/tenants', platform, { id: victim, name: 'Victim', tier: 'business', environments: ['prod'] })).status).toBe(
      201,
    );
    const attacker = await api.token({ roles: ['tenant-admin'], tenant: unique('attacker') });
    const cli = cliUser(url);
    const dir = mkdtempSync(join(tmpdir(), 'warden-cross-'));
    for (const args of [['policy', 'pull', dir], ['agents', 'ls'], ['audit', 'ls'], ['grants', 'ls'], ['usage']]) {
      const result = await cli.run(['--token', attacker, '--tenant', victim, ...args]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toMatch(/HTTP 40[34]\)/);
      expect(result.stdout).toBe('');
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
