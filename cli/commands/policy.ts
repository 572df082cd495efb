/**
 * `warden policy …`: policy as code. validate and test run offline with the server's engine; pull,
 * plan, apply and rollback speak the HTTP API (docs/policy-as-code.md).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { PolicyDiff } from '../../shared/policy-lifecycle/policy-diff';
import { readPolicyFolder, writePolicyFolder } from '../policy-as-code/folder';
import { junitReport, type JUnitCase } from '../policy-as-code/junit';
import { type OfflineResult, testFolder, validateFolder, type ValidFolder } from '../policy-as-code/offline';
import {
  activeScopes,
  changedScopes,
  ensureDraft,
  impactOf,
  type Impact,
  type Owner,
  applyAll,
  runServerTests,
  sameLibrary,
  type ServerTestRun,
  testLibrary,
} from '../policy-as-code/remote';
import { CommandFailed, type Connection, connect, type Io, UsageError } from '../support/context';
import { table } from '../support/output';

/** One changed scope in a plan. */
interface PlannedScope {
  readonly scope: string;
  readonly activeVersion: number | null;
  readonly draftVersion: number;
  readonly diff: PolicyDiff;
  readonly tests: ServerTestRun | undefined;
  readonly impact: Impact | undefined;
}

function loadValid(io: Io, dir: string, junit?: string): ValidFolder {
  const validation = validateFolder(readPolicyFolder(dir));
  if (validation.ok) return validation.folder;
  for (const problem of validation.problems) io.err(`${problem.file}${problem.path ? ` ${problem.path}` : ''}: ${problem.message}`);
  if (junit) {
    const cases = validation.problems.map((problem): JUnitCase => ({
      suite: problem.file,
      name: problem.path ?? 'file',
      failure: problem.message,
    }));
    writeFileSync(junit, junitReport('warden policy', cases));
  }
  throw new CommandFailed(`${validation.problems.length} problem(s) in ${dir}`);
}

/** The owner a folder is applied to: the org for a platform admin's folder holding only org.yaml, else the caller's tenant. */
function ownerFor(connection: Connection, folder: ValidFolder): Owner {
  const scopes = [...folder.documents.keys()];
  const isPlatform = (connection.claims.roles ?? []).includes('platform-admin') && !connection.claims.tenant;
  if (isPlatform) {
    if (scopes.some((scope) => scope !== 'org'))
      throw new UsageError("A platform admin applies org.yaml only: keep tenant scopes in the tenant's folder");
    return { kind: 'org' };
  }
  return { kind: 'tenant', tenantId: connection.tenant() };
}

/** The folder's documents for `owner` (a tenant folder may hold a copy of org.yaml for offline tests; it is not applied). */
function documentsFor(io: Io, folder: ValidFolder, owner: Owner) {
  if (owner.kind === 'org') return folder.documents;
  const documents = new Map(folder.documents);
  if (documents.delete('org')) io.err('note: org.yaml is used by offline tests only; the org document is published by a platform admin');
  return documents;
}

const folderScenarios = (folder: ValidFolder) => folder.scenarios.map(({ scenario }) => scenario);

function diffLines(diff: PolicyDiff): string[] {
  const lines: string[] = [];
  for (const rule of diff.added as { id: string; effect: string }[]) lines.push(`  + ${rule.id} (${rule.effect})`);
  for (const rule of diff.removed as { id: string; effect: string }[]) lines.push(`  - ${rule.id} (${rule.effect})`);
  for (const rule of diff.changed)
    for (const change of rule.changes)
      lines.push(`  ~ ${rule.id}.${change.field}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`);
  if (diff.reordered) lines.push('  ~ rules reordered');
  if (diff.defaults)
    lines.push(`  ~ defaults: ${JSON.stringify(diff.defaults.from ?? null)} → ${JSON.stringify(diff.defaults.to ?? null)}`);
  return lines;
}

function resultLine(result: OfflineResult): string {
  if (result.skipped !== undefined) return `SKIP  ${result.test}: ${result.skipped}`;
  const rule = result.rule ? ` by ${result.rule.id} (${result.rule.scope})` : '';
  return result.passed
    ? `PASS  ${result.test}`
    : `FAIL  ${result.test}: expected ${result.expected}${result.expectedRule ? ` by ${result.expectedRule}` : ''}, got ${result.actual}${rule} — ${result.reason}`;
}

export function policyCommands(io: Io, program: Command) {
  const policy = program.command('policy').description('Policies as code: a folder of YAML files per scope, with a test library');

  policy
    .command('validate')
    .description('Check every document and scenario of a folder offline, as the server would when saving them')
    .argument('<dir>', 'the policy folder')
    .option('--junit <file>', 'also write a JUnit XML report')
    .action((dir: string, options: { junit?: string }) => {
      const folder = loadValid(io, dir, options.junit);
      if (options.junit) {
        const cases = [...folder.files.values(), ...new Set(folder.scenarios.map(({ file }) => file))].map((file) => ({
          suite: file,
          name: 'valid',
        }));
        writeFileSync(options.junit, junitReport('warden policy validate', cases));
      }
      io.out(`${folder.documents.size} document(s) and ${folder.scenarios.length} scenario(s) are valid`);
    });

  policy
    .command('test')
    .description("Run the folder's test scenarios against its documents offline, with the server's engine")
    .argument('<dir>', 'the policy folder')
    .option('--junit <file>', 'also write a JUnit XML report')
    .action(async (dir: string, options: { junit?: string }, command: Command) => {
      const folder = loadValid(io, dir, options.junit);
      const results = await testFolder(folder, Date.now());
      const json = command.optsWithGlobals<{ output: string }>().output === 'json';
      if (json) io.out(JSON.stringify(results, null, 2));
      else for (const result of results) io.out(resultLine(result));
      if (options.junit) {
        const cases = results.map((result): JUnitCase => ({
          suite: result.file,
          name: result.test,
          ...(result.skipped !== undefined ? { skipped: result.skipped } : result.passed ? {} : { failure: resultLine(result).slice(6) }),
        }));
        writeFileSync(options.junit, junitReport('warden policy test', cases));
      }
      const failed = results.filter((result) => result.skipped === undefined && !result.passed).length;
      const skipped = results.filter((result) => result.skipped !== undefined).length;
      const summary = `${results.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped`;
      if (failed > 0) throw new CommandFailed(summary);
      if (!json) io.out(summary);
    });

  policy
    .command('pull')
    .description('Write the active version of every scope, and the test library, into a folder')
    .argument('<dir>', 'the policy folder (created if missing)')
    .option('--org', "pull the org document and the org's tests (platform admins)")
    .action(async (dir: string, options: { org?: boolean }, command: Command) => {
      const connection = connect(io, command);
      const owner: Owner = options.org ? { kind: 'org' } : { kind: 'tenant', tenantId: connection.tenant() };
      const active = await activeScopes(connection.api, owner);
      const library = await testLibrary(connection.api, owner);
      const documents = new Map([...active].map(([scope, version]) => [scope, version.document]));
      const written = writePolicyFolder(dir, documents, library.scenarios);
      connection.print({ written, versions: Object.fromEntries([...active].map(([scope, version]) => [scope, version.version])) }, () =>
        [...active]
          .map(([scope, version]) => `${scope} v${version.version}`)
          .concat(`wrote ${written.length} file(s) to ${dir}`)
          .join('\n'),
      );
    });

  policy
    .command('plan')
    .description(
      'Show, per changed scope, the rule-level diff against the active version, the server-side tests and the impact on recent decisions',
    )
    .argument('<dir>', 'the policy folder')
    .option('--since-hours <n>', 'how far back the impact replay looks', '24')
    .action(async (dir: string, options: { sinceHours: string }, command: Command) => {
      const connection = connect(io, command);
      const folder = loadValid(io, dir);
      const owner = ownerFor(connection, folder);
      const documents = documentsFor(io, folder, owner);
      const changes = changedScopes(documents, await activeScopes(connection.api, owner));
      const library = await testLibrary(connection.api, owner);
      const testsChange = folder.scenarios.length > 0 && !sameLibrary(library.scenarios, folderScenarios(folder));
      const plan: PlannedScope[] = [];
      for (const change of changes) {
        const draft = await ensureDraft(connection.api, owner, change.scope, change.document, 'warden policy plan');
        const tests = owner.kind === 'tenant' ? await runServerTests(connection.api, owner.tenantId, change.scope, draft) : undefined;
        const impact =
          owner.kind === 'tenant' ? await impactOf(connection.api, owner, change.scope, draft, Number(options.sinceHours)) : undefined;
        plan.push({
          scope: change.scope,
          activeVersion: change.active?.version ?? null,
          draftVersion: draft,
          diff: change.diff,
          tests,
          impact,
        });
      }
      connection.print({ changes: plan, testsChange, unchanged: documents.size - changes.length }, () => {
        const lines: string[] = [];
        for (const entry of plan) {
          lines.push(`${entry.scope}: v${entry.activeVersion ?? '-'} → draft v${entry.draftVersion}`, ...diffLines(entry.diff));
          if (entry.tests) {
            lines.push(`  server tests: ${entry.tests.passed} passed, ${entry.tests.failed} failed`);
            for (const failed of entry.tests.results.filter((result) => !result.passed))
              lines.push(`    FAIL ${failed.test}: expected ${failed.expected}, got ${failed.actual}`);
          }
          if (entry.impact) {
            const moves = entry.impact.transitions
              .filter((move) => move.from !== move.to)
              .map((move) => `${move.from}→${move.to} ×${move.count}`)
              .join(', ');
            lines.push(
              `  impact: ${entry.impact.changed} of ${entry.impact.replayed} recent decisions change${moves ? ` (${moves})` : ''}`,
            );
          }
        }
        if (testsChange)
          lines.push(
            `tests: the folder's ${folder.scenarios.length} scenario(s) replace the server's ${library.scenarios.length} (server tests above ran the server's library)`,
          );
        lines.push(
          plan.length === 0 && !testsChange
            ? 'No changes: the folder matches what is active.'
            : `${plan.length} scope(s) to publish; ${documents.size - plan.length} unchanged.`,
        );
        return lines.join('\n');
      });
    });

  policy
    .command('apply')
    .description('Save drafts for the changed scopes and publish them all, or none: a refused publish undoes the others')
    .argument('<dir>', 'the policy folder')
    .requiredOption('--reason <text>', 'why (recorded with each version and publish)')
    .action(async (dir: string, options: { reason: string }, command: Command) => {
      const connection = connect(io, command);
      const folder = loadValid(io, dir);
      const offline = await testFolder(folder, Date.now());
      const failing = offline.filter((result) => result.skipped === undefined && !result.passed);
      if (failing.length > 0) {
        for (const result of failing) io.err(resultLine(result));
        throw new CommandFailed(`${failing.length} offline test(s) fail: nothing applied`);
      }
      const owner = ownerFor(connection, folder);
      const documents = documentsFor(io, folder, owner);
      const changes = changedScopes(documents, await activeScopes(connection.api, owner));
      const library = await testLibrary(connection.api, owner);
      const scenarios = folderScenarios(folder);
      const testsChange = folder.scenarios.length > 0 && !sameLibrary(library.scenarios, scenarios);
      if (changes.length === 0 && !testsChange) {
        connection.print({ published: [], tests: 'unchanged' }, () => 'No changes: the folder matches what is active.');
        return;
      }
      const drafts = [];
      for (const change of changes) {
        const version = await ensureDraft(connection.api, owner, change.scope, change.document, options.reason);
        drafts.push({ scope: change.scope, version, ...(change.active ? { previous: change.active.version } : {}) });
      }
      const outcome = await applyAll(
        connection.api,
        owner,
        { drafts, reason: options.reason, library: { before: library.scenarios, after: testsChange ? scenarios : undefined } },
        (line) => io.err(line),
      );
      if (outcome.refused.length > 0) {
        for (const refusal of outcome.refused) {
          const what = refusal.version === undefined ? refusal.scope : `${refusal.scope} v${refusal.version}`;
          io.err(`refused: ${what}: ${refusal.error.message} (${refusal.error.code})`);
          for (const detail of refusal.error.details) io.err(`  - ${detail.message}`);
        }
        throw new CommandFailed(
          `Nothing applied: ${outcome.refused.map((refusal) => refusal.scope).join(', ')} refused; undone: ${outcome.undone.join(', ') || 'nothing'}`,
        );
      }
      connection.print(
        { published: outcome.published, tests: testsChange ? 'saved' : 'unchanged' },
        ({ published }) => `Applied: ${published.map((entry) => `${entry.scope} v${entry.version}`).join(', ') || 'tests only'}`,
      );
    });

  policy
    .command('rollback')
    .description("Publish an earlier version's content of a scope again, through the publish gate")
    .argument('<scope>', 'tenant, team:<name>, role:<name> or agent:<id>')
    .requiredOption('--to <version>', 'the version to return to')
    .option('--reason <text>', 'why', 'warden policy rollback')
    .action(async (scope: string, options: { to: string; reason: string }, command: Command) => {
      const connection = connect(io, command);
      const toVersion = Number(options.to);
      if (!Number.isInteger(toVersion) || toVersion < 1) throw new UsageError('--to must be a version number (1 or more)');
      const result = await connection.api.post<{ scope: string; version: number }>(
        connection.tenantPath(`/policies/${encodeURIComponent(scope)}/rollback`),
        { toVersion, reason: options.reason },
      );
      connection.print(result, (answer) => `${answer.scope}: v${toVersion}'s content is active again as v${answer.version}`);
    });

  policy
    .command('versions')
    .description("A scope's versions, newest first")
    .argument('<scope>', 'tenant, team:<name>, role:<name> or agent:<id>')
    .action(async (scope: string, _options: unknown, command: Command) => {
      const connection = connect(io, command);
      const { items } = await connection.api.get<{
        items: { version: number; status: string; author: string; createdAt: string; reason: string }[];
      }>(connection.tenantPath(`/policies/${encodeURIComponent(scope)}/versions`));
      connection.print(items, (rows) =>
        table(rows, [
          { header: 'version', get: (row) => row.version },
          { header: 'status', get: (row) => row.status },
          { header: 'created', get: (row) => row.createdAt },
          { header: 'author', get: (row) => row.author },
          { header: 'reason', get: (row) => row.reason },
        ]),
      );
    });
  return policy;
}
