import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OperatorPrincipal } from '../../../shared/auth/principal';
import { createDynamoDbPolicyStore } from '../../../shared/adapters/dynamodb/dynamodb-policy-store';
import { createDynamoDbTenancyStore } from '../../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { policyKeys } from '../../../shared/adapters/dynamodb/keys';
import { singleClient } from '../../../shared/adapters/dynamodb/tenant-clients';
import { createFixedClock } from '../../../shared/kernel/clock';
import { DocumentTooLargeError } from '../../../shared/kernel/errors';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';
import { createPolicyCompiler } from '../../../shared/policy/compile';
import { validatePolicyDocument } from '../../../shared/policy/validate';
import { MAX_POLICY_DOCUMENT_BYTES, MAX_TEST_LIBRARY_BYTES } from '../../../shared/policy-lifecycle/content-limits';
import { createPolicyLifecycle } from '../../../shared/policy-lifecycle/policy-lifecycle';
import type { PolicyStore } from '../../../shared/policy-lifecycle/policy-store';
import { tenantOwner } from '../../../shared/policy-lifecycle/policy-version';
import { createTenantManagement } from '../../../shared/tenancy/tenant-management';
import { incompressibleRules, typicalRules } from '../../support/policy/typical-rules';
import { aChange } from '../../support/tenancy-fixtures';
import { createTestTables } from '../../support/test-tables';

const platform: OperatorPrincipal = { kind: 'operator', sub: 'p', roles: ['platform-admin'], teams: [] };
const adminOf = (tenantId: string): OperatorPrincipal => ({ kind: 'operator', sub: 'alice', tenantId, roles: ['tenant-admin'], teams: [] });
const scenario = (name: string, context: Record<string, unknown> = {}) => ({
  name,
  agent: { team: 'ops', role: 'bot', environment: 'prod' },
  request: { action: 'nothing:matches', context },
  expect: 'deny',
});

describe('DynamoDbPolicyStore with large documents (DynamoDB Local)', () => {
  const clock = createFixedClock(Date.parse('2026-11-24T10:00:00.000Z'));
  let db: DynamoDBDocumentClient;
  let table: string;
  let store: PolicyStore;
  let lifecycle: ReturnType<typeof createPolicyLifecycle>;
  let onboard: (id: string) => Promise<void>;

  beforeAll(async () => {
    const tables = await createTestTables();
    db = tables.documentClient;
    table = tables.names.policies;
    const clients = singleClient(db);
    const tenancy = createDynamoDbTenancyStore(clients, tables.names);
    store = createDynamoDbPolicyStore(clients, tables.names);
    const ids = createIdGenerator(clock);
    const cursors = createPageCursorCodec('s'.repeat(40));
    const tenants = createTenantManagement({ store: tenancy, clock, ids, cursors });
    onboard = async (id) => {
      await tenants.onboard(platform, {
        id,
        name: id,
        tier: 'business',
        environments: ['prod'],
        retentionDays: 30,
        settings: { apiKeyTtlDays: 90, approvalTimeoutMinutes: 240 },
      });
    };
    lifecycle = createPolicyLifecycle({ store, tenancy, compiler: createPolicyCompiler(), clock, ids, cursors });
  });

  describe('Method: saveDraft and publish', () => {
    it('saves 10,000 rules of typical size, reads them back identical, and publishes them as the active document', async () => {
      // Prepare
      await onboard('big');
      const rules = typicalRules(10_000);
      const body = { reason: 'bulk import', rules, defaults: { prod: 'deny' } };
      expect(JSON.stringify(body).length).toBeGreaterThan(1_000_000);

      // Act
      const saved = await lifecycle.saveDraft(adminOf('big'), 'big', 'tenant', body);
      const published = await lifecycle.publish(adminOf('big'), 'big', 'tenant', saved.version, { reason: 'go', deprecateAfterDays: 7 });

      // Assess
      const expected = validatePolicyDocument('tenant', { rules, defaults: { prod: 'deny' } });
      expect(saved.documentBytes).toBe(Buffer.byteLength(JSON.stringify(expected)));
      const read = await store.getVersion(tenantOwner('big'), 'tenant', saved.version);
      expect(read?.document).toEqual(expected);
      expect(published).toMatchObject({ version: saved.version, status: 'active' });
      const [head] = await store.listHeads(tenantOwner('big'));
      expect(head).toMatchObject({ activeVersion: saved.version });
      expect(head?.activeDocument).toEqual(expected);
      const raw = await db.send(new GetCommand({ TableName: table, Key: policyKeys.version('big', 'tenant', saved.version) }));
      expect(raw.Item?.documentBr).toBeInstanceOf(Uint8Array);
      expect((raw.Item?.documentBr as Uint8Array).length).toBeLessThan(300_000);
    });

    it(`refuses a document over ${MAX_POLICY_DOCUMENT_BYTES} bytes with policy_too_large naming the limit, and saves nothing`, async () => {
      await onboard('huge');
      const rules = typicalRules(21_000);

      const refusal = await lifecycle
        .saveDraft(adminOf('huge'), 'huge', 'tenant', { reason: 'too much', rules })
        .catch((error: unknown) => error);

      expect(refusal).toBeInstanceOf(DocumentTooLargeError);
      expect(refusal).toMatchObject({ code: 'policy_too_large', details: [{ path: 'rules', limitBytes: MAX_POLICY_DOCUMENT_BYTES }] });
      expect((refusal as Error).message).toContain(String(MAX_POLICY_DOCUMENT_BYTES));
      expect(await store.listHeads(tenantOwner('huge'))).toEqual([]);
    });

    it('spreads a document that hardly compresses over chunk items, reads it back identical, and serves it from the head once published', async () => {
      await onboard('noisy');
      const rules = incompressibleRules(2_000, 900);

      const saved = await lifecycle.saveDraft(adminOf('noisy'), 'noisy', 'tenant', { reason: 'noise', rules });
      await lifecycle.publish(adminOf('noisy'), 'noisy', 'tenant', saved.version, { reason: 'go', deprecateAfterDays: 7 });

      const expected = validatePolicyDocument('tenant', { rules });
      expect((await store.getVersion(tenantOwner('noisy'), 'tenant', saved.version))?.document).toEqual(expected);
      expect((await store.getHead(tenantOwner('noisy'), 'tenant'))?.activeDocument).toEqual(expected);
      const chunks = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `noisy#POLICY#tenant#${policyKeys.versionPosition(saved.version)}` },
        }),
      );
      expect(chunks.Items?.length).toBeGreaterThan(1);
      expect(chunks.Items?.every((item) => (item.data as Uint8Array).length <= 350_000)).toBe(true);
    });

    it('copies a large version on rollback and publishes the copy', async () => {
      await onboard('back');
      const big = await lifecycle.saveDraft(adminOf('back'), 'back', 'tenant', { reason: 'big', rules: incompressibleRules(1_500, 900) });
      await lifecycle.publish(adminOf('back'), 'back', 'tenant', big.version, { reason: 'go', deprecateAfterDays: 7 });
      const small = await lifecycle.saveDraft(adminOf('back'), 'back', 'tenant', { reason: 'small', rules: typicalRules(3) });
      await lifecycle.publish(adminOf('back'), 'back', 'tenant', small.version, { reason: 'go', deprecateAfterDays: 7 });

      const restored = await lifecycle.rollback(adminOf('back'), 'back', 'tenant', { toVersion: big.version, reason: 'undo' });

      expect(restored).toMatchObject({ version: 3, rolledBackFrom: big.version, status: 'active' });
      expect((await store.getHead(tenantOwner('back'), 'tenant'))?.activeDocument).toEqual(big.document);
    });
  });

  describe('Method: history', () => {
    it('ends a page of large versions early with a cursor, so a page carries at most about 3 MiB of documents', async () => {
      await onboard('hist');
      for (let n = 0; n < 3; n++)
        await lifecycle.saveDraft(adminOf('hist'), 'hist', 'tenant', { reason: `v${n}`, rules: typicalRules(8_000, n) });

      const first = await lifecycle.history(adminOf('hist'), tenantOwner('hist'), 'tenant', { limit: 100 });
      const second = await lifecycle.history(adminOf('hist'), tenantOwner('hist'), 'tenant', { limit: 100, cursor: first.nextCursor! });

      expect(first.items.map((version) => version.version)).toEqual([3, 2]);
      expect(first.nextCursor).toBeDefined();
      expect(second.items.map((version) => version.version)).toEqual([1]);
      expect(second.nextCursor).toBeUndefined();
    });
  });

  describe('Items stored before compression', () => {
    it('reads a version, a head and a test library stored as JSON text, and publishes such a draft', async () => {
      await onboard('legacy');
      const document = {
        rules: [{ id: 'old', effect: 'allow', actions: ['read'], tools: ['*'], resources: ['**'], risk: 'low', locked: false }],
      };
      const version = {
        scope: 'tenant',
        version: 1,
        status: 'draft',
        contentHash: 'sha256:old',
        author: 'a',
        createdAt: '2026-11-01T00:00:00.000Z',
        reason: 'old',
      };
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...policyKeys.version('legacy', 'tenant', 1),
            itemType: 'policy-version',
            ...version,
            documentJson: JSON.stringify(document),
          },
        }),
      );
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...policyKeys.head('legacy', 'tenant'), itemType: 'policy-head', scope: 'tenant', latestVersion: 1, revision: 0 },
        }),
      );
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...policyKeys.head('legacy', 'role:bot'),
            itemType: 'policy-head',
            scope: 'role:bot',
            latestVersion: 1,
            activeVersion: 1,
            revision: 1,
            activeDocumentJson: JSON.stringify(document),
          },
        }),
      );
      const scenarios = [scenario('old test')];
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...policyKeys.testLibrary('legacy'),
            itemType: 'policy-tests',
            version: 1,
            updatedAt: 'x',
            updatedBy: 'a',
            scenariosJson: JSON.stringify(scenarios),
          },
        }),
      );

      expect(await store.getVersion(tenantOwner('legacy'), 'tenant', 1)).toMatchObject({
        document,
        documentBytes: JSON.stringify(document).length,
      });
      expect((await store.getHead(tenantOwner('legacy'), 'role:bot'))?.activeDocument).toEqual(document);
      expect((await store.getTestLibrary(tenantOwner('legacy')))?.scenarios).toEqual(scenarios);

      await lifecycle.publish(adminOf('legacy'), 'legacy', 'tenant', 1, { reason: 'finally', deprecateAfterDays: 7 });
      expect((await store.getHead(tenantOwner('legacy'), 'tenant'))?.activeDocument).toEqual(document);
    });
  });

  describe('Method: putTests', () => {
    it('keeps a test library that needs chunks, and drops the old chunks when it is replaced', async () => {
      await onboard('tests');
      const noise = (seed: number) => incompressibleRules(1, 9_000, seed)[0]!.message as string;
      const large = Array.from({ length: 80 }, (_, n) => scenario(`case ${n}`, { note: noise(n) }));

      await lifecycle.putTests(adminOf('tests'), tenantOwner('tests'), large as never);
      const read = await lifecycle.getTests(adminOf('tests'), tenantOwner('tests'));
      await lifecycle.putTests(adminOf('tests'), tenantOwner('tests'), [scenario('small')] as never);

      expect(read.scenarios).toEqual(large);
      expect((await lifecycle.getTests(adminOf('tests'), tenantOwner('tests'))).scenarios).toEqual([scenario('small')]);
      const leftovers = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `tests#POLICY_TESTS#${policyKeys.versionPosition(1)}` },
        }),
      );
      expect(leftovers.Items).toEqual([]);
    });

    it(`refuses a library over ${MAX_TEST_LIBRARY_BYTES} bytes with policy_tests_too_large`, async () => {
      await onboard('toomany');
      const scenarios = Array.from({ length: 120 }, (_, n) => scenario(`case ${n}`, { note: 'x'.repeat(9_000) }));

      const refusal = await lifecycle
        .putTests(adminOf('toomany'), tenantOwner('toomany'), scenarios as never)
        .catch((error: unknown) => error);

      expect(refusal).toMatchObject({
        code: 'policy_tests_too_large',
        details: [{ path: 'scenarios', limitBytes: MAX_TEST_LIBRARY_BYTES }],
      });
      expect(await store.getTestLibrary(tenantOwner('toomany'))).toBeUndefined();
    });
  });

  describe('Store defences below the lifecycle', () => {
    it('refuses a document whose compressed form passes what one transaction can hold, with policy_too_large instead of a DynamoDB error', async () => {
      const rules = incompressibleRules(6_000, 900);
      const draft = {
        scope: 'tenant',
        status: 'draft' as const,
        document: { rules },
        contentHash: 'x',
        author: 'a',
        createdAt: 'x',
        reason: 'r',
      };

      const refusal = await store.appendVersion(tenantOwner('direct'), draft, () => aChange('direct')).catch((error: unknown) => error);

      expect(refusal).toBeInstanceOf(DocumentTooLargeError);
      expect(refusal).toMatchObject({ code: 'policy_too_large', details: [{ measuredAs: 'compressed' }] });
    });
  });
});
