/**
 * The console on the local runtime, on the same origin as the API (as CloudFront serves it on
 * AWS): the built app from web/dist at `/` (paths without a file extension get index.html, so
 * client-side routes load), `/config.json` saying the sign-in is the development one (or OpenID
 * Connect against WARDEN_CONSOLE_OIDC_ISSUER), and
 * `POST /_local/sign-in`, which mints a token for a chosen role, tenant and teams. The sign-in
 * exists only here: the CDK app has no such route, and on AWS people sign in with OpenID Connect.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import * as z from 'zod';
import { signOperatorToken } from '../../shared/auth/operator-token';
import { OperatorRoleSchema } from '../../shared/auth/principal';
import { isTenantId } from '../../shared/kernel/tenant-id';
import { LOCAL_TOKEN_SETTINGS, type DevCredentials } from './dev-credentials';

/** How long a development sign-in lasts. */
export const SIGN_IN_SECONDS = 8 * 3600;

const SignInSchema = z
  .object({
    roles: z.array(OperatorRoleSchema).min(1).max(7),
    tenant: z.string().refine(isTenantId, 'a tenant id').optional(),
    teams: z.array(z.string().min(1).max(64)).max(50).optional(),
    sub: z.string().min(1).max(200).optional(),
  })
  .strict();

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The same headers as CloudFront's (consoleContentSecurityPolicy in infra/cdk/console-hosting.ts): scripts and styles
 * from the origin only; the identity provider's origin, when there is one, may be fetched.
 */
export function consoleSecurityHeaders(issuer?: string): Record<string, string> {
  const idp = issuer ? ` ${new URL(issuer).origin}` : '';
  return {
    'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'${idp}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'${idp}; object-src 'none'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
}

/** Paths that belong to the API or the runtime, never to the console. */
const notConsole = (path: string) =>
  path.startsWith('/v1/') || path.startsWith('/_local/') || path === '/openapi.json' || path === '/health';

export interface ConsoleServerOptions {
  /** The built console (web/dist). */
  readonly distDir: string;
  readonly credentials: Pick<DevCredentials, 'privateJwk'>;
  /** Sign in with OpenID Connect against this issuer instead of the development page. */
  readonly oidc?: { readonly issuer: string; readonly clientId: string };
}

export function createConsoleServer({ distDir, credentials, oidc }: ConsoleServerOptions) {
  const root = resolve(distDir);
  const securityHeaders = consoleSecurityHeaders(oidc?.issuer);
  const consoleConfig = JSON.stringify(
    oidc
      ? { mode: 'oidc', oidc: { issuer: oidc.issuer, clientId: oidc.clientId, scopes: ['openid', 'profile', 'email'] } }
      : { mode: 'dev' },
  );

  function send(response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) {
    response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...securityHeaders, ...headers });
    response.end(body);
  }

  const invalid = (response: ServerResponse, details: { path: string; message: string }[]) =>
    send(
      response,
      400,
      'application/json',
      JSON.stringify({ error: { code: 'invalid_input', message: 'The sign-in is not valid', details, requestId: 'local' } }),
    );

  function serveFile(response: ServerResponse, path: string) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return send(response, 404, 'text/plain; charset=utf-8', 'Not found'); // a malformed escape names no file
    }
    const wanted = normalize(join(root, decoded));
    const inside = wanted.startsWith(root + sep) && existsSync(wanted) && statSync(wanted).isFile();
    if (inside) {
      // Vite names assets by their content hash: they never change under the same name.
      const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      return send(response, 200, CONTENT_TYPES[extname(wanted)] ?? 'application/octet-stream', readFileSync(wanted), {
        'cache-control': cache,
      });
    }
    if (extname(path) !== '') return send(response, 404, 'text/plain; charset=utf-8', 'Not found');
    const index = join(root, 'index.html');
    if (!existsSync(index))
      return send(
        response,
        503,
        'text/html; charset=utf-8',
        '<!doctype html><title>Warden</title><p>The console is not built: run <code>npm run build:web</code>.</p>',
      );
    return send(response, 200, 'text/html; charset=utf-8', readFileSync(index), { 'cache-control': 'no-cache' });
  }

  async function signIn(response: ServerResponse, body: string) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body || '{}');
    } catch {
      return invalid(response, [{ path: '', message: 'a JSON object' }]);
    }
    const result = SignInSchema.safeParse(parsed);
    if (!result.success)
      return invalid(
        response,
        result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      );
    const { roles, tenant, teams, sub } = result.data;
    const token = await signOperatorToken(
      { sub: sub ?? `${roles[0]}@local`, roles, ...(tenant ? { tenant } : {}), ...(teams ? { teams } : {}) },
      credentials.privateJwk,
      { ...LOCAL_TOKEN_SETTINGS, lifetimeSeconds: SIGN_IN_SECONDS },
    );
    return send(response, 200, 'application/json', JSON.stringify({ token, expiresInSeconds: SIGN_IN_SECONDS }), {
      'cache-control': 'no-store',
    });
  }

  /** Answers the console's requests; false for the API's and the runtime's own paths. */
  return async function consoleServer(request: IncomingMessage, response: ServerResponse, url: URL, body: string): Promise<boolean> {
    if (url.pathname === '/_local/sign-in' && request.method === 'POST') {
      await signIn(response, body);
      return true;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    if (url.pathname === '/config.json') {
      send(response, 200, 'application/json', consoleConfig, { 'cache-control': 'no-cache' });
      return true;
    }
    if (notConsole(url.pathname)) return false;
    serveFile(response, url.pathname);
    return true;
  };
}
