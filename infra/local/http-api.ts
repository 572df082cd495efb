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
/** How much of a body over the limit is read and dropped so the client sees the 413 (not a reset); beyond it the connection is cut. */
const MAX_DRAINED_BYTES = 64 * 1024 * 1024;
/** Node's limit on the request line and headers together (its default, 16 KiB). */
const MAX_HEADER_BYTES = 16 * 1024;

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

const errorBody = (code: string, message: string, requestId: string) =>
  JSON.stringify({ error: { code, message, details: [], requestId } });

function sendError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  requestId: string,
  headers: Record<string, string> = {},
) {
  const body = errorBody(code, message, requestId);
  response.writeHead(status, {
    'content-type': 'application/json',
    'x-request-id': requestId,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  response.end(body);
}

/**
 * The body as text, or undefined when it is over MAX_REQUEST_BYTES. Past the limit nothing more is
 * kept, but the rest is read and dropped, so the client gets the 413 once it has sent its body
 * instead of a reset midway; a body declared or sent beyond MAX_DRAINED_BYTES is not worth that,
 * and its connection is cut.
 */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > MAX_DRAINED_BYTES) {
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAINED_BYTES) {
        resolve(undefined);
        request.destroy();
      } else if (size > MAX_REQUEST_BYTES) chunks.length = 0;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** A raw HTTP/1.1 error response in Warden's shape, for errors Node meets before a request exists. */
function rawErrorResponse(status: number, reason: string, code: string, message: string): string {
  const body = errorBody(code, message, newRequestId());
  return `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
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
    if (body === undefined) {
      // Sent once the client has finished sending (or at once for a body far too large to read).
      return sendError(response, 413, 'payload_too_large', `The request is larger than ${MAX_REQUEST_BYTES} bytes`, requestId, {
        connection: 'close',
      });
    }
    if (options.extraHandler && (await options.extraHandler(request, response, url, body))) return;

    const matched = matcher.match(request.method ?? 'GET', url.pathname);
    if (!matched) return sendError(response, 404, 'route_not_found', `No route for ${request.method} ${url.pathname}`, requestId);
    const { route } = matched;
    const headers = gatewayHeaders(request);
    const event = httpApiEvent({
      request,
      url,
      route: { ...route, pathParameters: matched.pathParameters },
      headers,
      body,
      requestId,
      nowMs: options.nowMs(),
    });

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
        if (error instanceof Error && error.message === 'Unauthorized')
          return sendError(response, 401, 'unauthorized', 'Invalid API key', requestId);
        options.onError?.(error);
        return sendError(response, 503, 'authorizer_unavailable', 'The authorizer could not decide; retry', requestId, {
          'retry-after': '1',
        });
      }
      if (!verdict.isAuthorized) return sendError(response, 403, 'forbidden', 'Forbidden', requestId);
      authorizer = { lambda: verdict.context ?? {} };
    }

    const result = await options.host.invoke(
      route.function,
      authorizer ? { ...event, requestContext: { ...event.requestContext, authorizer } } : event,
    );
    sendResult(response, result, requestId);
  }

  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (request, response) => {
    serve(request, response).catch((error: unknown) => {
      options.onError?.(error);
      if (!response.headersSent) sendError(response, 500, 'internal_error', 'Internal error', newRequestId());
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  // Requests Node refuses before they exist (headers too large, malformed) get the error shape too.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const response =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? rawErrorResponse(
            431,
            'Request Header Fields Too Large',
            'headers_too_large',
            `The request line and headers may be at most ${MAX_HEADER_BYTES} bytes`,
          )
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? rawErrorResponse(408, 'Request Timeout', 'request_timeout', 'The request was not received in time')
          : rawErrorResponse(400, 'Bad Request', 'bad_request', 'The request is not valid HTTP');
    socket.end(response);
  });
  return server;
}
