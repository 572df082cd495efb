/**
 * A stand-in OpenID Connect provider on loopback for the console's sign-in test: discovery, an
 * authorization endpoint that sends the browser straight back with a code (the person is taken as
 * signed in), and a token endpoint that checks the PKCE verifier against the challenge (S256), the
 * client and the redirect URI before it answers with a token signed by the local runtime's dev key
 * (the only key the local API trusts). It records what it was asked, for the test to check.
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

  async function serve(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', issuer);
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' });
      return response.end();
    }
    if (url.pathname === '/.well-known/openid-configuration')
      return json(response, 200, { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token` });
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
      const grant = grants.get(form.code ?? '');
      grants.delete(form.code ?? '');
      if (!grant || form.grant_type !== 'authorization_code') return refuse(response, 'unknown code');
      if (form.client_id !== grant.clientId || form.redirect_uri !== grant.redirectUri)
        return refuse(response, 'client or redirect differs');
      const derived = createHash('sha256')
        .update(form.code_verifier ?? '')
        .digest('base64url');
      if (grant.method !== 'S256' || derived !== grant.challenge) return refuse(response, 'PKCE verifier does not match');
      const { privateJwk } = JSON.parse(readFileSync(join(options.runtimeDataDir(), 'dev-credentials.json'), 'utf8')) as {
        privateJwk: JWK;
      };
      const accessToken = await signOperatorToken(options.identity, privateJwk, { ...LOCAL_TOKEN_SETTINGS, lifetimeSeconds: 3600 });
      return json(response, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600 });
    }
    json(response, 404, { error: 'not_found' });
  }

  const server = createServer((request, response) => void serve(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, seen, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
