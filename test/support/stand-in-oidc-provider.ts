/**
 * A stand-in OpenID Connect provider on loopback for the console's sign-in test: discovery, an
 * authorization endpoint that sends the browser straight back with a code (the person is taken as
 * signed in), and a token endpoint that checks the PKCE verifier against the challenge (S256), the
 * client and the redirect URI before it answers with a token signed by the local runtime's dev key
 * (the only key the local API trusts). It records what it was asked, for the test to check.
 *
 * It also offers the device authorization grant (RFC 8628) for the CLI's `warden login`: a device
 * code is pending until the test calls `approveDevice(userCode)`, as a person would in a browser.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { LOCAL_TOKEN_SETTINGS } from '../../infra/local/dev-credentials';
import { signOperatorToken } from '../../shared/auth/operator-token';

export interface StandInIdentity {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly tenant?: string;
}

interface Grant {
  readonly challenge: string;
  readonly method: string;
  readonly clientId: string;
  readonly redirectUri: string;
}

export async function startStandInOidcProvider(options: { clientId: string; identity: StandInIdentity; runtimeDataDir: () => string }) {
  const grants = new Map<string, Grant>();
  const seen = { authorizations: [] as Record<string, string>[], tokenRequests: [] as Record<string, string>[], refused: [] as string[] };
  let issuer = '';
  const devices = new Map<string, { userCode: string; clientId: string; approved: boolean; polls: number }>();

  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    response.end(JSON.stringify(body));
  };
  const refuse = (response: ServerResponse, reason: string) => {
    seen.refused.push(reason);
    json(response, 400, { error: 'invalid_grant', error_description: reason });
  };
  const bodyOf = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => resolve(text));
    });

  async function tokenFor(): Promise<string> {
    const { privateJwk } = JSON.parse(readFileSync(join(options.runtimeDataDir(), 'dev-credentials.json'), 'utf8')) as { privateJwk: JWK };
    return signOperatorToken(options.identity, privateJwk, { ...LOCAL_TOKEN_SETTINGS, lifetimeSeconds: 3600 });
  }

  async function serve(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', issuer);
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' });
      return response.end();
    }
    if (url.pathname === '/.well-known/openid-configuration')
      return json(response, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        device_authorization_endpoint: `${issuer}/device`,
      });
    if (url.pathname === '/device' && request.method === 'POST') {
      const form = Object.fromEntries(new URLSearchParams(await bodyOf(request)));
      if (form.client_id !== options.clientId) return refuse(response, 'unknown client');
      const deviceCode = randomBytes(16).toString('hex');
      const userCode = randomBytes(4).toString('hex').toUpperCase();
      devices.set(deviceCode, { userCode, clientId: form.client_id, approved: false, polls: 0 });
      return json(response, 200, {
        device_code: deviceCode,
        user_code: userCode,
        verification_uri: `${issuer}/activate`,
        expires_in: 60,
        interval: 1,
      });
    }
    if (url.pathname === '/authorize') {
      const query = Object.fromEntries(url.searchParams);
      seen.authorizations.push(query);
      if (query.response_type !== 'code' || query.client_id !== options.clientId || !query.code_challenge || !query.redirect_uri)
        return refuse(response, 'bad authorization request');
      const code = randomBytes(16).toString('hex');
      grants.set(code, {
        challenge: query.code_challenge,
        method: query.code_challenge_method ?? 'plain',
        clientId: query.client_id,
        redirectUri: query.redirect_uri,
      });
      const back = new URL(query.redirect_uri);
      back.searchParams.set('code', code);
      if (query.state) back.searchParams.set('state', query.state);
      response.writeHead(302, { location: back.toString() });
      return response.end();
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      const form = Object.fromEntries(new URLSearchParams(await bodyOf(request)));
      seen.tokenRequests.push(form);
      if (form.grant_type === 'urn:ietf:params:oauth:grant-type:device_code') {
        const device = devices.get(form.device_code ?? '');
        if (!device || device.clientId !== form.client_id) return refuse(response, 'unknown device code');
        device.polls += 1;
        if (!device.approved) return json(response, 400, { error: 'authorization_pending' });
        devices.delete(form.device_code ?? '');
        return json(response, 200, { access_token: await tokenFor(), token_type: 'Bearer', expires_in: 3600 });
      }
      const grant = grants.get(form.code ?? '');
      grants.delete(form.code ?? '');
      if (!grant || form.grant_type !== 'authorization_code') return refuse(response, 'unknown code');
      if (form.client_id !== grant.clientId || form.redirect_uri !== grant.redirectUri)
        return refuse(response, 'client or redirect differs');
      const derived = createHash('sha256')
        .update(form.code_verifier ?? '')
        .digest('base64url');
      if (grant.method !== 'S256' || derived !== grant.challenge) return refuse(response, 'PKCE verifier does not match');
      return json(response, 200, { access_token: await tokenFor(), token_type: 'Bearer', expires_in: 3600 });
    }
    json(response, 404, { error: 'not_found' });
  }

  const server = createServer((request, response) => void serve(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** Approves the pending device sign-in with `userCode`, as the person would in a browser; false when there is none. */
  const approveDevice = (userCode: string): boolean => {
    const device = [...devices.values()].find((entry) => entry.userCode === userCode);
    if (device) device.approved = true;
    return device !== undefined;
  };
  const devicePolls = () => [...devices.values()].reduce((sum, device) => sum + device.polls, 0);
  return { issuer, seen, approveDevice, devicePolls, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
