/**
 * OpenID Connect authorization code flow with PKCE (RFC 7636), for the console on AWS: the browser
 * keeps a random verifier, sends its SHA-256 challenge with the authorization request, and proves
 * it when exchanging the code, so a stolen code is worthless. No client secret exists in the app.
 */
const VERIFIER_KEY = 'warden.pkce.verifier';
const STATE_KEY = 'warden.pkce.state';

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A verifier of 43 characters from 32 random bytes. */
export const newVerifier = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** The S256 challenge of a verifier. */
export async function challengeOf(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`The identity provider's discovery document answered ${response.status}`);
  return (await response.json()) as Discovery;
}

/** Sends the browser to the identity provider. */
export async function startSignIn(oidc: { issuer: string; clientId: string; scopes: readonly string[] }) {
  const discovery = await discover(oidc.issuer);
  const verifier = newVerifier();
  const state = newVerifier();
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  sessionStorage.setItem(STATE_KEY, state);
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: `${location.origin}/callback`,
    scope: oidc.scopes.join(' '),
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Exchanges the code the provider sent back to /callback for a token (the access token, a JWT the API accepts). */
export async function finishSignIn(oidc: { issuer: string; clientId: string }, query: URLSearchParams): Promise<string> {
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  const state = sessionStorage.getItem(STATE_KEY);
  sessionStorage.removeItem(VERIFIER_KEY);
  sessionStorage.removeItem(STATE_KEY);
  if (!verifier || !state || query.get('state') !== state) throw new Error('The sign-in answer does not match the request; sign in again');
  const code = query.get('code');
  if (!code) throw new Error(query.get('error_description') ?? query.get('error') ?? 'The identity provider sent no code');
  const discovery = await discover(oidc.issuer);
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: `${location.origin}/callback`,
      client_id: oidc.clientId,
      code_verifier: verifier,
    }),
  });
  if (!response.ok) throw new Error(`The identity provider refused the code (${response.status})`);
  const tokens = (await response.json()) as { access_token?: string };
  if (!tokens.access_token) throw new Error('The identity provider sent no access token');
  return tokens.access_token;
}
