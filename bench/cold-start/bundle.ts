/**
 * Bundles functions with esbuild exactly as the CDK app does (infra/cdk/function-bundling.ts), into
 * a directory of their own, with the files the CDK app writes beside a bundle. The reference — the
 * DynamoDB client alone — is bundled the same way, so each figure has a like-for-like peer.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { FUNCTION_BUNDLING, filesBesideBundle, SDK_EXTERNAL } from '../../infra/cdk/function-bundling';
import { FUNCTIONS } from '../../shared/manifest/functions';

const ROOT = join(import.meta.dirname, '../..');

/** Where the AWS SDK comes from: inside each bundle (what the CDK app deploys), or the runtime's copy. */
export type SdkPlacement = 'bundled' | 'external';

export interface Bundle {
  readonly id: string;
  /** The bundle's entry module (`index.mjs`). */
  readonly file: string;
  /** Size of the code (`index.mjs`), without its source map. */
  readonly bytes: number;
  /** The modules (paths from the repository root) with code in the bundle. */
  readonly inputs: readonly string[];
}

/** The reference's id: the DynamoDB client and document client, imported and constructed. */
export const REFERENCE_ID = 'dynamodb-client';

/**
 * Bundles the manifest's functions (all, or those in `ids`) and the reference into `outDir`, each
 * as `<id>/index.mjs`, in one esbuild run (modules the functions share are read once). Minified
 * unless told not to (to read a CPU profile).
 */
export async function bundleFunctions(
  outDir: string,
  sdk: SdkPlacement,
  ids?: readonly string[],
  options: { minify?: boolean } = {},
): Promise<{ functions: Bundle[]; reference: Bundle }> {
  const specs = FUNCTIONS.filter((spec) => !ids || ids.includes(spec.id));
  const entries = [
    ...specs.map((spec) => ({ id: spec.id, in: join(ROOT, spec.entry) })),
    { id: REFERENCE_ID, in: join(import.meta.dirname, 'dynamodb-client.ts') },
  ];
  const result = await build({
    entryPoints: entries.map((entry) => ({ in: entry.in, out: `${entry.id}/index` })),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: FUNCTION_BUNDLING.platform,
    format: FUNCTION_BUNDLING.format,
    target: FUNCTION_BUNDLING.target,
    minify: options.minify ?? FUNCTION_BUNDLING.minify,
    sourcemap: FUNCTION_BUNDLING.sourcemap,
    sourcesContent: FUNCTION_BUNDLING.sourcesContent,
    mainFields: [...FUNCTION_BUNDLING.mainFields],
    banner: { js: FUNCTION_BUNDLING.banner },
    external: sdk === 'bundled' ? [...FUNCTION_BUNDLING.external] : [...SDK_EXTERNAL],
    metafile: true,
    logLevel: 'error',
  });
  const bundles = entries.map((entry): Bundle => {
    const dir = join(outDir, entry.id);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(filesBesideBundle(entry.id))) writeFileSync(join(dir, name), text);
    const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith(`${entry.id}/index.mjs`))?.[1];
    if (!output) throw new Error(`esbuild wrote no bundle for ${entry.id}`);
    const inputs = Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path);
    return { id: entry.id, file: join(dir, 'index.mjs'), bytes: output.bytes, inputs };
  });
  return { functions: bundles.slice(0, -1), reference: bundles[bundles.length - 1]! };
}
