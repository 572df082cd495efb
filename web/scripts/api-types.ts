/**
 * The console's typed API client comes from the OpenAPI document the API serves at /openapi.json:
 * `npm run build:web` writes web/src/api/schema.d.ts from it with openapi-typescript, and a unit
 * test fails when the committed file differs from what the routes generate now.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { ROUTES } from '../../shared/manifest/routes';
import { buildOpenApiDocument } from '../../shared/manifest/openapi';

export const API_TYPES_FILE = join(import.meta.dirname, '../src/api/schema.d.ts');

const HEADER = "/* Generated from the API's OpenAPI document by web/scripts/api-types.ts (npm run build:web). Do not edit. */\n";

/** The TypeScript declarations of the API's paths, operations and schemas. */
export async function generateApiTypes(): Promise<string> {
  const document = buildOpenApiDocument(ROUTES, { version: '1' });
  const ast = await openapiTS(document as never, { alphabetize: true });
  return HEADER + astToString(ast);
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(API_TYPES_FILE, await generateApiTypes());
  console.log(`wrote ${API_TYPES_FILE}`);
}
