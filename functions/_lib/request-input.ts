/**
 * Reads the body (JSON, or YAML on routes that accept it) and validates the parts of an HTTP
 * request (path, query, body) with zod; failures become a ValidationError whose details name each
 * field and where it was (`in: body|query|path`).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { type ErrorDetail, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../shared/kernel/errors';
import type { RouteSpec } from '../../shared/manifest/route-spec';
import { PATH_PARAMS } from '../../shared/manifest/path-params';

/** Largest body of a route that sets no `maxBodyBytes` (API Gateway allows more; most of Warden's bodies are small). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Largest YAML body on any route: the `yaml` package parses well under 1 MB/s on one core against
 * JSON's ~50 MB/s, so YAML bodies stop at 256 KiB (about 2,000 rules of typical size, a fraction
 * of a second to parse: one tenant's upload must not hold a process for seconds) whatever the
 * route allows. Larger documents go as JSON.
 */
export const MAX_YAML_BODY_BYTES = 256 * 1024;

const YAML_MEDIA_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];
const isJsonMediaType = (mediaType: string) => mediaType === 'application/json' || /^application\/[\w.-]+\+json$/.test(mediaType);

type Location = 'body' | 'query' | 'path';

function detailsOf(error: z.ZodError, location: Location): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : location,
    in: location,
    message: issue.message,
  }));
}

/** Parses `value` with `schema` or throws ValidationError naming the fields. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, location: Location): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(`Invalid request ${location}`, detailsOf(result.error, location));
  return result.data;
}

/** The media type of the body (`content-type` without parameters, lower case), or undefined when not given. */
function mediaTypeOf(event: APIGatewayProxyEventV2): string | undefined {
  const header = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const mediaType = header?.split(';', 1)[0]?.trim().toLowerCase();
  return mediaType ? mediaType : undefined;
}

/**
 * True when `value` would be more than `limit` characters of JSON. Walks without recursion and
 * stops as soon as it passes the limit, so a YAML alias repeated to expand a small body into a
 * huge value costs no more than `limit` steps.
 */
function jsonLongerThan(value: unknown, limit: number): boolean {
  let size = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') size += next.length + 2;
    else if (Array.isArray(next)) {
      size += next.length + 2;
      for (const item of next) pending.push(item);
    } else if (next !== null && typeof next === 'object') {
      const entries = Object.entries(next);
      size += 2;
      for (const [key, item] of entries) {
        size += key.length + 4;
        pending.push(item);
      }
    } else size += String(next).length;
    if (size > limit) return true;
  }
  return false;
}

/** Reads YAML text into a value (shared/policy/document-text.ts `readDocumentText`), given by the routes that accept YAML. */
export type YamlReader = (text: string) => unknown;

/**
 * A YAML body: at most MAX_YAML_BODY_BYTES of text, read as documents are (alias count capped), and
 * at most `limit` once aliases are expanded.
 */
function yamlBody(text: string, limit: number, readYaml: YamlReader): unknown {
  const textLimit = Math.min(limit, MAX_YAML_BODY_BYTES);
  if (Buffer.byteLength(text) > textLimit)
    throw new PayloadTooLargeError(`A YAML body may be at most ${textLimit} bytes; send larger documents as JSON (up to ${limit} bytes)`);
  let value: unknown;
  try {
    value = readYaml(text);
  } catch (error) {
    const position = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const reason = error instanceof Error && error.name !== 'RangeError' ? (error.message.split('\n', 1)[0] ?? '') : 'too deeply nested';
    throw new ValidationError(
      'The body is not valid YAML',
      [{ path: 'body', in: 'body', message: reason, ...(position ? { line: position.line, column: position.col } : {}) }],
      'invalid_yaml',
    );
  }
  if (jsonLongerThan(value, limit))
    throw new PayloadTooLargeError(`The YAML body expands (through its aliases) to more than ${limit} bytes`);
  return value;
}

/**
 * The body of a request to `route`, or undefined when there is none: JSON, or YAML when the route
 * accepts it and the content type says so. Bodies over the route's limit get 413; on a route that
 * accepts YAML, a content type that is neither gets 415. `readYaml` reads YAML text: only the
 * functions of routes that accept YAML load a YAML parser.
 */
export function requestBody(
  event: APIGatewayProxyEventV2,
  route: Pick<RouteSpec, 'bodyFormats' | 'maxBodyBytes'> = {},
  readYaml?: YamlReader,
): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const limit = route.maxBodyBytes ?? MAX_BODY_BYTES;
  if (route.bodyFormats?.includes('yaml')) {
    const mediaType = mediaTypeOf(event);
    if (mediaType !== undefined && YAML_MEDIA_TYPES.includes(mediaType)) {
      if (!readYaml) throw new Error('This route accepts YAML but was given no YAML reader');
      return yamlBody(text, limit, readYaml);
    }
    if (mediaType !== undefined && !isJsonMediaType(mediaType)) {
      const accepted = ['application/json', ...YAML_MEDIA_TYPES];
      throw new UnsupportedMediaTypeError(`This route reads JSON or YAML bodies, not ${mediaType}`, accepted);
    }
  }
  if (Buffer.byteLength(text) > limit) throw new PayloadTooLargeError(`The body is larger than ${limit} bytes`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('The body is not valid JSON', [{ path: 'body', in: 'body', message: 'not valid JSON' }], 'invalid_json');
  }
}

/** Path parameters named in `template`, each validated by its schema in PATH_PARAMS. */
export function pathParams(event: APIGatewayProxyEventV2, template: string): Record<string, string> {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  const problems: ErrorDetail[] = [];
  const params: Record<string, string> = {};
  for (const name of names) {
    const schema = PATH_PARAMS[name];
    const result = schema?.safeParse(event.pathParameters?.[name]);
    if (!result?.success) problems.push({ path: name, in: 'path', message: result?.error.issues[0]?.message ?? 'unknown parameter' });
    else params[name] = result.data;
  }
  if (problems.length > 0) throw new ValidationError('Invalid request path', problems);
  return params;
}
