/**
 * `warden policy validate` and `warden policy test` without a server: the folder's documents are
 * checked and decided by the server's own engine (shared/policy: the same validation, compiler,
 * decision procedure and test runner, and the same assembly of an agent's scopes), so a folder that
 * passes here passes the publish gate for the same documents and scenarios.
 */
import * as z from 'zod';
import { ValidationError } from '../../shared/kernel/errors';
import { compileScope } from '../../shared/policy/compile';
import type { PolicyDocument } from '../../shared/policy/document';
import { runTestLibrary, type Scenario, type ScenarioResult, ScenarioSchema } from '../../shared/policy/test-runner';
import { validatePolicyDocument } from '../../shared/policy/validate';
import { MAX_TEST_LIBRARY_BYTES } from '../../shared/policy-lifecycle/content-limits';
import { TenantScopeSchema } from '../../shared/policy-lifecycle/policy-scope';
import { policySetFor } from '../../shared/policy-lifecycle/policy-set';
import type { FolderProblem, PolicyFolder } from './folder';

/** A scenario with the file it came from. */
export interface FolderScenario {
  readonly file: string;
  readonly scenario: Scenario;
}

/** A folder whose documents and scenarios are valid. */
export interface ValidFolder {
  readonly documents: ReadonlyMap<string, PolicyDocument>;
  readonly files: ReadonlyMap<string, string>;
  readonly scenarios: readonly FolderScenario[];
}

export type Validation =
  { readonly ok: true; readonly folder: ValidFolder } | { readonly ok: false; readonly problems: readonly FolderProblem[] };

const issuesOf = (file: string, error: z.ZodError, prefix: string): FolderProblem[] =>
  error.issues.map((issue) => ({ file, path: [prefix, ...issue.path].filter((part) => part !== '').join('.'), message: issue.message }));

/** Validates every document and scenario of a folder; all problems at once. */
export function validateFolder(folder: PolicyFolder): Validation {
  const problems: FolderProblem[] = [...folder.problems];
  const documents = new Map<string, PolicyDocument>();
  const files = new Map<string, string>();
  for (const { scope, file, content } of folder.scopes) {
    if (scope !== 'org') {
      const named = TenantScopeSchema.safeParse(scope);
      if (!named.success) {
        problems.push({ file, message: `the file name does not make a scope: ${named.error.issues[0]?.message}` });
        continue;
      }
    }
    try {
      documents.set(scope, validatePolicyDocument(scope, content));
      files.set(scope, file);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const details = error.details.length > 0 ? error.details : [{ path: '', message: error.message }];
      for (const detail of details) problems.push({ file, ...(detail.path ? { path: detail.path } : {}), message: detail.message });
    }
  }
  const scenarios: FolderScenario[] = [];
  const names = new Map<string, string>();
  for (const { file, scenarios: raw } of folder.tests) {
    const parsed = z.array(ScenarioSchema).max(2000).safeParse(raw);
    if (!parsed.success) {
      problems.push(...issuesOf(file, parsed.error, 'scenarios'));
      continue;
    }
    parsed.data.forEach((scenario, index) => {
      const earlier = names.get(scenario.name);
      if (earlier) problems.push({ file, path: `scenarios.${index}.name`, message: `"${scenario.name}" is also a scenario of ${earlier}` });
      names.set(scenario.name, file);
      scenarios.push({ file, scenario });
    });
  }
  const libraryBytes = Buffer.byteLength(JSON.stringify(scenarios.map(({ scenario }) => scenario)));
  if (libraryBytes > MAX_TEST_LIBRARY_BYTES)
    problems.push({
      file: 'tests',
      message: `the scenarios are ${libraryBytes} bytes of JSON; a library may be at most ${MAX_TEST_LIBRARY_BYTES}`,
    });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, folder: { documents, files, scenarios } };
}

/** The outcome of one scenario run offline; `skipped` says why it could not run without a server. */
export type OfflineResult = { readonly file: string } & (
  { readonly skipped: string; readonly test: string } | ({ readonly skipped?: undefined } & ScenarioResult)
);

/** The version number offline results give the folder's documents: they are not versions on a server yet. */
export const FOLDER_VERSION = 0;

/**
 * Runs the folder's scenarios against the folder's documents, as the publish gate runs a library
 * (every scenario, `waitsFor` included, since the folder is the state being proposed). Scenarios
 * naming an `agentId` need the agent's team and role from a server: they are skipped.
 */
export async function testFolder(folder: ValidFolder, nowMs: number): Promise<OfflineResult[]> {
  const heads = new Map(
    [...folder.documents].map(([scope, document]) => [
      scope,
      { scope, latestVersion: FOLDER_VERSION, activeVersion: FOLDER_VERSION, activeDocument: document, revision: 0 },
    ]),
  );
  const orgHead = heads.get('org');
  heads.delete('org');
  const active = { ...(orgHead ? { org: orgHead } : {}), tenant: heads };
  const runnable = folder.scenarios.filter(({ scenario }) => scenario.agent !== undefined);
  const results = await runTestLibrary(
    runnable.map(({ scenario }) => scenario),
    async (scenario) => {
      const described = scenario.agent!;
      const agent = {
        id: 'agt_00000000000000000000000000',
        name: described.name ?? 'test agent',
        team: described.team,
        role: described.role,
        environment: described.environment,
        labels: described.labels ?? {},
      };
      const set = await policySetFor({ active, agent, nowMs, loadVersion: async () => undefined });
      return { agent, scopes: set.documents.map(({ scope, version, document }) => compileScope(scope, version, document)) };
    },
    nowMs,
  );
  const byName = new Map(results.map((result) => [result.test, result]));
  return folder.scenarios.map(({ file, scenario }): OfflineResult => {
    const result = byName.get(scenario.name);
    return result
      ? { file, ...result }
      : { file, test: scenario.name, skipped: `names agent ${scenario.agentId}, whose team and role only the server knows` };
  });
}
