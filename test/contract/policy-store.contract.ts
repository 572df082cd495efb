/**
 * The PolicyStore contract (shared/policy-lifecycle/policy-store.ts), run against every
 * implementation: in memory (test/unit/contract) and on DynamoDB Local (test/integration/contract).
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditReader } from '../../shared/audit/audit-reader';
import type { PolicyStore, PublishWrite } from '../../shared/policy-lifecycle/policy-store';
import { ORG_OWNER, type PolicyOwner, type PolicyVersion, tenantOwner } from '../../shared/policy-lifecycle/policy-version';
import type { TenancyStore } from '../../shared/tenancy/tenancy-store';
import { aTenant } from '../support/tenancy-fixtures';
import { AT, changeOf, changesOf, unique } from './contract-fixtures';

export interface PolicyStoreFixture {
  readonly store: PolicyStore;
  /** Creates the tenants whose epoch a publish bumps, and reads it back. */
  readonly tenancy: TenancyStore;
  /** Reads back the change records written with each change. */
  readonly audit: AuditReader;
}

const documentOf = (ruleId: string) => ({ rules: [{ id: ruleId, effect: 'deny', actions: ['x:*'] }], defaults: {} });

const draft = (scope: string, ruleId: string): Omit<PolicyVersion, 'version'> => ({
  scope,
  status: 'draft',
  document: documentOf(ruleId),
  contentHash: `sha256:${ruleId}`,
  author: 'tester',
  createdAt: AT,
  reason: `save ${ruleId}`,
});

const saved = (tenantId: string, scope: string) => (version: number) =>
  changeOf(tenantId, 'policy.saved', { type: 'policy', id: `${scope}@${version}` });

const publishing = (scope: string, version: number, expectedRevision: number, previous?: PublishWrite['previous']): PublishWrite => ({
  scope,
  version,
  expectedRevision,
  publishedAt: '2026-11-24T11:00:00.000Z',
  publishedBy: 'publisher',
  reason: 'go live',
  ...(previous ? { previous } : {}),
});

export function describePolicyStoreContract(name: string, makeFixture: () => Promise<PolicyStoreFixture>) {
  describe(`PolicyStore contract: ${name}`, () => {
    let store: PolicyStore;
    let tenancy: TenancyStore;
    let audit: AuditReader;

    beforeAll(async () => {
      ({ store, tenancy, audit } = await makeFixture());
    });

    /** A tenant that exists, and its owner. */
    async function aTenantOwner(prefix: string): Promise<{ tenantId: string; owner: PolicyOwner }> {
      const tenantId = unique(prefix);
      await tenancy.createTenant(aTenant(tenantId, { epoch: 1 }), changeOf(tenantId, 'tenant.onboarded'));
      return { tenantId, owner: tenantOwner(tenantId) };
    }

    const append = (tenantId: string, scope: string, ruleId: string) =>
      store.appendVersion(tenantOwner(tenantId), draft(scope, ruleId), saved(tenantId, scope));

    describe('Method: appendVersion', () => {
      it('numbers the versions of each scope from 1, and keeps each exactly as saved', async () => {
        const tenantId = unique('append');
        expect([
          await append(tenantId, 'tenant', 'a'),
          await append(tenantId, 'tenant', 'b'),
          await append(tenantId, 'team:ops', 'c'),
        ]).toEqual([1, 2, 1]);
        expect(await store.getVersion(tenantOwner(tenantId), 'tenant', 2)).toEqual({
          ...draft('tenant', 'b'),
          version: 2,
          documentBytes: Buffer.byteLength(JSON.stringify(documentOf('b'))),
        });
      });

      it('gives each of 8 concurrent saves of one scope its own number, none lost', async () => {
        const tenantId = unique('parallel');
        const numbers = await Promise.all(Array.from({ length: 8 }, (_, i) => append(tenantId, 'tenant', `r${i}`)));
        expect([...numbers].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        const versions = await store.listVersions(tenantOwner(tenantId), 'tenant', { limit: 100 });
        expect(new Set(versions.items.map((version) => (version.document as ReturnType<typeof documentOf>).rules[0]!.id)).size).toBe(8);
      });

      it('writes the change record the caller makes for the number given', async () => {
        const tenantId = unique('saved');
        await append(tenantId, 'tenant', 'a');
        await append(tenantId, 'tenant', 'b');
        expect(await changesOf(audit, tenantId)).toEqual([
          { action: 'policy.saved', target: { type: 'policy', id: 'tenant@1' } },
          { action: 'policy.saved', target: { type: 'policy', id: 'tenant@2' } },
        ]);
      });

      it('refuses a document too large to store, with DocumentTooLargeError, and keeps nothing', async () => {
        const tenantId = unique('large');
        const noise = randomBytes(4_000_000).toString('base64');
        const huge = { ...draft('tenant', 'huge'), document: { rules: [], defaults: {}, noise } };
        await expect(store.appendVersion(tenantOwner(tenantId), huge, saved(tenantId, 'tenant'))).rejects.toMatchObject({
          name: 'DocumentTooLargeError',
          code: 'policy_too_large',
        });
        expect(await store.getHead(tenantOwner(tenantId), 'tenant')).toBeUndefined();
      });
    });

    describe('Method: getVersion', () => {
      it("finds nothing for a version never saved, nor for another tenant's version", async () => {
        const tenantId = unique('get');
        await append(tenantId, 'tenant', 'a');
        expect(await store.getVersion(tenantOwner(tenantId), 'tenant', 2)).toBeUndefined();
        expect(await store.getVersion(tenantOwner(unique('other')), 'tenant', 1)).toBeUndefined();
        expect(await store.getVersion(ORG_OWNER, 'tenant', 1)).toBeUndefined();
      });
    });

    describe('Method: listVersions', () => {
      it('lists newest first, page after page from the last number seen, and says when more follow', async () => {
        const tenantId = unique('history');
        for (const rule of ['a', 'b', 'c', 'd', 'e']) await append(tenantId, 'tenant', rule);
        const owner = tenantOwner(tenantId);
        const first = await store.listVersions(owner, 'tenant', { limit: 2 });
        expect(first.items.map((version) => version.version)).toEqual([5, 4]);
        expect(first.more).toBe(true);
        const second = await store.listVersions(owner, 'tenant', { limit: 2, after: '4' });
        expect(second.items.map((version) => version.version)).toEqual([3, 2]);
        expect(second.more).toBe(true);
        const last = await store.listVersions(owner, 'tenant', { limit: 2, after: '2' });
        expect(last).toEqual({ items: [expect.objectContaining({ version: 1, document: documentOf('a') })], more: false });
      });

      it('says no more follow when a page is exactly full', async () => {
        const tenantId = unique('exact');
        for (const rule of ['a', 'b']) await append(tenantId, 'tenant', rule);
        const page = await store.listVersions(tenantOwner(tenantId), 'tenant', { limit: 2 });
        expect(page.items.map((version) => version.version)).toEqual([2, 1]);
        expect(page.more).toBe(false);
      });

      it('lists nothing for a scope without versions', async () => {
        expect(await store.listVersions(tenantOwner(unique('empty')), 'tenant', { limit: 10 })).toEqual({ items: [], more: false });
      });
    });

    describe('Methods: getHead and listHeads', () => {
      it('keeps a head per scope with its latest number and no active version until a publish', async () => {
        const tenantId = unique('heads');
        await append(tenantId, 'team:ops', 'a');
        await append(tenantId, 'team:ops', 'b');
        await append(tenantId, 'tenant', 'c');
        expect(await store.getHead(tenantOwner(tenantId), 'team:ops')).toEqual({ scope: 'team:ops', latestVersion: 2, revision: 0 });
        expect(await store.getHead(tenantOwner(tenantId), 'role:bot')).toBeUndefined();
        expect(await store.listHeads(tenantOwner(tenantId))).toEqual([
          { scope: 'team:ops', latestVersion: 2, revision: 0 },
          { scope: 'tenant', latestVersion: 1, revision: 0 },
        ]);
      });

      it('lists no heads of another owner', async () => {
        const tenantId = unique('mine');
        await append(tenantId, 'tenant', 'a');
        expect(await store.listHeads(tenantOwner(unique('yours')))).toEqual([]);
      });
    });

    describe('Method: publish', () => {
      it('makes the version active with its document on the head, deprecates the one before, bumps the tenant epoch, and records the change', async () => {
        const { tenantId, owner } = await aTenantOwner('publish');
        await append(tenantId, 'tenant', 'first');
        await append(tenantId, 'tenant', 'second');
        await store.publish(owner, publishing('tenant', 1, 0), changeOf(tenantId, 'policy.published', { type: 'policy', id: 'tenant@1' }));
        await store.publish(
          owner,
          publishing('tenant', 2, 1, { version: 1, sunsetAt: '2026-12-01T11:00:00.000Z' }),
          changeOf(tenantId, 'policy.published', { type: 'policy', id: 'tenant@2' }),
        );

        expect(await store.getHead(owner, 'tenant')).toEqual({
          scope: 'tenant',
          latestVersion: 2,
          activeVersion: 2,
          activeDocument: documentOf('second'),
          activeContentHash: 'sha256:second',
          revision: 2,
        });
        expect(await store.getVersion(owner, 'tenant', 2)).toMatchObject({
          status: 'active',
          publishedAt: '2026-11-24T11:00:00.000Z',
          publishedBy: 'publisher',
          publishReason: 'go live',
        });
        expect(await store.getVersion(owner, 'tenant', 1)).toMatchObject({
          status: 'deprecated',
          deprecatedAt: '2026-11-24T11:00:00.000Z',
          sunsetAt: '2026-12-01T11:00:00.000Z',
        });
        expect((await tenancy.getTenant(tenantId, { consistent: true }))?.epoch).toBe(3);
        expect((await changesOf(audit, tenantId)).filter((change) => change.action === 'policy.published')).toHaveLength(2);
      });

      it('makes a deprecated version active again without its deprecation and sunset', async () => {
        const { tenantId, owner } = await aTenantOwner('again');
        await append(tenantId, 'tenant', 'first');
        await append(tenantId, 'tenant', 'second');
        await store.publish(owner, publishing('tenant', 1, 0), changeOf(tenantId));
        await store.publish(owner, publishing('tenant', 2, 1, { version: 1, sunsetAt: '2026-12-01T11:00:00.000Z' }), changeOf(tenantId));
        await store.publish(owner, publishing('tenant', 1, 2, { version: 2, sunsetAt: '2026-12-02T11:00:00.000Z' }), changeOf(tenantId));
        const again = await store.getVersion(owner, 'tenant', 1);
        expect(again).toMatchObject({ status: 'active' });
        expect(again).not.toHaveProperty('sunsetAt');
        expect(again).not.toHaveProperty('deprecatedAt');
      });

      it('refuses a publish from a stale head revision with ConflictError, changing nothing', async () => {
        const { tenantId, owner } = await aTenantOwner('stale');
        await append(tenantId, 'tenant', 'first');
        await append(tenantId, 'tenant', 'second');
        await store.publish(owner, publishing('tenant', 1, 0), changeOf(tenantId, 'policy.published'));
        const head = await store.getHead(owner, 'tenant');
        const epoch = (await tenancy.getTenant(tenantId, { consistent: true }))?.epoch;

        await expect(store.publish(owner, publishing('tenant', 2, 0), changeOf(tenantId, 'policy.published'))).rejects.toMatchObject({
          name: 'ConflictError',
          code: 'publish_conflict',
        });

        expect(await store.getHead(owner, 'tenant')).toEqual(head);
        expect(await store.getVersion(owner, 'tenant', 2)).toMatchObject({ status: 'draft' });
        expect((await tenancy.getTenant(tenantId, { consistent: true }))?.epoch).toBe(epoch);
        expect((await changesOf(audit, tenantId)).filter((change) => change.action === 'policy.published')).toHaveLength(1);
      });

      it('refuses a version that was never saved with NotFoundError', async () => {
        const { tenantId, owner } = await aTenantOwner('missing');
        await expect(store.publish(owner, publishing('tenant', 1, 0), changeOf(tenantId))).rejects.toMatchObject({ name: 'NotFoundError' });
      });

      it('refuses to publish for a tenant that does not exist (its epoch cannot move) with ConflictError', async () => {
        const tenantId = unique('ghost');
        await append(tenantId, 'tenant', 'a');
        await expect(store.publish(tenantOwner(tenantId), publishing('tenant', 1, 0), changeOf(tenantId))).rejects.toMatchObject({
          name: 'ConflictError',
        });
        expect((await store.getHead(tenantOwner(tenantId), 'tenant'))?.activeVersion).toBeUndefined();
      });

      it("counts org publishes in the org epoch, apart from any tenant's", async () => {
        const { tenantId } = await aTenantOwner('org-apart');
        const before = await store.getOrgEpoch();
        const version = await store.appendVersion(ORG_OWNER, draft('org', unique('org-rule')), saved('~org', 'org'));
        const head = await store.getHead(ORG_OWNER, 'org');
        await store.publish(ORG_OWNER, publishing('org', version, head!.revision), changeOf('~org', 'policy.published'));
        expect(await store.getOrgEpoch()).toBe(before + 1);
        expect((await tenancy.getTenant(tenantId, { consistent: true }))?.epoch).toBe(1);
        expect((await store.listHeads(ORG_OWNER)).map((orgHead) => orgHead.scope)).toEqual(['org']);
      });
    });

    describe('Methods: getTestLibrary and putTestLibrary', () => {
      const library = (version: number, names: string[]) => ({
        scenarios: names.map((scenario) => ({
          name: scenario,
          agent: { team: 'ops', role: 'bot', environment: 'prod' },
          request: { action: 'x:y' },
          expect: 'deny',
        })),
        version,
        updatedAt: AT,
        updatedBy: 'tester',
      });

      it('has no library until one is put, then returns it exactly', async () => {
        const tenantId = unique('library');
        const owner = tenantOwner(tenantId);
        expect(await store.getTestLibrary(owner)).toBeUndefined();
        await store.putTestLibrary(owner, library(1, ['one', 'two']), 0, changeOf(tenantId));
        expect(await store.getTestLibrary(owner)).toEqual(library(1, ['one', 'two']));
      });

      it('replaces a library only from the version it was read at, with ConflictError otherwise', async () => {
        const tenantId = unique('tests');
        const owner = tenantOwner(tenantId);
        await store.putTestLibrary(owner, library(1, ['one']), 0, changeOf(tenantId, 'policy_tests.saved'));
        await expect(
          store.putTestLibrary(owner, library(2, ['first again']), 0, changeOf(tenantId, 'policy_tests.saved')),
        ).rejects.toMatchObject({ name: 'ConflictError', code: 'version_conflict' });
        await store.putTestLibrary(owner, library(2, ['two']), 1, changeOf(tenantId, 'policy_tests.saved'));
        await expect(store.putTestLibrary(owner, library(3, ['stale']), 1, changeOf(tenantId, 'policy_tests.saved'))).rejects.toMatchObject(
          { name: 'ConflictError', code: 'version_conflict' },
        );
        expect(await store.getTestLibrary(owner)).toEqual(library(2, ['two']));
        expect(await changesOf(audit, tenantId)).toHaveLength(2);
      });

      it("keeps the org library apart from every tenant's", async () => {
        const tenantId = unique('not-org');
        await store.putTestLibrary(tenantOwner(tenantId), library(1, ['tenant only']), 0, changeOf(tenantId));
        expect(
          (await store.getTestLibrary(ORG_OWNER))?.scenarios.some((scenario) => (scenario as { name: string }).name === 'tenant only') ??
            false,
        ).toBe(false);
      });
    });
  });
}
