/**
 * The platform's own routes, plain data without schemas: the liveness probe and the OpenAPI document
 * load no validation library (routes.ts adds the health response's schema for the document).
 */
import type { RouteSpec } from '../route-spec';

export const PLATFORM_ROUTES = {
  health: { method: 'GET', path: '/health', function: 'health', auth: 'none', tag: 'platform', summary: 'Liveness' },
  openapi: {
    method: 'GET',
    path: '/openapi.json',
    function: 'openapi',
    auth: 'none',
    tag: 'platform',
    summary: 'This API as an OpenAPI 3.1 document',
  },
} as const satisfies Record<string, RouteSpec>;
