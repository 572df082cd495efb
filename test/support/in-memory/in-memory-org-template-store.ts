/**
 * OrgTemplateStore in memory, with the DynamoDB adapter's observable behaviour
 * (shared/adapters/dynamodb/dynamodb-org-template-store.ts): heads listed in id order, versions
 * newest first paged by number, a version saved only after the one before (ConflictError
 * `version_conflict`), required markers replaced by id, and a change record in the audit log with
 * every write.
 */
import { ConflictError } from '../../../shared/kernel/errors';
import type { OrgTemplateStore, OrgTemplateVersion, RequiredTemplate } from '../../../shared/templates/org-template-store';
import {
  auditAbsent,
  compare,
  createInMemoryTables,
  type InMemoryTables,
  pageOf,
  putAudit,
  readBack,
  stored,
  transact,
} from './in-memory-tables';

/** The sort key of a version (zero-padded, as the adapter's). */
const position = (version: number) => String(version).padStart(10, '0');

export function createInMemoryOrgTemplateStore(tables: InMemoryTables = createInMemoryTables()): OrgTemplateStore {
  const heads = new Map<string, OrgTemplateVersion>();
  const versions = new Map<string, OrgTemplateVersion[]>();
  const required = new Map<string, RequiredTemplate>();
  const inIdOrder = <T extends { id: string }>(items: Iterable<T>, limit: number) =>
    [...items]
      .sort((a, b) => compare(a.id, b.id))
      .slice(0, limit)
      .map((item) => readBack(item));

  return {
    getTemplate: async (id) => {
      const head = heads.get(id);
      return head && readBack(head);
    },

    listTemplates: async (limit) => inIdOrder(heads.values(), limit),

    async putTemplate(saved, change) {
      const latest = heads.get(saved.id)?.version ?? 0;
      transact(
        [latest === saved.version - 1, auditAbsent(tables, [change])],
        () => new ConflictError(`The template ${saved.id} was changed by someone else; try again`, 'version_conflict'),
        [
          () => heads.set(saved.id, stored(saved)),
          () => versions.set(saved.id, [...(versions.get(saved.id) ?? []), stored(saved)]),
          () => putAudit(tables, change),
        ],
      );
    },

    listVersions: async (id, page) =>
      pageOf(
        versions.get(id) ?? [],
        (version) => position(version.version),
        { limit: page.limit, ...(page.after === undefined ? {} : { after: position(Number(page.after)) }) },
        'descending',
      ),

    async putRequired(marker, change) {
      transact([auditAbsent(tables, [change])], () => new ConflictError('The change record exists', 'conflict'), [
        () => required.set(marker.id, stored(marker)),
        () => putAudit(tables, change),
      ]);
    },

    listRequired: async (limit) => inIdOrder(required.values(), limit),
  };
}
