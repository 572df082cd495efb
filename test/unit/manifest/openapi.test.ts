/**
 * The served OpenAPI document (GET /openapi.json builds it from ROUTES) against the OpenAPI 3.1
 * schema, checked by a maintained validator, and its operation ids: unique and stable.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../shared/manifest/openapi';
import type { RouteSpec } from '../../../shared/manifest/route-spec';
import { ROUTES } from '../../../shared/manifest/routes';

type Operation = { operationId?: string };
const document = buildOpenApiDocument(ROUTES, { version: '1' });
const operationsOf = (doc: { paths: Record<string, Record<string, unknown>> }) =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, ...(operation as Operation) })),
  );

/** Operation ids given to more than one operation, with the operations that share each. */
function sharedOperationIds(doc: { paths: Record<string, Record<string, unknown>> }): Record<string, string[]> {
  const byId = new Map<string, string[]>();
  for (const { route, operationId } of operationsOf(doc))
    byId.set(operationId ?? '(none)', [...(byId.get(operationId ?? '(none)') ?? []), route]);
  return Object.fromEntries([...byId].filter(([, routes]) => routes.length > 1));
}

describe('Function: buildOpenApiDocument', () => {
  it('produces a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('gives every operation an operation id no other operation has', () => {
    const operations = operationsOf(document);
    expect(operations).toHaveLength(Object.keys(ROUTES).length);
    expect(operations.every((operation) => typeof operation.operationId === 'string' && operation.operationId.length > 0)).toBe(true);
    expect(sharedOperationIds(document)).toEqual({});
  });

  it("names each operation after its route's key in ROUTES, so ids stay put when paths or functions change", () => {
    for (const [key, route] of Object.entries(ROUTES) as [string, RouteSpec][]) {
      const operation = (document.paths[route.path] as Record<string, Operation>)[route.method.toLowerCase()];
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(key);
    }
    expect((document.paths['/v1/tenants'] as Record<string, Operation>).get?.operationId).toBe('listTenants');
  });

  it('is told apart from a document whose operations share an id (the check itself can fail)', () => {
    const twice = { paths: { '/a': { get: { operationId: 'same' } }, '/b': { post: { operationId: 'same' } } } };
    expect(sharedOperationIds(twice)).toEqual({ same: ['GET /a', 'POST /b'] });
  });

  it('is refused by the validator when it breaks the OpenAPI schema (the validation itself can fail)', async () => {
    const broken = structuredClone(document) as { info: Record<string, unknown> };
    delete broken.info.title;
    expect((await new Validator().validate(broken as Record<string, unknown>)).valid).toBe(false);
  });
});
