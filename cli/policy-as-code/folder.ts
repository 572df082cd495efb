/**
 * The policy-as-code folder layout: one file per scope and a test library.
 *
 *   org.yaml               the org base document (platform admins)
 *   tenant.yaml            scope `tenant`
 *   teams/<name>.yaml      scope `team:<name>`
 *   roles/<name>.yaml      scope `role:<name>`
 *   agents/<agent id>.yaml scope `agent:<id>`
 *   tests/*.yaml           test scenarios, `{scenarios: [...]}` (or a bare list)
 *
 * `.yml` and `.json` work too. Reading never throws for the folder's content: every problem is
 * returned with the file it is in, so `validate` can report them all at once.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { stringify } from 'yaml';
import { readDocumentText } from '../../shared/policy/document-text';
import { TenantScopeSchema } from '../../shared/policy-lifecycle/policy-scope';

/** Limits of a folder: files per folder and bytes per file (the API's own body limits are larger). */
export const FOLDER_LIMITS = { maxFiles: 1000, maxFileBytes: 4 * 1024 * 1024 } as const;

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SUBFOLDERS = { teams: 'team', roles: 'role', agents: 'agent' } as const;

/** One policy file: its scope, where it is and what it holds (not yet validated). */
export interface ScopeFile {
  readonly scope: string;
  readonly file: string;
  readonly content: unknown;
}

/** One test file with its raw scenarios (not yet validated). */
export interface TestFile {
  readonly file: string;
  readonly scenarios: unknown;
}

/** A problem in a file; `path` is inside the document (`rules.2.when`) when known. */
export interface FolderProblem {
  readonly file: string;
  readonly path?: string;
  readonly message: string;
}

export interface PolicyFolder {
  readonly dir: string;
  readonly scopes: readonly ScopeFile[];
  readonly tests: readonly TestFile[];
  readonly problems: readonly FolderProblem[];
}

/** The scope a file stands for, from its place in the layout; undefined for a file outside it. */
export function scopeOfFile(path: string): string | undefined {
  const parts = path.split(/[\\/]/);
  const extension = extname(path);
  if (!EXTENSIONS.has(extension)) return undefined;
  const name = basename(path, extension);
  if (parts.length === 1) return name === 'org' || name === 'tenant' ? name : undefined;
  const kind = SUBFOLDERS[parts[0] as keyof typeof SUBFOLDERS];
  return parts.length === 2 && kind ? `${kind}:${name}` : undefined;
}

/** The file a scope is written to. */
export function fileOfScope(scope: string): string {
  if (scope === 'org' || scope === 'tenant') return `${scope}.yaml`;
  const [kind, name] = [scope.slice(0, scope.indexOf(':')), scope.slice(scope.indexOf(':') + 1)];
  return join(`${kind}s`, `${name}.yaml`);
}

/** Every file under `dir` (one level of subfolders, as the layout has), relative, sorted. */
function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) {
      for (const inner of readdirSync(join(dir, entry.name), { withFileTypes: true })) {
        if (!inner.name.startsWith('.')) files.push(join(entry.name, inner.name));
      }
    } else files.push(entry.name);
  }
  return files.sort();
}

function parseFile(dir: string, file: string): { content: unknown } | { problem: FolderProblem } {
  const size = statSync(join(dir, file)).size;
  if (size > FOLDER_LIMITS.maxFileBytes)
    return { problem: { file, message: `${size} bytes; a file may be at most ${FOLDER_LIMITS.maxFileBytes} bytes` } };
  try {
    return { content: readDocumentText(readFileSync(join(dir, file), 'utf8')) };
  } catch (error) {
    return { problem: { file, message: `not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}` } };
  }
}

/** Reads a policy folder. A missing folder is a problem, not an exception. */
export function readPolicyFolder(dir: string): PolicyFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    return { dir, scopes: [], tests: [], problems: [{ file: dir, message: 'not a folder' }] };
  const scopes: ScopeFile[] = [];
  const tests: TestFile[] = [];
  const problems: FolderProblem[] = [];
  const seen = new Map<string, string>();
  const files = listFiles(dir);
  if (files.length > FOLDER_LIMITS.maxFiles)
    return {
      dir,
      scopes,
      tests,
      problems: [{ file: dir, message: `${files.length} files; a folder may hold at most ${FOLDER_LIMITS.maxFiles}` }],
    };
  for (const file of files) {
    if (!EXTENSIONS.has(extname(file))) {
      if (!/readme|\.md$/i.test(file))
        problems.push({ file, message: 'not part of the layout (only .yaml, .yml and .json files are read)' });
      continue;
    }
    const isTest = file.startsWith(`tests${file.includes('\\') ? '\\' : '/'}`);
    const scope = isTest ? undefined : scopeOfFile(file);
    if (!isTest && scope === undefined) {
      problems.push({ file, message: 'not part of the layout: org, tenant, teams/<name>, roles/<name>, agents/<id> or tests/<name>' });
      continue;
    }
    const parsed = parseFile(dir, file);
    if ('problem' in parsed) {
      problems.push(parsed.problem);
      continue;
    }
    if (isTest) {
      const content = parsed.content as { scenarios?: unknown } | unknown[] | null;
      tests.push({ file, scenarios: Array.isArray(content) ? content : (content?.scenarios ?? []) });
      continue;
    }
    const earlier = seen.get(scope!);
    if (earlier) {
      problems.push({ file, message: `scope ${scope} is already written in ${earlier}` });
      continue;
    }
    seen.set(scope!, file);
    scopes.push({ scope: scope!, file, content: parsed.content });
  }
  return { dir, scopes, tests, problems };
}

/**
 * Writes documents (by scope) and a test library into `dir`, as `warden policy pull` does; returns
 * the files written. Scopes come from a server: one that is not a valid scope name (which could
 * name a path outside `dir`) is refused before anything is written.
 */
export function writePolicyFolder(dir: string, documents: ReadonlyMap<string, unknown>, scenarios?: readonly unknown[]): string[] {
  for (const scope of documents.keys())
    if (scope !== 'org' && !TenantScopeSchema.safeParse(scope).success)
      throw new Error(`The server named a scope that is not one: ${JSON.stringify(scope).slice(0, 80)}`);
  const written: string[] = [];
  const write = (file: string, value: unknown) => {
    const path = join(dir, file);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, stringify(value, { lineWidth: 0 }));
    written.push(relative(dir, path));
  };
  for (const [scope, document] of documents) write(fileOfScope(scope), document);
  if (scenarios !== undefined) write(join('tests', 'library.yaml'), { scenarios });
  return written;
}
