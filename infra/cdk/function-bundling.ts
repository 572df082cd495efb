/**
 * How every Lambda function is bundled, in one place: the CDK app (functions.ts), the cold-start
 * bench and the bundle-budget test all build a function with `buildFunction`/`buildFunctionSync`.
 * A function's bundle is `index.mjs` and the chunks beside it that it imports only on demand
 * (`import()`), so code a first request does not use is not even read (code splitting, which
 * NodejsFunction cannot do: it writes one file). The choices and their measured figures:
 * docs/decisions/cold-starts.md. No CDK here: the bench and tests load it without aws-cdk-lib.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, build, buildSync, type Metafile } from 'esbuild';
import { buildOpenApiDocument } from '../../shared/manifest/openapi';
import { ROUTES } from '../../shared/manifest/routes';

/** esbuild options of every function bundle (ESM, minified, the AWS SDK bundled and tree-shaken, split into chunks). */
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
  /** What a function imports with `import()` goes into chunks of its own, read when first imported. */
  splitting: true,
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

/** How the bench varies a build: unminified (to read a CPU profile), the AWS SDK left to the runtime, or one file. */
export interface BuildVariant {
  readonly minify?: boolean;
  readonly external?: readonly string[];
  readonly splitting?: boolean;
}

/** esbuild's options: each entry (`{ '<dir>/index': handler module }`) to `<outDir>/<dir>/index.mjs`, chunks beside them. */
function buildOptions(entryPoints: Record<string, string>, outDir: string, variant: BuildVariant): BuildOptions & { metafile: true } {
  return {
    entryPoints,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    splitting: variant.splitting ?? FUNCTION_BUNDLING.splitting,
    bundle: true,
    platform: FUNCTION_BUNDLING.platform,
    format: FUNCTION_BUNDLING.format,
    target: FUNCTION_BUNDLING.target,
    minify: variant.minify ?? FUNCTION_BUNDLING.minify,
    sourcemap: FUNCTION_BUNDLING.sourcemap,
    sourcesContent: FUNCTION_BUNDLING.sourcesContent,
    mainFields: [...FUNCTION_BUNDLING.mainFields],
    banner: { js: FUNCTION_BUNDLING.banner },
    external: [...(variant.external ?? FUNCTION_BUNDLING.external)],
    metafile: true,
    logLevel: 'error',
  };
}

function writeFilesBeside(functionId: string, outDir: string): void {
  for (const [name, text] of Object.entries(filesBesideBundle(functionId))) writeFileSync(join(outDir, name), text);
}

/** Bundles one function into `outDir` (the CDK app's local bundling, which must be synchronous). */
export function buildFunctionSync(functionId: string, entry: string, outDir: string): Metafile {
  const { metafile } = buildSync(buildOptions({ index: entry }, outDir, {}));
  writeFilesBeside(functionId, outDir);
  return metafile;
}

/** Bundles one function into `outDir`, as the CDK app does (the bench and the budget test). */
export async function buildFunction(functionId: string, entry: string, outDir: string, variant: BuildVariant = {}): Promise<Metafile> {
  const { metafile } = await build(buildOptions({ index: entry }, outDir, variant));
  writeFilesBeside(functionId, outDir);
  return metafile;
}

/**
 * Bundles several functions in one esbuild run into `outDir`, each as `<id>/index.mjs`, their chunks
 * shared (the budget test: one run instead of one per function).
 */
export async function buildFunctions(
  functions: readonly { readonly functionId: string; readonly entry: string }[],
  outDir: string,
  variant: BuildVariant = {},
): Promise<Metafile> {
  const entryPoints = Object.fromEntries(functions.map(({ functionId, entry }) => [`${functionId}/index`, entry]));
  const { metafile } = await build(buildOptions(entryPoints, outDir, variant));
  for (const { functionId } of functions) writeFilesBeside(functionId, join(outDir, functionId));
  return metafile;
}
