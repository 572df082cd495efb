/**
 * `warden login` on a deployment that signs in with OpenID Connect: the CLI reads the issuer from
 * the server's /config.json, runs the device authorization flow against it (a stand-in provider on
 * loopback, whose tokens the local runtime trusts), prints the code for the person, and saves the
 * token once the person approves; the saved profile then works against the API.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStandInOidcProvider } from '../support/stand-in-oidc-provider';
import { cliUser } from '../support/warden-cli';
import { unique, wardenClient } from '../support/warden-client';

const url = inject('runtimeUrl');
const api = wardenClient(url, inject('runtimeDataDir'));
const CLIENT_ID = 'warden-cli';

describe('warden login with the device authorization flow', () => {
  const tenantId = unique('device');
  let provider: Awaited<ReturnType<typeof startStandInOidcProvider>>;
  let deployment: ReturnType<typeof createServer>;
  let deploymentUrl: string;

  beforeAll(async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    expect(
      (await api.post('/v1/tenants', platform, { id: tenantId, name: 'Device', tier: 'business', environments: ['prod'] })).status,
    ).toBe(201);
    provider = await startStandInOidcProvider({
      clientId: CLIENT_ID,
      identity: { sub: 'dana@corp', roles: ['security'], tenant: tenantId },
      runtimeDataDir: () => inject('runtimeDataDir'),
    });
    // The deployment's console configuration, as CloudFront serves it on AWS.
    deployment = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ mode: 'oidc', oidc: { issuer: provider.issuer, clientId: CLIENT_ID, scopes: ['openid'] } }));
    });
    await new Promise<void>((resolve) => deployment.listen(0, '127.0.0.1', resolve));
    deploymentUrl = `http://127.0.0.1:${(deployment.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await provider?.stop();
    await new Promise((resolve) => deployment?.close(resolve));
  });

  it('prints a code, waits for the person to approve it, and saves a profile the API accepts', async () => {
    const cli = cliUser(url);
    const login = spawn(
      process.execPath,
      [join(import.meta.dirname, '..', '..', 'cli', 'warden.js'), 'login', '--url', deploymentUrl, '--profile', 'prod'],
      {
        env: { ...process.env, WARDEN_CONFIG_DIR: cli.configDir, WARDEN_URL: '' },
      },
    );
    let stderr = '';
    let stdout = '';
    login.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    login.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const code = /enter the code (\w+)/.exec(stderr)?.[1];
      if (code) provider.approveDevice(code);
    });
    const exit = await new Promise<number>((resolve) => login.on('exit', (code) => resolve(code ?? 1)));
    expect(exit, stderr).toBe(0);
    expect(stderr).toMatch(new RegExp(`To sign in, open ${provider.issuer}/activate and enter the code \\w+`));
    expect(stdout).toContain('as dana@corp (security); profile "prod" saved');
    // Polled until approved, then no more.
    expect(provider.devicePolls()).toBe(0);
    expect(statSync(join(cli.configDir, 'config.json')).mode & 0o777).toBe(0o600);

    const me = await cli.json(['--profile', 'prod', 'whoami'], { WARDEN_URL: '' });
    expect(me).toMatchObject({ sub: 'dana@corp', tenant: tenantId, roles: ['security'], url: deploymentUrl });
    // The deployment here only serves the configuration: point the saved token at the API.
    expect((await cli.json(['--profile', 'prod', '--url', url, 'agents', 'ls'])).items).toEqual([]);
  });
});
