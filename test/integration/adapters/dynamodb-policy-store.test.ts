import { beforeAll, describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../shared/audit/change-record';
import { createDynamoDbPolicyStore } from '../../../shared/adapters/dynamodb/dynamodb-policy-store';
import { createDynamoDbTenancyStore } from '../../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { domainEvent } from '../../../shared/events/catalog';
import type { PolicyStore } from '../../../shared/policy-lifecycle/policy-store';
import { ORG_OWNER, type PolicyVersion, tenantOwner } from '../../../shared/policy-lifecycle/policy-version';
import type { TenancyStore } from '../../../shared/tenancy/tenancy-store';
import { createTestTables } from '../../support/test-tables';
import { aChange, aTenant } from '../../support/tenancy-fixtures';

let sequence = 0;
const policyChange =
  (tenantId: string, scope: string) =>
  (version: number): ChangeRecord => ({
    kind: 'change',
    id: `aud_${String(++sequence).padStart(26, '0')}`,
    at: '2026-11-24T10:00:00.000Z',
    tenantId,
    actor: { type: 'operator', sub: 'tester' },
    action: 'policy.saved',
    target: { type: 'policy', id: `${scope}@${version}` },
    event: domainEvent('Policy.Saved', { tenantId, scope, version, actor: 'tester' }),
  });

const draft = (scope: string, ruleId: string): Omit<PolicyVersion, 'version'> => ({
  scope,
  status: 'draft',
  document: { rules: [{ id: ruleId, effect: 'deny', actions: ['x:*'] }], defaults: {} },
  contentHash: `sha256:${ruleId}`,
  author: 'tester',
  createdAt: '2026-11-24T10:00:00.000Z',
  reason: `save ${ruleId}`,
});

describe('DynamoDbPolicyStore (DynamoDB Local)', () => {
  let store: PolicyStore;
  let tenancy: TenancyStore;

  beforeAll(async () => {
    const tables = await createTestTables();
    store = createDynamoDbPolicyStore(singleClient(tables.documentClient), tables.names);
    tenancy = createDynamoDbTenancyStore(singleClient(tables.documentClient), tables.names);
  });

  it('keeps every one of 16 parallel saves of one scope, numbered 1 to 16 without gaps', async () => {
    const owner = tenantOwner('parallel');
    const numbers = await Promise.all(
      Array.from({ length: 16 }, (_, i) => store.appendVersion(owner, draft('tenant', `r${i}`), policyChange('parallel', 'tenant'))),
    );
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    const page = await store.listVersions(owner, 'tenant', { limit: 100 });
    expect(page.items.map((version) => version.version)).toEqual(Array.from({ length: 16 }, (_, i) => 16 - i));
    expect(new Set(page.items.map((version) => (version.document as { rules: { id: string }[] }).rules[0]!.id)).size).toBe(16);
  });

  it('stores a document exactly, empty maps and all', async () => {
    const owner = tenantOwner('exact');
    const version = await store.appendVersion(
      owner,
      { ...draft('team:a', 'keep'), document: { rules: [], defaults: {}, nested: { '': '' } } },
      policyChange('exact', 'team:a'),
    );
    expect((await store.getVersion(owner, 'team:a', version))?.document).toEqual({ rules: [], defaults: {}, nested: { '': '' } });
  });

  it('publishes atomically: active on the head, the previous version deprecated, the tenant epoch bumped', async () => {
    await tenancy.createTenant(aTenant('pub'), aChange('pub'));
    const owner = tenantOwner('pub');
    const v1 = await store.appendVersion(owner, draft('tenant', 'first'), policyChange('pub', 'tenant'));
    const v2 = await store.appendVersion(owner, draft('tenant', 'second'), policyChange('pub', 'tenant'));
    await store.publish(
      owner,
      { scope: 'tenant', version: v1, expectedRevision: 0, publishedAt: '2026-11-24T10:00:00.000Z', publishedBy: 'a', reason: 'r' },
      aChange('pub'),
    );
    await store.publish(
      owner,
      {
        scope: 'tenant',
        version: v2,
        expectedRevision: 1,
        publishedAt: '2026-11-24T11:00:00.000Z',
        publishedBy: 'a',
        reason: 'r',
        previous: { version: v1, sunsetAt: '2026-12-01T11:00:00.000Z' },
      },
      aChange('pub'),
    );
    const [head] = await store.listHeads(owner);
    expect(head).toMatchObject({
      scope: 'tenant',
      latestVersion: 2,
      activeVersion: 2,
      revision: 2,
      activeDocument: { rules: [{ id: 'second' }] },
    });
    expect(await store.getVersion(owner, 'tenant', v1)).toMatchObject({ status: 'deprecated', sunsetAt: '2026-12-01T11:00:00.000Z' });
    expect(await store.getVersion(owner, 'tenant', v2)).toMatchObject({ status: 'active', publishedBy: 'a' });
    expect((await tenancy.getTenant('pub'))?.epoch).toBe(3);
  });

  it('refuses a publish based on a stale head revision, so two racing publishes cannot both win', async () => {
    await tenancy.createTenant(aTenant('race'), aChange('race'));
    const owner = tenantOwner('race');
    const v1 = await store.appendVersion(owner, draft('tenant', 'a'), policyChange('race', 'tenant'));
    const v2 = await store.appendVersion(owner, draft('tenant', 'b'), policyChange('race', 'tenant'));
    const publish = (version: number) =>
      store.publish(
        owner,
        { scope: 'tenant', version, expectedRevision: 0, publishedAt: '2026-11-24T10:00:00.000Z', publishedBy: 'a', reason: 'r' },
        aChange('race'),
      );
    const outcomes = await Promise.allSettled([publish(v1), publish(v2)]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({
      reason: { name: expect.stringMatching(/ConflictError|DependencyUnavailableError/) },
    });
  });

  it('keeps the org epoch apart and counts org publishes', async () => {
    const before = await store.getOrgEpoch();
    const version = await store.appendVersion(ORG_OWNER, draft('org', 'org-rule'), policyChange('~org', 'org'));
    const head = await store.getHead(ORG_OWNER, 'org');
    await store.publish(
      ORG_OWNER,
      {
        scope: 'org',
        version,
        expectedRevision: head?.revision ?? 0,
        publishedAt: '2026-11-24T10:00:00.000Z',
        publishedBy: 'p',
        reason: 'r',
      },
      aChange('~org'),
    );
    expect(await store.getOrgEpoch()).toBe(before + 1);
    expect(await store.listHeads(tenantOwner('org'))).toEqual([]);
  });

  it('replaces a test library only from the version it was read at', async () => {
    const owner = tenantOwner('tests');
    const library = { scenarios: [{ name: 'one', context: {} }], version: 1, updatedAt: '2026-11-24T10:00:00.000Z', updatedBy: 'a' };
    await store.putTestLibrary(owner, library, 0, aChange('tests'));
    expect(await store.getTestLibrary(owner)).toEqual(library);
    await expect(store.putTestLibrary(owner, { ...library, version: 2 }, 0, aChange('tests'))).rejects.toMatchObject({
      name: 'ConflictError',
    });
    await store.putTestLibrary(owner, { ...library, version: 2 }, 1, aChange('tests'));
    expect((await store.getTestLibrary(owner))?.version).toBe(2);
  });
});
