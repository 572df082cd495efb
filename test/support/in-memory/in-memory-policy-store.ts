/**
 * PolicyStore in memory, with the DynamoDB adapter's observable behaviour
 * (shared/adapters/dynamodb/dynamodb-policy-store.ts): numbers that only grow and never repeat,
 * versions newest first paged by number, a publish conditional on the head's revision
 * (ConflictError `publish_conflict`) that bumps the tenant's epoch (refused when the tenant does
 * not exist) or the org epoch, test libraries replaced only from the version read
 * (ConflictError `version_conflict`), documents too large to store refused as the adapter refuses
 * them, and a change record in the audit log with every write.
 */
import { compressJson } from '../../../shared/adapters/dynamodb/compressed-content';
import { layoutOrRefuse } from '../../../shared/adapters/dynamodb/policy-content-items';
import { ConflictError, NotFoundError } from '../../../shared/kernel/errors';
import type { PolicyStore } from '../../../shared/policy-lifecycle/policy-store';
import type { PolicyOwner, PolicyVersion, ScopeHead, TestLibrary } from '../../../shared/policy-lifecycle/policy-version';
import {
  auditAbsent,
  bumpEpoch,
  compare,
  type InMemoryTables,
  pageOf,
  putAudit,
  readBack,
  stored,
  tenantExists,
  transact,
} from './in-memory-tables';

const ownerKey = (owner: PolicyOwner) => (owner.kind === 'org' ? '~org' : owner.tenantId);
const scopeKey = (owner: PolicyOwner, scope: string) => `${ownerKey(owner)}#${scope}`;
/** The sort key of a version (zero-padded, as the adapter's). */
const position = (version: number) => String(version).padStart(10, '0');

/** Creates a PolicyStore over `tables` (tenant epochs and the audit log are shared with the other stores). */
export function createInMemoryPolicyStore(tables: InMemoryTables): PolicyStore {
  const versions = new Map<string, Map<number, PolicyVersion>>();
  const heads = new Map<string, ScopeHead>();
  const libraries = new Map<string, TestLibrary>();
  let orgEpoch = 0;

  const versionsOf = (owner: PolicyOwner, scope: string) => {
    let found = versions.get(scopeKey(owner, scope));
    if (!found) versions.set(scopeKey(owner, scope), (found = new Map()));
    return found;
  };

  return {
    async appendVersion(owner, draft, change) {
      const layout = compressJson(draft.document);
      layoutOrRefuse(layout, 'policy_too_large');
      const head = heads.get(scopeKey(owner, draft.scope));
      const version = (head?.latestVersion ?? 0) + 1;
      const record = change(version);
      transact([auditAbsent(tables, [record])], () => new ConflictError('Another version was saved meanwhile', 'version_race'), [
        () => heads.set(scopeKey(owner, draft.scope), { ...(head ?? { revision: 0 }), scope: draft.scope, latestVersion: version }),
        () => versionsOf(owner, draft.scope).set(version, stored({ ...draft, version, documentBytes: layout.jsonBytes })),
        () => putAudit(tables, record),
      ]);
      return version;
    },

    async getVersion(owner, scope, version) {
      const found = versions.get(scopeKey(owner, scope))?.get(version);
      return found && readBack(found);
    },

    async listVersions(owner, scope, page) {
      const all = versions.get(scopeKey(owner, scope))?.values() ?? [];
      return pageOf(
        all,
        (version) => position(version.version),
        { limit: page.limit, ...(page.after === undefined ? {} : { after: position(Number(page.after)) }) },
        'descending',
      );
    },

    async getHead(owner, scope) {
      const head = heads.get(scopeKey(owner, scope));
      return head && readBack(head);
    },

    async listHeads(owner) {
      const prefix = `${ownerKey(owner)}#`;
      return [...heads.entries()]
        .filter(([key]) => key.startsWith(prefix))
        .sort(([a], [b]) => compare(a, b))
        .map(([, head]) => readBack(head));
    },

    async publish(owner, write, change) {
      const scoped = versions.get(scopeKey(owner, write.scope));
      const candidate = scoped?.get(write.version);
      if (!candidate) throw new NotFoundError('Policy version', `${write.scope}@${write.version}`);
      const head = heads.get(scopeKey(owner, write.scope));
      const previous = write.previous && write.previous.version !== write.version ? write.previous : undefined;
      const previousVersion = previous && scoped?.get(previous.version);
      transact(
        [
          head?.revision === write.expectedRevision,
          previous === undefined || previousVersion !== undefined,
          owner.kind === 'org' || tenantExists(tables, owner.tenantId),
          auditAbsent(tables, [change]),
        ],
        () => new ConflictError(`Scope ${write.scope} was published by someone else meanwhile; try again`, 'publish_conflict'),
        [
          () =>
            heads.set(scopeKey(owner, write.scope), {
              ...head!,
              activeVersion: write.version,
              activeDocument: stored(candidate.document),
              activeContentHash: candidate.contentHash,
              revision: write.expectedRevision + 1,
            }),
          () => {
            const { sunsetAt: _sunset, deprecatedAt: _deprecated, ...rest } = candidate;
            scoped!.set(write.version, {
              ...rest,
              status: 'active',
              publishedAt: write.publishedAt,
              publishedBy: write.publishedBy,
              publishReason: write.reason,
            });
          },
          () => {
            if (previous && previousVersion)
              scoped!.set(previous.version, {
                ...previousVersion,
                status: 'deprecated',
                deprecatedAt: write.publishedAt,
                sunsetAt: previous.sunsetAt,
              });
          },
          () => (owner.kind === 'org' ? (orgEpoch += 1) : bumpEpoch(tables, owner.tenantId)),
          () => putAudit(tables, change),
        ],
      );
    },

    async getTestLibrary(owner) {
      const library = libraries.get(ownerKey(owner));
      return library && readBack(library);
    },

    async putTestLibrary(owner, library, expectedVersion, change) {
      layoutOrRefuse(compressJson(library.scenarios), 'policy_tests_too_large');
      const current = libraries.get(ownerKey(owner));
      transact(
        [expectedVersion === 0 ? current === undefined : current?.version === expectedVersion, auditAbsent(tables, [change])],
        () => new ConflictError('The test library was changed by someone else meanwhile; try again', 'version_conflict'),
        [() => libraries.set(ownerKey(owner), stored(library)), () => putAudit(tables, change)],
      );
    },

    async getOrgEpoch() {
      return orgEpoch;
    },
  };
}
