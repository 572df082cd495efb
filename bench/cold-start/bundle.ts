/**
 * Bundles functions exactly as the CDK app does (`buildFunction`, infra/cdk/function-bundling.ts),
 * each into a directory of its own with the files the CDK app writes beside a bundle. The
 * reference — the DynamoDB client alone — is bundled the same way, so each figure has a
 * like-for-like peer.
 */
import { join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { type BuildVariant, buildFunction, buildFunctions, FUNCTION_BUNDLING, SDK_EXTERNAL } from '../../infra/cdk/function-bundling';
import { FUNCTIONS } from '../../shared/manifest/functions';

const ROOT = join(import.meta.dirname, '../..');

/**
 * How a function is bundled: as the CDK app deploys it (`bundled`: the AWS SDK inside, split into
 * chunks), with the SDK left to the runtime's copy (`external`), or as before code splitting
 * (`single-file`: the SDK inside, one file), to compare in the same rounds.
 */
export type SdkPlacement = 'bundled' | 'external' | 'single-file';

export interface Bundle {
  readonly id: string;
  /** The bundle's entry module (`index.mjs`). */
  readonly file: string;
  /** Size of the code a cold start reads: `index.mjs` and the chunks it imports statically, without source maps. */
  readonly bytes: number;
  /** Size of all the function's code, the chunks it imports only on demand included. */
  readonly totalBytes: number;
  /** The modules (paths from the repository root) with code anywhere in the bundle. */
  readonly inputs: readonly string[];
  /** The modules with code in what a cold start reads. */
  readonly startInputs: readonly string[];
}

/** The reference's id: the DynamoDB client and document client, imported and constructed. */
export const REFERENCE_ID = 'dynamodb-client';

/**
 * What esbuild wrote for the function `id`, read from its metafile: its entry (`<id>/index.mjs`),
 * what that imports statically (read at a cold start) and all it may import, `import()` included.
 */
export function describeBundle(id: string, outDir: string, metafile: Metafile): Bundle {
  const outputs = new Map(Object.entries(metafile.outputs).filter(([path]) => path.endsWith('.mjs')));
  const entry = [...outputs.keys()].find((path) => path.endsWith(`/${id}/index.mjs`));
  if (!entry) throw new Error(`esbuild wrote no bundle for ${id}`);
  const reachable = (kinds: readonly string[]) => {
    const found = new Set<string>();
    const visit = (path: string) => {
      if (found.has(path) || !outputs.has(path)) return;
      found.add(path);
      for (const imported of outputs.get(path)!.imports) if (kinds.includes(imported.kind)) visit(imported.path);
    };
    visit(entry);
    return found;
  };
  const atStart = reachable(['import-statement']);
  const all = reachable(['import-statement', 'dynamic-import']);
  const modulesOf = (paths: Iterable<string>) => [
    ...new Set(
      [...paths].flatMap((path) =>
        Object.entries(outputs.get(path)!.inputs)
          .filter(([, input]) => input.bytesInOutput > 0)
          .map(([input]) => input),
      ),
    ),
  ];
  const sizeOf = (paths: Iterable<string>) => [...paths].reduce((sum, path) => sum + outputs.get(path)!.bytes, 0);
  return {
    id,
    file: resolve(outDir, id, 'index.mjs'),
    bytes: sizeOf(atStart),
    totalBytes: sizeOf(all),
    inputs: modulesOf(all),
    startInputs: modulesOf(atStart),
  };
}

/**
 * Bundles the manifest's functions (all, or those in `ids`) and the reference into `outDir`, each
 * as `<id>/index.mjs` with its chunks. By default one esbuild build per function, as the CDK app
 * builds them (63 builds: ~40 s on two cores). `oneBuild` bundles them all in one esbuild run
 * (~1 s), the chunks then shared between functions: each still reads only code it reaches, but a
 * shared chunk can hold a little more than its own build would (tenants-get reads ~15 % more).
 * Minified unless told not to (to read a CPU profile).
 */
export async function bundleFunctions(
  outDir: string,
  sdk: SdkPlacement,
  ids?: readonly string[],
  options: { minify?: boolean; oneBuild?: boolean } = {},
): Promise<{ functions: Bundle[]; reference: Bundle }> {
  const specs = FUNCTIONS.filter((spec) => !ids || ids.includes(spec.id));
  const entries = [
    ...specs.map((spec) => ({ id: spec.id, entry: join(ROOT, spec.entry) })),
    { id: REFERENCE_ID, entry: join(import.meta.dirname, 'dynamodb-client.ts') },
  ];
  const variant: BuildVariant = {
    ...(options.minify === undefined ? {} : { minify: options.minify }),
    external: sdk === 'external' ? SDK_EXTERNAL : FUNCTION_BUNDLING.external,
    ...(sdk === 'single-file' ? { splitting: false } : {}),
  };
  let bundles: Bundle[];
  if (options.oneBuild) {
    const metafile = await buildFunctions(
      entries.map(({ id, entry }) => ({ functionId: id, entry })),
      outDir,
      variant,
    );
    bundles = entries.map(({ id }) => describeBundle(id, outDir, metafile));
  } else {
    bundles = await Promise.all(
      entries.map(async ({ id, entry }) => describeBundle(id, outDir, await buildFunction(id, entry, join(outDir, id), variant))),
    );
  }
  return { functions: bundles.slice(0, -1), reference: bundles[bundles.length - 1]! };
}
