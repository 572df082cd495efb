import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_CATALOG } from '../../../shared/events/catalog';
import { MANIFEST, manifestProblems } from '../../../shared/manifest';
import { buildOpenApiDocument } from '../../../shared/manifest/openapi';
import { PATH_PARAMS } from '../../../shared/manifest/path-params';
import { ROUTES } from '../../../shared/manifest/routes';

const root = join(import.meta.dirname, '../../..');

describe('The manifest', () => {
  it('is consistent: every route, rule and stream names a function that exists, no duplicates', () => {
    expect(manifestProblems()).toEqual([]);
  });

  it('finds problems when there are some', () => {
    const broken = { ...MANIFEST, routes: [...MANIFEST.routes, { ...ROUTES.health, function: 'nope' }, ROUTES.health] };
    expect(manifestProblems(broken)).toEqual(
      expect.arrayContaining(['duplicate route GET /health', expect.stringContaining('unknown function nope')]),
    );
  });

  it('delivers through each event rule only detail-types its source publishes, with the pattern made from them', () => {
    for (const rule of MANIFEST.eventRules) {
      for (const type of rule.detailTypes) expect(EVENT_CATALOG[type].source, `${rule.id}: ${type}`).toBe(rule.source);
      expect(rule.pattern).toEqual({ source: [rule.source], 'detail-type': [...rule.detailTypes] });
    }
  });

  it('points every function at an entry file that exists', () => {
    for (const fn of MANIFEST.functions) expect(existsSync(join(root, fn.entry)), fn.entry).toBe(true);
  });

  it('has a schema for every path parameter of every route', () => {
    for (const route of MANIFEST.routes) {
      for (const [, name] of route.path.matchAll(/\{(\w+)\}/g)) expect(PATH_PARAMS, `${route.path}: {${name}}`).toHaveProperty(name!);
    }
  });

  it('gives every operator route a permission', () => {
    for (const route of MANIFEST.routes.filter((candidate) => candidate.auth === 'operator'))
      expect(route, route.path).toHaveProperty('permission');
  });

  it('accepts URL-encoded path values', () => {
    expect(PATH_PARAMS.role!.parse('support%2Ebot')).toBe('support.bot');
  });
});

describe('Function: buildOpenApiDocument', () => {
  const document = buildOpenApiDocument(ROUTES, { version: '1' });

  it('documents every route with its method, security and body schema', () => {
    for (const route of MANIFEST.routes) {
      const operation = (document.paths[route.path] as Record<string, any>)[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation.security).toEqual(
        route.auth === 'operator' ? [{ operatorJwt: [] }] : route.auth === 'agent' ? [{ agentApiKey: [] }] : [],
      );
      if ('body' in route) expect(operation.requestBody.content['application/json'].schema).toHaveProperty('properties');
    }
  });

  it('describes the fields of a body as the handler validates them', () => {
    const schema = (document.paths['/v1/tenants/{tenantId}/agents'] as any).post.requestBody.content['application/json'].schema;
    // role is required unless a template gives it (a refinement the handler checks).
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'team', 'environment', 'owner']));
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['role', 'template', 'templateParameters']));
    expect(schema.additionalProperties).toBe(false);
  });
});
