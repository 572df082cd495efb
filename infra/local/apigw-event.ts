/**
 * Builds API Gateway HTTP API (payload format 2.0) events from Node requests, as API Gateway
 * would: lower-case headers, comma-joined repeated headers and query values, raw path values.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface MatchedRoute {
  readonly method: string;
  readonly path: string;
  readonly pathParameters: Record<string, string>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestContext.time` format, e.g. `24/Nov/2026:10:00:00 +0000`. */
function gatewayTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** A request id in API Gateway's style. */
export const newRequestId = (): string => randomBytes(12).toString('base64url');

/** Lower-cased headers, repeated ones joined by commas. */
export function gatewayHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

/** The payload 2.0 event of a request matched to a route. */
export function httpApiEvent(options: {
  request: IncomingMessage;
  url: URL;
  route: MatchedRoute;
  headers: Record<string, string>;
  body: string;
  requestId: string;
  nowMs: number;
  authorizer?: Record<string, unknown>;
}) {
  const { request, url, route, headers, body, requestId, nowMs } = options;
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(route.pathParameters).length > 0 ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: gatewayTime(nowMs),
      timeEpoch: nowMs,
      ...(options.authorizer ? { authorizer: options.authorizer } : {}),
    },
    ...(body.length > 0 ? { body } : {}),
    isBase64Encoded: false,
  };
}

/** The event API Gateway sends a payload 2.0 Lambda authorizer. */
export function authorizerEvent(event: ReturnType<typeof httpApiEvent>, identity: string) {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:us-east-1:000000000000:local/$default/${event.routeKey.replace(' ', '')}`,
    identitySource: [identity],
    routeKey: event.routeKey,
    rawPath: event.rawPath,
    rawQueryString: event.rawQueryString,
    headers: event.headers,
    requestContext: event.requestContext,
    ...(event.pathParameters ? { pathParameters: event.pathParameters } : {}),
    ...(event.queryStringParameters ? { queryStringParameters: event.queryStringParameters } : {}),
  };
}

/**
 * JWT claims as API Gateway's JWT authorizer hands them to the integration: every value a string,
 * arrays as `[a b]` (so `["a b"]` and `["a", "b"]` read alike). Functions never read values from
 * this lossy form: they decode the bearer token itself and use these claims only to check that it
 * is the token the gateway verified.
 */
export function gatewayClaims(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}
