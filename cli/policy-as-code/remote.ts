/**
 * The server side of policy as code: what is active, drafts for the folder's documents (an
 * identical draft is reused, so planning twice saves nothing new), the server's test run and
 * impact replay of a draft, and publishing a set of scopes all or nothing.
 *
 * A folder is applied either to a tenant (its scopes and test library) or, by a platform admin, to
 * the org (org.yaml and the org test library); see docs/policy-as-code.md.
 */
import type { PolicyDocument } from '../../shared/policy/document';
import type { Scenario } from '../../shared/policy/test-runner';
import { canonicalJson } from '../../shared/kernel/canonical-json';
import { contentHash, diffDocuments, type PolicyDiff } from '../../shared/policy-lifecycle/policy-diff';
import { type Api, ApiError } from '../support/api-client';

/** Where a folder goes: a tenant's routes or the org's. */
export type Owner = { readonly kind: 'tenant'; readonly tenantId: string } | { readonly kind: 'org' };

interface VersionView {
  readonly scope: string;
  readonly version: number;
  readonly status: string;
  readonly contentHash: string;
  readonly document: PolicyDocument;
}

const scopePath = (owner: Owner, scope: string) =>
  owner.kind === 'org' ? '/v1/org/policy' : `/v1/tenants/${encodeURIComponent(owner.tenantId)}/policies/${encodeURIComponent(scope)}`;
const versionsPath = (owner: Owner, scope: string) => `${scopePath(owner, scope)}/versions`;
const testsPath = (owner: Owner) =>
  owner.kind === 'org' ? '/v1/org/policy-tests' : `/v1/tenants/${encodeURIComponent(owner.tenantId)}/policy-tests`;

/** One scope's active version on the server, if any. */
export interface ActiveScope {
  readonly scope: string;
  readonly version: number;
  readonly contentHash: string;
  readonly document: PolicyDocument;
}

/** The active version of every scope of `owner`, by scope. */
export async function activeScopes(api: Api, owner: Owner): Promise<Map<string, ActiveScope>> {
  const active = new Map<string, ActiveScope>();
  if (owner.kind === 'org') {
    const { items } = await api.get<{ items: VersionView[] }>(versionsPath(owner, 'org'), { limit: 50 });
    const current = items.find((item) => item.status === 'active');
    if (current) active.set('org', current);
    return active;
  }
  const { items } = await api.get<{ items: { scope: string; activeVersion?: number }[] }>(
    `/v1/tenants/${encodeURIComponent(owner.tenantId)}/policies`,
  );
  for (const head of items) {
    if (head.activeVersion === undefined) continue;
    active.set(head.scope, await api.get<VersionView>(`${versionsPath(owner, head.scope)}/${head.activeVersion}`));
  }
  return active;
}

/** The server's test library of `owner`. */
export const testLibrary = (api: Api, owner: Owner) => api.get<{ scenarios: Scenario[]; version: number }>(testsPath(owner));

/** Replaces the server's test library. */
export const saveTestLibrary = (api: Api, owner: Owner, scenarios: readonly unknown[]) => api.put(testsPath(owner), { scenarios });

/** Whether two libraries hold the same scenarios in the same order. */
export const sameLibrary = (a: readonly unknown[], b: readonly unknown[]) => canonicalJson(a) === canonicalJson(b);

/** What changes for one scope of the folder. */
export interface ScopeChange {
  readonly scope: string;
  readonly document: PolicyDocument;
  readonly active?: ActiveScope;
  readonly diff: PolicyDiff;
}

/** The folder's scopes whose content differs from the active version (new scopes included), in the order given. */
export function changedScopes(documents: ReadonlyMap<string, PolicyDocument>, active: ReadonlyMap<string, ActiveScope>): ScopeChange[] {
  const changes: ScopeChange[] = [];
  for (const [scope, document] of documents) {
    const current = active.get(scope);
    if (current && current.contentHash === contentHash(document)) continue;
    changes.push({
      scope,
      document,
      ...(current ? { active: current } : {}),
      diff: diffDocuments(current?.document ?? { rules: [] }, document),
    });
  }
  return changes;
}

/** A draft version holding `document`: an existing draft with the same content, else a new one. */
export async function ensureDraft(api: Api, owner: Owner, scope: string, document: PolicyDocument, reason: string): Promise<number> {
  const hash = contentHash(document);
  const { items } = await api.get<{ items: VersionView[] }>(versionsPath(owner, scope), { limit: 20 });
  const existing = items.find((item) => item.status === 'draft' && item.contentHash === hash);
  if (existing) return existing.version;
  const saved = await api.put<{ version: number }>(scopePath(owner, scope), { ...document, reason });
  return saved.version;
}

export interface ServerTestRun {
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly { test: string; passed: boolean; expected: string; actual: string; reason: string }[];
}

/** The server's libraries (org and tenant) run with a draft in place. */
export const runServerTests = (api: Api, tenantId: string, scope: string, version: number) =>
  api.post<ServerTestRun>(`/v1/tenants/${encodeURIComponent(tenantId)}/policy-tests/run`, { scope, version });

export interface Impact {
  readonly replayed: number;
  readonly changed: number;
  readonly since: string;
  readonly transitions: readonly { from: string; to: string; count: number; examples?: unknown[] }[];
}

/** The replay of recent audited requests with a draft in place. */
export const impactOf = (api: Api, owner: Owner & { kind: 'tenant' }, scope: string, version: number, sinceHours: number) =>
  api.post<Impact>(`${versionsPath(owner, scope)}/${version}/impact`, { sinceHours });

/** A scope the apply published, and what was active before it. */
export interface Published {
  readonly scope: string;
  readonly version: number;
  readonly previous?: number;
}

/** A scope whose publish the server refused, or tests that failed once everything was published. */
export interface Refused {
  readonly scope: string;
  readonly version?: number;
  readonly error: ApiError;
}

export interface ApplyInput {
  readonly drafts: readonly { scope: string; version: number; previous?: number }[];
  /** The library in force before the apply, and the one the folder brings (undefined: the folder has none). */
  readonly library: { readonly before: readonly unknown[]; readonly after?: readonly unknown[] | undefined };
  readonly reason: string;
}

const toApiError = (error: unknown) => (error instanceof ApiError ? error : new ApiError(0, 'failed', String(error)));

/**
 * Publishes a set of drafts and the folder's test library, all or nothing (docs/decisions/policy-as-code.md).
 *
 * The server gates each publish alone, with the whole library in place; scopes that only pass
 * together (a new tenant's first folder, a change spread over two scopes) could never be published
 * one by one. So a tenant's library is set aside while the scopes are published (each publish is
 * still gated by the org's tests), then the folder's library is saved and run by the server
 * against what is now active — org tests and scenarios naming real agents included. If a publish
 * is refused or that run fails, everything is undone: the library set aside again, each published
 * scope rolled back newest first to what was active (or emptied when it had nothing active), and
 * the earlier library restored. The org's folder has one scope, so it simply saves its library and
 * publishes through the gate.
 */
export async function applyAll(api: Api, owner: Owner, input: ApplyInput, log: (line: string) => void) {
  const published: Published[] = [];
  const refused: Refused[] = [];
  const finalLibrary = input.library.after ?? input.library.before;
  const setAside = owner.kind === 'tenant' && input.drafts.length > 0 && input.library.before.length > 0;
  try {
    if (owner.kind === 'org' && input.library.after) await saveTestLibrary(api, owner, input.library.after);
    if (setAside) await saveTestLibrary(api, owner, []);
    for (const draft of input.drafts) {
      try {
        await api.post(`${versionsPath(owner, draft.scope)}/${draft.version}/publish`, { reason: input.reason });
      } catch (error) {
        refused.push({ scope: draft.scope, version: draft.version, error: toApiError(error) });
        break;
      }
      published.push({ scope: draft.scope, version: draft.version, ...(draft.previous === undefined ? {} : { previous: draft.previous }) });
      log(`published ${draft.scope} v${draft.version}`);
    }
    if (refused.length === 0 && owner.kind === 'tenant') {
      if (setAside || input.library.after) await saveTestLibrary(api, owner, finalLibrary);
      const run = await api.post<ServerTestRun>(`/v1/tenants/${encodeURIComponent(owner.tenantId)}/policy-tests/run`, {});
      if (run.failed > 0) {
        const failures = run.results.filter((result) => !result.passed);
        refused.push({
          scope: 'tests',
          error: new ApiError(
            422,
            'policy_tests_failed',
            `${run.failed} of ${run.passed + run.failed} policy tests fail with the folder in place`,
            failures.map((result) => ({ message: `${result.test}: expected ${result.expected}, got ${result.actual} (${result.reason})` })),
          ),
        });
      }
    }
  } catch (error) {
    refused.push({ scope: 'apply', error: toApiError(error) });
  }
  if (refused.length === 0) return { published, refused, undone: [] as string[] };
  return { published, refused, undone: await undoApply(api, owner, published, input.library.before, log) };
}

async function undoApply(
  api: Api,
  owner: Owner,
  published: readonly Published[],
  libraryBefore: readonly unknown[],
  log: (line: string) => void,
) {
  const undone: string[] = [];
  if (owner.kind === 'tenant' && published.length > 0) await saveTestLibrary(api, owner, []);
  for (const entry of [...published].reverse()) {
    const reason = `warden policy apply: undo ${entry.scope} v${entry.version}`;
    if (entry.previous !== undefined && owner.kind === 'tenant') {
      await api.post(`${scopePath(owner, entry.scope)}/rollback`, { toVersion: entry.previous, reason });
    } else {
      const empty = await api.put<{ version: number }>(scopePath(owner, entry.scope), { rules: [], reason });
      await api.post(`${versionsPath(owner, entry.scope)}/${empty.version}/publish`, { reason });
    }
    undone.push(entry.scope);
    log(`undid ${entry.scope} v${entry.version}`);
  }
  await saveTestLibrary(api, owner, libraryBefore);
  log('restored the earlier test library');
  return undone;
}
