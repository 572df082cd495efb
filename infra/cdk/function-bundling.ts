/**
 * How every Lambda function is bundled, in one place: the CDK app (functions.ts) passes these to
 * NodejsFunction, and the cold-start bench and the bundle-budget test bundle with the same options
 * through esbuild's API. The choices and their measured figures: docs/decisions/cold-starts.md.
 * Plain data, no CDK: the bench and tests load it without aws-cdk-lib.
 */
import { buildOpenApiDocument } from '../../shared/manifest/openapi';
import { ROUTES } from '../../shared/manifest/routes';

/** esbuild options of every function bundle (ESM, minified, the AWS SDK bundled and tree-shaken). */
export const FUNCTION_BUNDLING = {
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  /** Source maps for stack traces, without the sources inside (see FUNCTION_NODE_OPTIONS). */
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  /** ESM bundles of CommonJS dependencies still call require(). */
  banner: "import { createRequire as __warden_createRequire } from 'node:module'; const require = __warden_createRequire(import.meta.url);",
  /**
   * Nothing is left to the runtime's copy of the AWS SDK: bundled, only the clients and commands a
   * function uses are in it, in one file, which loads about twice as fast as the same client
   * imported from node_modules (docs/decisions/cold-starts.md).
   */
  external: [] as string[],
} as const;

/**
 * NODE_OPTIONS of every function: stack traces through the source maps. Node then reads and
 * decodes a bundle's map while it loads the bundle — hence maps without the sources inside
 * (`sourcesContent: false`), which halves that cost (docs/decisions/cold-starts.md).
 */
export const FUNCTION_NODE_OPTIONS: readonly string[] = ['--enable-source-maps'];

/** The same options with the AWS SDK left out, for the bench's comparison with the runtime's copy. */
export const SDK_EXTERNAL = ['@aws-sdk/*'] as const;

/** The function that serves the OpenAPI document. */
export const OPENAPI_FUNCTION = 'openapi';

/**
 * Files written beside a function's bundle: the `openapi` function serves the OpenAPI document
 * generated here, at build time, from the route table, so that it loads no schemas at all.
 */
export function filesBesideBundle(functionId: string): Record<string, string> {
  if (functionId !== OPENAPI_FUNCTION) return {};
  return { 'openapi.json': JSON.stringify(buildOpenApiDocument(ROUTES, { version: '1' })) };
}
