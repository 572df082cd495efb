/**
 * Every function's bundle, built as the CDK app builds it (infra/cdk/function-bundling.ts), stays
 * within the budget set from the cold-start figures (docs/decisions/cold-starts.md): a bundle that
 * grows past it has started to load something its function does not use. Budgets are in
 * bundle-budgets.json, in KiB of the code a cold start reads (`index.mjs` and the chunks it imports
 * statically; source maps and chunks imported on demand aside), with all functions bundled together.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, bundleFunctions } from '../../bench/cold-start/bundle';
import { buildOpenApiDocument } from '../../shared/manifest/openapi';
import { FUNCTIONS } from '../../shared/manifest/functions';
import { ROUTES } from '../../shared/manifest/routes';

const BUDGETS = JSON.parse(readFileSync(join(import.meta.dirname, 'bundle-budgets.json'), 'utf8')) as Record<string, number>;

const outDir = mkdtempSync(join(tmpdir(), 'warden-bundles-'));
let bundles = new Map<string, Bundle>();

// All functions in one esbuild run with the CDK app's options (~1 s, where one build per function
// as the CDK app runs them takes ~40 s): chunks are then shared between functions, so a function
// reads a little more at start than its own bundle makes it read, and the budgets are set from these figures.
beforeAll(async () => {
  const { functions } = await bundleFunctions(outDir, 'bundled', undefined, { oneBuild: true });
  bundles = new Map(functions.map((bundle) => [bundle.id, bundle]));
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const bundleOf = (id: string): Bundle => {
  const bundle = bundles.get(id);
  if (!bundle) throw new Error(`no bundle for ${id}`);
  return bundle;
};

const fromPackage = (bundle: Bundle, pattern: RegExp) => bundle.inputs.filter((input) => pattern.test(input));

describe('Function bundles', () => {
  it('have a budget for every function of the manifest, and none for a function that is gone', () => {
    expect(Object.keys(BUDGETS).sort()).toEqual(FUNCTIONS.map((spec) => spec.id).sort());
  });

  it.each(FUNCTIONS.map((spec) => spec.id))('keep %s within its budget', (id) => {
    const kib = bundleOf(id).bytes / 1024;
    expect(
      kib,
      `${id} is ${kib.toFixed(0)} KiB, over its budget of ${BUDGETS[id]} KiB: see docs/decisions/cold-starts.md`,
    ).toBeLessThanOrEqual(BUDGETS[id]!);
  });

  it('read on demand, not at a cold start, the clients of Step Functions, S3 and Secrets Manager', () => {
    const onDemand = /node_modules\/(@aws-sdk\/client-(sfn|s3|secrets-manager)|@aws-lambda-powertools\/parameters)\//;
    const carrying = [...bundles.values()].filter((bundle) => fromPackage(bundle, onDemand).length > 0);
    expect(carrying.map((bundle) => bundle.id)).toEqual(expect.arrayContaining(['authorize', 'billing', 'audit-digest-sealer']));
    for (const bundle of carrying)
      expect(
        bundle.startInputs.filter((input) => onDemand.test(input)),
        bundle.id,
      ).toEqual([]);
  });

  it('load no AWS SDK, middy, Powertools or zod in health and openapi', () => {
    for (const id of ['health', 'openapi']) {
      expect(fromPackage(bundleOf(id), /node_modules\/(@aws-sdk|@smithy|@middy|@aws-lambda-powertools|zod)\//), id).toEqual([]);
    }
  });

  it('hold only the zod modules a function uses, never its locales (write `import * as z from "zod"`)', () => {
    for (const bundle of bundles.values()) expect(fromPackage(bundle, /node_modules\/zod\/v4\/locales\/(?!en\.js)/), bundle.id).toEqual([]);
  });

  it('load no YAML parser outside the functions of routes that accept YAML', () => {
    const withYaml = [...bundles.values()]
      .filter((bundle) => fromPackage(bundle, /node_modules\/yaml\//).length > 0)
      .map((bundle) => bundle.id);
    expect(withYaml.sort()).toEqual(['org-policy', 'policies-write', 'policy-tests']);
  });

  it('serve from the openapi bundle the document the route table describes', async () => {
    const { handler } = (await import(pathToFileURL(bundleOf('openapi').file).href)) as {
      handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    const response = await handler({ requestContext: { requestId: 'r' }, headers: {} }, { functionName: 'openapi', awsRequestId: 'r' });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual(buildOpenApiDocument(ROUTES, { version: '1' }));
  });
});
