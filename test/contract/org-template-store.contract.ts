/**
 * The OrgTemplateStore contract (shared/templates/org-template-store.ts), run against every
 * implementation: in memory (test/unit/contract) and on DynamoDB Local (test/integration/contract).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditReader } from '../../shared/audit/audit-reader';
import { builtinPolicyPattern } from '../../shared/templates/builtin-templates';
import type { OrgTemplateStore, OrgTemplateVersion, RequiredTemplate } from '../../shared/templates/org-template-store';
import type { Template } from '../../shared/templates/template';
import { AT, changeOf, changesOf, unique } from './contract-fixtures';

const ORG = '~org';

/** A valid template of id `id` (the read-only pattern, renamed), titled to tell versions apart. */
const templateOf = (id: string, title = 'Ours'): Template => ({ ...builtinPolicyPattern('read-only-data-access')!, id, title });

const saved = (id: string, version: number, title = `v${version}`): OrgTemplateVersion => ({
  id,
  version,
  template: templateOf(id, title),
  savedAt: AT,
  savedBy: 'platform-admin',
  reason: `version ${version}`,
});

const marker = (id: string, draftVersion: number): RequiredTemplate => ({
  id,
  source: 'org',
  templateVersion: 1,
  parameters: { resources: ['data/**'], note: { nested: [1, 'two'] } },
  reason: 'every tenant',
  requiredAt: AT,
  requiredBy: 'platform-admin',
  draft: { scope: 'org', version: draftVersion },
});

export interface OrgTemplateStoreFixture {
  readonly store: OrgTemplateStore;
  /** Reads back the change records written with each change. */
  readonly audit: AuditReader;
}

export function describeOrgTemplateStoreContract(name: string, makeFixture: () => Promise<OrgTemplateStoreFixture>) {
  describe(`OrgTemplateStore contract (${name})`, () => {
    let store: OrgTemplateStore;
    let audit: AuditReader;
    beforeAll(async () => {
      ({ store, audit } = await makeFixture());
    });
    const ofTarget = async (id: string) => (await changesOf(audit, ORG)).filter((change) => (change.target as { id: string }).id === id);

    it('saves version 1 only when there is none and version n only after n-1 (ConflictError version_conflict), the template read back exactly', async () => {
      const id = unique('tpl');
      await store.putTemplate(saved(id, 1), changeOf(ORG, 'template.saved', { type: 'template', id }));
      await expect(
        store.putTemplate(saved(id, 1, 'again'), changeOf(ORG, 'template.saved', { type: 'template', id })),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        code: 'version_conflict',
      });
      await expect(store.putTemplate(saved(id, 3), changeOf(ORG, 'template.saved', { type: 'template', id }))).rejects.toMatchObject({
        name: 'ConflictError',
        code: 'version_conflict',
      });
      await store.putTemplate(saved(id, 2), changeOf(ORG, 'template.saved', { type: 'template', id }));
      expect(await store.getTemplate(id)).toEqual(saved(id, 2));
      expect(await store.getTemplate(unique('none'))).toBeUndefined();
      expect(await ofTarget(id)).toEqual([
        { action: 'template.saved', target: { type: 'template', id } },
        { action: 'template.saved', target: { type: 'template', id } },
      ]);
    });

    it('keeps every version, listed newest first, page after page from a version number', async () => {
      const id = unique('hist');
      for (const version of [1, 2, 3])
        await store.putTemplate(saved(id, version), changeOf(ORG, 'template.saved', { type: 'template', id }));
      const first = await store.listVersions(id, { limit: 2 });
      expect(first.items.map((version) => [version.version, version.template.title, version.reason])).toEqual([
        [3, 'v3', 'version 3'],
        [2, 'v2', 'version 2'],
      ]);
      expect(first.more).toBe(true);
      const rest = await store.listVersions(id, { limit: 2, after: '2' });
      expect(rest.items.map((version) => version.version)).toEqual([1]);
      expect(rest.more).toBe(false);
      expect(rest.items[0]).toEqual(saved(id, 1));
      expect((await store.listVersions(unique('none'), { limit: 10 })).items).toEqual([]);
    });

    it('lists the latest version of every template in id order, at most the limit', async () => {
      const prefix = unique('list');
      const [a, b] = [`${prefix}-a`, `${prefix}-b`];
      await store.putTemplate(saved(b, 1), changeOf(ORG, 'template.saved', { type: 'template', id: b }));
      await store.putTemplate(saved(a, 1), changeOf(ORG, 'template.saved', { type: 'template', id: a }));
      await store.putTemplate(saved(a, 2), changeOf(ORG, 'template.saved', { type: 'template', id: a }));
      const ours = (await store.listTemplates(1000)).filter((version) => version.id.startsWith(prefix));
      expect(ours.map((version) => [version.id, version.version])).toEqual([
        [a, 2],
        [b, 1],
      ]);
      expect(await store.listTemplates(1)).toHaveLength(1);
    });

    it('keeps one required marker per template (the latest replacing the first), parameters read back exactly, with its change record', async () => {
      const id = unique('req');
      await store.putRequired(marker(id, 4), changeOf(ORG, 'template.required', { type: 'template', id }));
      await store.putRequired(marker(id, 5), changeOf(ORG, 'template.required', { type: 'template', id }));
      const ours = (await store.listRequired(1000)).filter((found) => found.id === id);
      expect(ours).toEqual([marker(id, 5)]);
      expect(await ofTarget(id)).toEqual([
        { action: 'template.required', target: { type: 'template', id } },
        { action: 'template.required', target: { type: 'template', id } },
      ]);
    });
  });
}
