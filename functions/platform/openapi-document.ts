import { buildOpenApiDocument } from '../../shared/manifest/openapi';
import { ROUTES } from '../../shared/manifest/routes';

/** The OpenAPI document of the route table, as JSON text. */
export const openApiJson = (): string => JSON.stringify(buildOpenApiDocument(ROUTES, { version: '1' }));
