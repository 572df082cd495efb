/**
 * `npm run bench:cold-start` — for every function: its bundle's size and its cold start (a fresh
 * `node` process imports the bundle and invokes the handler once with a representative event;
 * median of several runs), printed beside the same figures for the DynamoDB client alone, bundled
 * the same way, in the same run. Functions that use tables run their first invocation against
 * DynamoDB Local (the local runtime, started and seeded here). See docs/decisions/cold-starts.md.
 *
 *   --runs N          measured runs per function (default 7), after one warm-up run of each
 *   --sdk S           bundled (what the CDK app deploys, default), external, or both (measured in the same rounds)
 *   --vs-single-file  also measure, in the same rounds, every function bundled into one file (no code splitting)
 *   --only a,b        only these functions
 *   --no-source-maps  run without --enable-source-maps (on as deployed: infra/cdk/function-bundling.ts)
 *   --profile DIR     write a CPU profile of every run into DIR (bundles then unminified, to read it)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FUNCTION_NODE_OPTIONS } from '../../infra/cdk/function-bundling';
import { functionSpec } from '../../shared/manifest/functions';
import { tableEnvName } from '../../shared/manifest/tables';
import { type Bundle, bundleFunctions, type SdkPlacement } from './bundle';
import { firstEvent } from './events';
import { seed, type Seeded } from './seed';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const PROBE = join(import.meta.dirname, 'probe.mjs');

/** The issue's goals, as multiples of the reference (the DynamoDB client alone). */
const GOALS: Record<string, number> = { health: 0.15, openapi: 0.15, authorize: 1.3, 'agent-authorizer': 1.3 };
const DEFAULT_GOAL = 2;

const argument = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
};
const RUNS = Number(argument('runs') ?? 7);
const PLACEMENTS: SdkPlacement[] = [
  ...(argument('sdk') === 'both' ? (['bundled', 'external'] as const) : [(argument('sdk') as SdkPlacement | undefined) ?? 'bundled']),
  ...(process.argv.includes('--vs-single-file') ? (['single-file'] as const) : []),
];
const ONLY = argument('only')?.split(',');
const PROFILE_DIR = argument('profile');
const NODE_FLAGS = [
  ...FUNCTION_NODE_OPTIONS.filter((flag) => !(flag === '--enable-source-maps' && process.argv.includes('--no-source-maps'))),
  ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, '--cpu-prof-interval=100'] : []),
];

interface Sample {
  importMs: number;
  invokeMs: number;
  ok: boolean;
  detail?: string;
}

async function probe(bundle: Bundle, eventFile: string, env: Record<string, string>): Promise<Sample> {
  const { stdout } = await run(process.execPath, [...NODE_FLAGS, PROBE, bundle.file, eventFile], {
    env: { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1', ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = stdout.split('\n').find((text) => text.startsWith('@@cold-start '));
  if (!line) throw new Error(`${bundle.id}: the probe printed no result`);
  return JSON.parse(line.slice('@@cold-start '.length)) as Sample;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

interface Row {
  id: string;
  kb: number;
  allKb: number;
  importMs: number;
  invokeMs: number;
  totalMs: number;
  failures: string[];
}

interface Probe {
  key: string;
  bundle: Bundle;
  event: (index: number) => unknown;
}

/** The reference without and with a first read: the peers of functions without and with tables. */
const REFERENCE = 'reference';
const REFERENCE_READ = 'reference+read';
const usesTables = (id: string) => Object.keys(functionSpec(id).tables).length > 0;

interface Measured {
  rows: Row[];
  reference: Row;
  referenceRead: Row;
}

/**
 * Measures every placement in the same rounds: each round runs every probe of every placement once,
 * so load from elsewhere falls on all alike and the placements compare like with like.
 */
async function measure(seeded: Seeded, workDir: string): Promise<Map<SdkPlacement, Measured>> {
  const probes: (Probe & { placement: SdkPlacement })[] = [];
  for (const placement of PLACEMENTS) {
    const outDir = join(workDir, placement);
    const { functions, reference } = await bundleFunctions(outDir, placement, ONLY, { minify: !PROFILE_DIR });
    // An external SDK is imported from the project's node_modules, as the runtime's copy would be.
    symlinkSync(join(ROOT, 'node_modules'), join(outDir, 'node_modules'));
    probes.push(
      { placement, key: REFERENCE, bundle: reference, event: () => ({}) },
      { placement, key: REFERENCE_READ, bundle: reference, event: () => ({ tableName: seeded.env[tableEnvName('control')] }) },
      ...functions.map((bundle) => ({ placement, key: bundle.id, bundle, event: (index: number) => firstEvent(bundle.id, seeded, index) })),
    );
  }
  const samples = new Map<Probe, Sample[]>(probes.map((entry) => [entry, []]));
  let index = 0;
  for (let round = 0; round <= RUNS; round++) {
    for (const entry of probes) {
      const eventFile = join(workDir, `${entry.key}-${index}.json`);
      writeFileSync(eventFile, JSON.stringify(entry.event(index++)));
      const sample = await probe(entry.bundle, eventFile, seeded.env);
      if (round > 0) samples.get(entry)!.push(sample);
    }
  }
  const row = (entry: Probe): Row => {
    const list = samples.get(entry)!;
    return {
      id: entry.key,
      kb: entry.bundle.bytes / 1024,
      allKb: entry.bundle.totalBytes / 1024,
      importMs: median(list.map((s) => s.importMs)),
      invokeMs: median(list.map((s) => s.invokeMs)),
      totalMs: median(list.map((s) => s.importMs + s.invokeMs)),
      failures: list.filter((s) => !s.ok).map((s) => s.detail ?? 'failed'),
    };
  };
  return new Map(
    PLACEMENTS.map((placement) => {
      const [reference, referenceRead, ...functions] = probes.filter((entry) => entry.placement === placement);
      return [placement, { rows: functions.map(row), reference: row(reference!), referenceRead: row(referenceRead!) }];
    }),
  );
}

const PLACEMENT_TITLES: Record<SdkPlacement, string> = {
  bundled: 'AWS SDK bundled into each function, split into chunks (as deployed)',
  external: "AWS SDK external (the runtime's copy, from node_modules)",
  'single-file': 'AWS SDK bundled into each function, one file (no code splitting)',
};

function print(placement: SdkPlacement, rows: Row[], reference: Row, referenceRead: Row) {
  const pad = (text: string, width: number) => text.padStart(width);
  console.log(`\n${PLACEMENT_TITLES[placement]}; median of ${RUNS} fresh processes`);
  const how = placement !== 'external' ? `bundled the same way (${reference.kb.toFixed(0)} KB)` : 'imported from node_modules';
  console.log(`reference — the DynamoDB client alone, ${how}:`);
  console.log(
    `  import ${reference.importMs.toFixed(1)} ms; import + construct ${reference.totalMs.toFixed(1)} ms (peer of functions without tables)`,
  );
  console.log(
    `  import + construct + one GetItem ${referenceRead.totalMs.toFixed(1)} ms (peer of functions with tables, whose first call reads them)`,
  );
  console.log(
    `${'function'.padEnd(26)}${pad('KB read', 8)}${pad('of', 6)}${pad('import', 9)}${pad('1st call', 10)}${pad('total', 9)}${pad('× peer', 8)}${pad('goal', 7)}${pad('× import', 10)}`,
  );
  let missed = 0;
  for (const row of rows) {
    const peer = usesTables(row.id) ? referenceRead : reference;
    const ratio = row.totalMs / peer.totalMs;
    const goal = GOALS[row.id] ?? DEFAULT_GOAL;
    const met = ratio <= goal && row.failures.length === 0;
    if (!met) missed++;
    console.log(
      `${row.id.padEnd(26)}${pad(row.kb.toFixed(0), 8)}${pad(row.allKb.toFixed(0), 6)}${pad(row.importMs.toFixed(1), 9)}${pad(row.invokeMs.toFixed(1), 10)}${pad(row.totalMs.toFixed(1), 9)}${pad(ratio.toFixed(2), 8)}${pad(`≤${goal}`, 6)}${met ? ' ✓' : ' ✗'}${pad((row.totalMs / reference.importMs).toFixed(2), 9)}`,
    );
    if (row.failures.length > 0) console.log(`    ${row.failures.length} failed run(s): ${row.failures[0]!.slice(0, 300)}`);
  }
  console.log(
    `${rows.length - missed} of ${rows.length} functions within their goal (× peer); × import: total over the reference's import alone;`,
  );
  console.log('KB read: the code a cold start reads (index.mjs and its static chunks), of all the code in the bundle');
}

const load = loadavg()[0]!;
console.log(
  `cold starts — node ${process.version}${NODE_FLAGS.length > 0 ? ` ${NODE_FLAGS.join(' ')}` : ''}, ${RUNS} runs, load average ${load.toFixed(2)} at start`,
);
if (load > 1.2) console.log('(load average above 1.2: figures are noisy; compare ratios, or run again when the machine is quiet)');
const workDir = mkdtempSync(join(tmpdir(), 'warden-cold-start-'));
const seeded = await seed();
try {
  const measured = await measure(seeded, workDir);
  for (const [placement, { rows, reference, referenceRead }] of measured) print(placement, rows, reference, referenceRead);
  const [first, ...others] = [...measured];
  for (const [placement, other] of others) {
    const ratios = first![1].rows.map((row, i) => row.totalMs / other.rows[i]!.totalMs);
    console.log(
      `\n${first![0]} ÷ ${placement}, same rounds: reference ${(first![1].reference.totalMs / other.reference.totalMs).toFixed(2)}, functions median ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
    );
  }
  console.log(`\nload average at end ${loadavg()[0]!.toFixed(2)}`);
} finally {
  seeded.stop();
  // A profile names lines of the bundles it ran, so they stay beside it.
  if (PROFILE_DIR) console.log(`bundles of the profiles: ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}
