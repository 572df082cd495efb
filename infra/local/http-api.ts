/**
 * The local twin of the API Gateway HTTP API: one Node HTTP server that matches routes from the
 * manifest, applies the same authorizers (JWT verification for operator routes, the agent
 * authorizer function for agent routes), builds payload 2.0 events and invokes the same handlers.
 * Gateway-level refusals use Warden's error shape.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { RouteSpec } from '../../shared/manifest/route-spec';
import { authorizerEvent, gatewayClaims, gatewayHeaders, httpApiEvent, newRequestId } from './apigw-event';
import type { FunctionHost } from './function-host';
import { createRouteMatcher } from './route-matcher';

/** API Gateway's payload limit for HTTP APIs. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export interface HttpApiOptions {
  readonly routes: readonly RouteSpec[];
  readonly host: FunctionHost;
  /** Verifies an operator JWT, returning its payload; throws when invalid. */
  readonly verifyOperatorToken: (token: string) => Promise<Record<string, unknown>>;
  readonly nowMs: () => number;
  /** Extra local-only routes (test hooks, dashboard); answered before the API routes. */
  readonly extraHandler?: (request: IncomingMessage, response: ServerResponse, url: URL, body: string) => Promise<boolean>;
  readonly onError?: (error: unknown) => void;
}

interface StructuredResult {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  body?: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
}

function sendError(response: ServerResponse, status: number, code: string, message: string, requestId: string) {
  const body = JSON.stringify({ error: { code, message, details: [], requestId } });
  response.writeHead(status, { 'content-type': 'application/json', 'x-request-id': requestId, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        resolve(undefined);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendResult(response: ServerResponse, result: unknown, requestId: string) {
  const structured: StructuredResult =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? (result as StructuredResult)
      : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
  const body = structured.body === undefined ? '' : structured.isBase64Encoded ? Buffer.from(structured.body, 'base64') : structured.body;
  const headers: Record<string, string | number | string[]> = { 'x-request-id': requestId };
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name] = String(value);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  headers['content-length'] = Buffer.byteLength(body);
  response.writeHead(structured.statusCode ?? 200, headers);
  response.end(body);
}

const bearer = (header: string | undefined) => /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '')?.[1];

export function createHttpApi(options: HttpApiOptions): Server {
  const matcher = createRouteMatcher(options.routes);

  async function serve(request: IncomingMessage, response: ServerResponse) {
    const requestId = newRequestId();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(request);
    if (body === undefined) return sendError(response, 413, 'payload_too_large', 'The request is larger than 10 MB', requestId);
    if (options.extraHandler && (await options.extraHandler(request, response, url, body))) return;

    const matched = matcher.match(request.method ?? 'GET', url.pathname);
    if (!matched) return sendError(response, 404, 'route_not_found', `No route for ${request.method} ${url.pathname}`, requestId);
    const { route } = matched;
    const headers = gatewayHeaders(request);
    const event = httpApiEvent({ request, url, route: { ...route, pathParameters: matched.pathParameters }, headers, body, requestId, nowMs: options.nowMs() });

    let authorizer: Record<string, unknown> | undefined;
    if (route.auth === 'operator') {
      const token = bearer(headers.authorization);
      if (!token) return sendError(response, 401, 'unauthorized', 'Missing bearer token', requestId);
      try {
        authorizer = { jwt: { claims: gatewayClaims(await options.verifyOperatorToken(token)), scopes: null } };
      } catch {
        return sendError(response, 401, 'unauthorized', 'Invalid operator token', requestId);
      }
    } else if (route.auth === 'agent') {
      const identity = headers.authorization;
      if (!identity) return sendError(response, 401, 'unauthorized', 'Missing bearer token', requestId);
      let verdict: { isAuthorized?: boolean; context?: Record<string, unknown> };
      try {
        verdict = await options.host.invoke('agent-authorizer', authorizerEvent(event, identity));
      } catch (error) {
        if (error instanceof Error && error.message === 'Unauthorized') return sendError(response, 401, 'unauthorized', 'Invalid API key', requestId);
        options.onError?.(error);
        return sendError(response, 503, 'authorizer_unavailable', 'The authorizer could not decide; retry', requestId);
      }
      if (!verdict.isAuthorized) return sendError(response, 403, 'forbidden', 'Forbidden', requestId);
      authorizer = { lambda: verdict.context ?? {} };
    }

    const result = await options.host.invoke(route.function, authorizer ? { ...event, requestContext: { ...event.requestContext, authorizer } } : event);
    sendResult(response, result, requestId);
  }

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      options.onError?.(error);
      if (!response.headersSent) sendError(response, 500, 'internal_error', 'Internal error', newRequestId());
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
