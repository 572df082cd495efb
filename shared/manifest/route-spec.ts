/**
 * The shape of one HTTP route: plain data for the platforms (method, path, function, auth) plus
 * the zod schemas the handler validates with and the OpenAPI document is generated from.
 */
import type { z } from 'zod';
import type { Permission } from '../auth/permissions';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A format a request body may come in: JSON (`application/json`) or YAML (`application/yaml`, `application/x-yaml`, `text/yaml`). */
export type BodyFormat = 'json' | 'yaml';

/** How a route authenticates: an operator JWT, an agent API key, or not at all. */
export type RouteAuth = 'operator' | 'agent' | 'none';

export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/tenants/{tenantId}/agents/{agentId}`. */
  readonly path: string;
  /** Id of the function (in FUNCTIONS) that serves it. */
  readonly function: string;
  readonly auth: RouteAuth;
  /** The permission checked before the handler runs (operators only). */
  readonly permission?: Permission;
  readonly summary: string;
  readonly tag: string;
  readonly body?: z.ZodType;
  /**
   * The formats the body may come in (JSON when absent, whatever the content type says). A route
   * that lists YAML reads the content type and refuses any other with 415 `unsupported_media_type`.
   */
  readonly bodyFormats?: readonly BodyFormat[];
  /** Largest body accepted, in bytes (1 MiB when absent); larger ones get 413 `payload_too_large`. */
  readonly maxBodyBytes?: number;
  readonly query?: z.ZodType;
  /** Schema of a successful response body (documentation). */
  readonly response?: z.ZodType;
  /**
   * Agent routes whose handler refuses suspended tenants and agents itself (to audit the attempt)
   * instead of the shared check before it.
   */
  readonly refusesSuspendedItself?: boolean;
  /** Status of a successful response (default 200). */
  readonly successStatus?: 200 | 201 | 202 | 204;
}

/** The names of the `{params}` in a path template, as a record type. */
export type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? { readonly [K in Name | keyof PathParams<Rest>]: string }
  : Record<never, string>;

/** The `METHOD path` key API Gateway calls a route key. */
export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>): string => `${route.method} ${route.path}`;
