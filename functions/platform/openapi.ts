import { readFile } from 'node:fs/promises';
import { PLATFORM_ROUTES } from '../../shared/manifest/routes/platform-routes';
import { onceAsync } from '../_lib/compose/once';
import { JsonText, publicRoute } from '../_lib/public-route';
import type { openApiJson } from './openapi-document';

/**
 * The document as JSON text: the file the bundler writes beside a Lambda bundle (generated from
 * the route table at build time, infra/cdk/function-bundling.ts), or — in the local runtime, which
 * runs this module from source — built from the route table. The builder is imported by a computed
 * path so that no bundle contains it (nor every route's schemas).
 */
const documentText = onceAsync(async (): Promise<string> => {
  const bundled = await readFile(new URL('./openapi.json', import.meta.url), 'utf8').catch(() => undefined);
  if (bundled !== undefined) return bundled;
  const builder = new URL('./openapi-document.ts', import.meta.url).href;
  const built = (await import(builder)) as { openApiJson: typeof openApiJson };
  return built.openApiJson();
});

/** GET /openapi.json — the API reference, generated from the route table's schemas. */
export const handler = publicRoute(PLATFORM_ROUTES.openapi, async () => new JsonText(await documentText()));
