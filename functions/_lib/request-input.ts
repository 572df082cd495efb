/**
 * Validates the parts of an HTTP request (path, query, body) with zod; failures become a
 * ValidationError whose details name each field and where it was (`in: body|query|path`).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { type ErrorDetail, PayloadTooLargeError, ValidationError } from '../../shared/kernel/errors';
import { PATH_PARAMS } from '../../shared/manifest/path-params';

/** Largest JSON body accepted (API Gateway allows more; Warden's bodies are small). */
export const MAX_BODY_BYTES = 1024 * 1024;

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

/** The JSON body, or undefined when there is none. */
export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new PayloadTooLargeError(`The body is larger than ${MAX_BODY_BYTES} bytes`);
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
