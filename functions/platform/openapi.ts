import { buildOpenApiDocument } from '../../shared/manifest/openapi';
import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';

let document: unknown;

/** GET /openapi.json — the API reference, generated from the route table's schemas. */
export const handler = httpRoute(ROUTES.openapi, async () => (document ??= buildOpenApiDocument(ROUTES, { version: '1' })));
