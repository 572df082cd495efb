/**
 * The policy store on DynamoDB. A scope's versions live in one partition (`<owner>#POLICY#<scope>`,
 * sorted by zero-padded number); its head (latest number, active version and document) in the
 * owner's `#POLICIES` partition, so one query loads every active document of a tenant.
 *
 * Saving is optimistic: read the head, then in one transaction move `latestVersion` from n to n+1
 * (conditional) and put version n+1 (conditional on absence) with its change record. A concurrent
 * save makes the condition fail and the loser retries with the next number, so parallel saves each
 * keep their version under a unique number.
 *
 * Documents and test libraries are stored compressed, in chunk items when large
 * (policy-content-items.ts); items written before that keep reading.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ChangeRecord } from '../../audit/change-record';
import { retrying } from '../../kernel/retry';
import { ConflictError, DependencyUnavailableError, NotFoundError } from '../../kernel/errors';
import type { PolicyStore } from '../../policy-lifecycle/policy-store';
import type { PolicyOwner, ScopeHead } from '../../policy-lifecycle/policy-version';
import { chunkDeletes, chunkPuts, compressJson, MissingChunksError } from './compressed-content';
import { changeItem, recordOf } from './item-mapping';
import { controlKeys, ORG_PARTITION_OWNER, policyKeys } from './keys';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';
import { type TransactItem, transactWrite } from './transact-write';
import {
  contentAttributes,
  headContentOf,
  layoutOrRefuse,
  otherHeadContent,
  policyContentReader,
  type StoredHead,
  type StoredTestLibrary,
  type StoredVersion,
  testsContentPartition,
  versionContentPartition,
} from './policy-content-items';

export interface PolicyTables {
  readonly policies: string;
  readonly control: string;
  readonly audit: string;
}

/** How many times a save retries after losing a race for the next number. */
const MAX_SAVE_ATTEMPTS = 30;

/** How many times a test library read starts over when the library was replaced between its two reads. */
const MAX_LIBRARY_READS = 3;

const partitionOwner = (owner: PolicyOwner) => (owner.kind === 'org' ? ORG_PARTITION_OWNER : owner.tenantId);

/** Creates the DynamoDB implementation of PolicyStore. */
export function createDynamoDbPolicyStore(clients: TenantClients, tables: PolicyTables): PolicyStore {
  /** Writes: the tenant's client, or the platform's for the org (only the org-policy function writes those). */
  const clientOf = (owner: PolicyOwner) => (owner.kind === 'org' ? clients.platform : clients.forTenant(owner.tenantId));
  /** Reads: the tenant's client, or the shared read-only one for the org (every tenant's decisions read it). */
  const readerOf = (owner: PolicyOwner) => (owner.kind === 'org' ? clients.shared : clients.forTenant(owner.tenantId));
  const streamedTables = new Set([tables.audit]);
  const auditPut = (change: ChangeRecord): TransactItem => ({
    Put: { TableName: tables.audit, Item: changeItem(change), ConditionExpression: 'attribute_not_exists(pk)' },
  });

  async function get<T>(owner: PolicyOwner, key: { pk: string; sk: string }): Promise<T | undefined> {
    const result = await translateErrors(() =>
      readerOf(owner).send(new GetCommand({ TableName: tables.policies, Key: key, ConsistentRead: true })),
    );
    return result.Item ? recordOf<T>(result.Item) : undefined;
  }

  /** Documents are read with the reader's client: chunk items sit under the owner's key prefix too. */
  const contentOf = (owner: PolicyOwner) => policyContentReader(readerOf(owner), tables.policies);

  const getHead = async (owner: PolicyOwner, scope: string) => {
    const stored = await get<StoredHead>(owner, policyKeys.head(partitionOwner(owner), scope));
    return stored && contentOf(owner).head(partitionOwner(owner), stored);
  };

  /** The epoch bump that goes with a publish: the tenant record's epoch, or the org epoch item. */
  const bumpEpoch = (owner: PolicyOwner): TransactItem =>
    owner.kind === 'org'
      ? {
          Update: {
            TableName: tables.policies,
            Key: policyKeys.orgEpoch,
            UpdateExpression: 'ADD epoch :one',
            ExpressionAttributeValues: { ':one': 1 },
          },
        }
      : {
          Update: {
            TableName: tables.control,
            Key: controlKeys.tenant(owner.tenantId),
            UpdateExpression: 'ADD epoch :one',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':one': 1 },
          },
        };

  return {
    async appendVersion(owner, draft, change) {
      const ownerKey = partitionOwner(owner);
      const { document, ...fields } = draft;
      const compressed = compressJson(document);
      const layout = layoutOrRefuse(compressed, 'policy_too_large');
      return retrying(
        async () => {
          const head = await get<StoredHead>(owner, policyKeys.head(ownerKey, draft.scope));
          const previous = head?.latestVersion ?? 0;
          const version = previous + 1;
          const stored = { ...fields, version, documentBytes: compressed.jsonBytes, ...contentAttributes('document', layout) };
          await transactWrite(
            clientOf(owner),
            [
              {
                Update: {
                  TableName: tables.policies,
                  Key: policyKeys.head(ownerKey, draft.scope),
                  UpdateExpression:
                    'SET latestVersion = :version, #scope = :scope, revision = if_not_exists(revision, :zero), itemType = :type',
                  ConditionExpression: 'attribute_not_exists(pk) OR latestVersion = :previous',
                  ExpressionAttributeNames: { '#scope': 'scope' },
                  ExpressionAttributeValues: {
                    ':version': version,
                    ':previous': previous,
                    ':scope': draft.scope,
                    ':zero': 0,
                    ':type': 'policy-head',
                  },
                },
              },
              {
                Put: {
                  TableName: tables.policies,
                  Item: { ...policyKeys.version(ownerKey, draft.scope, version), itemType: 'policy-version', ...stored },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...('chunks' in layout
                ? chunkPuts(tables.policies, versionContentPartition(ownerKey, draft.scope, version), layout.chunks, { onlyNew: true })
                : []),
              auditPut(change(version)),
            ],
            { streamedTables, onConditionFailed: () => new ConflictError('Another version was saved meanwhile', 'version_race') },
          );
          return version;
        },
        {
          attempts: MAX_SAVE_ATTEMPTS,
          retryOn: (error) =>
            (error instanceof ConflictError && error.code === 'version_race') || error instanceof DependencyUnavailableError,
          baseDelayMs: 10,
        },
      );
    },

    async getVersion(owner, scope, version) {
      const stored = await get<StoredVersion>(owner, policyKeys.version(partitionOwner(owner), scope, version));
      return stored && contentOf(owner).version(partitionOwner(owner), stored);
    },

    async listVersions(owner, scope, page) {
      const result = await translateErrors(() =>
        readerOf(owner).send(
          new QueryCommand({
            TableName: tables.policies,
            KeyConditionExpression: page.after === undefined ? 'pk = :pk' : 'pk = :pk AND sk < :after',
            ExpressionAttributeValues: {
              ':pk': policyKeys.versionPartition(partitionOwner(owner), scope),
              ...(page.after === undefined ? {} : { ':after': policyKeys.versionPosition(Number(page.after)) }),
            },
            ScanIndexForward: false,
            // One ahead: a page exactly full says `more` only when a version does follow.
            Limit: page.limit + 1,
          }),
        ),
      );
      const content = contentOf(owner);
      const found = result.Items ?? [];
      const items = await Promise.all(
        found.slice(0, page.limit).map((item) => content.version(partitionOwner(owner), recordOf<StoredVersion>(item))),
      );
      return { items, more: found.length > page.limit };
    },

    getHead,

    async listHeads(owner) {
      const heads: ScopeHead[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const result = await translateErrors(() =>
          readerOf(owner).send(
            new QueryCommand({
              TableName: tables.policies,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': policyKeys.headPartition(partitionOwner(owner)) },
              ConsistentRead: true,
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          ),
        );
        const content = contentOf(owner);
        heads.push(
          ...(await Promise.all((result.Items ?? []).map((item) => content.head(partitionOwner(owner), recordOf<StoredHead>(item))))),
        );
        start = result.LastEvaluatedKey;
      } while (start);
      return heads;
    },

    async publish(owner, write, change) {
      const ownerKey = partitionOwner(owner);
      const candidate = await get<StoredVersion>(owner, policyKeys.version(ownerKey, write.scope, write.version));
      if (!candidate) throw new NotFoundError('Policy version', `${write.scope}@${write.version}`);
      const content = headContentOf(tables.policies, ownerKey, candidate);
      const items: TransactItem[] = [
        {
          Update: {
            TableName: tables.policies,
            Key: policyKeys.head(ownerKey, write.scope),
            UpdateExpression: `SET activeVersion = :version, #content = :document, activeContentHash = :hash, revision = :next REMOVE ${otherHeadContent(content.name).join(', ')}`,
            ConditionExpression: 'revision = :expected',
            ExpressionAttributeNames: { '#content': content.name },
            ExpressionAttributeValues: {
              ':version': write.version,
              ':document': content.value,
              ':hash': candidate.contentHash,
              ':next': write.expectedRevision + 1,
              ':expected': write.expectedRevision,
            },
          },
        },
        {
          Update: {
            TableName: tables.policies,
            Key: policyKeys.version(ownerKey, write.scope, write.version),
            UpdateExpression:
              'SET #status = :active, publishedAt = :at, publishedBy = :by, publishReason = :reason REMOVE sunsetAt, deprecatedAt',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':active': 'active', ':at': write.publishedAt, ':by': write.publishedBy, ':reason': write.reason },
          },
        },
        ...(write.previous && write.previous.version !== write.version
          ? [
              {
                Update: {
                  TableName: tables.policies,
                  Key: policyKeys.version(ownerKey, write.scope, write.previous.version),
                  UpdateExpression: 'SET #status = :deprecated, deprecatedAt = :at, sunsetAt = :sunset',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':deprecated': 'deprecated', ':at': write.publishedAt, ':sunset': write.previous.sunsetAt },
                },
              },
            ]
          : []),
        ...content.items,
        bumpEpoch(owner),
        auditPut(change),
      ];
      await transactWrite(clientOf(owner), items, {
        streamedTables,
        onConditionFailed: () =>
          new ConflictError(`Scope ${write.scope} was published by someone else meanwhile; try again`, 'publish_conflict'),
      });
    },

    async getTestLibrary(owner) {
      const ownerKey = partitionOwner(owner);
      for (let read = 1; ; read++) {
        const stored = await get<StoredTestLibrary>(owner, policyKeys.testLibrary(ownerKey));
        if (!stored) return undefined;
        try {
          return await contentOf(owner).tests(ownerKey, stored);
        } catch (error) {
          // replaced (and its chunks deleted) between the two reads: read the new one
          if (!(error instanceof MissingChunksError) || read >= MAX_LIBRARY_READS) throw error;
        }
      }
    },

    async putTestLibrary(owner, { scenarios, ...library }, expectedVersion, change) {
      const ownerKey = partitionOwner(owner);
      const layout = layoutOrRefuse(compressJson(scenarios), 'policy_tests_too_large');
      const conflict = () => new ConflictError('The test library was changed by someone else meanwhile; try again', 'version_conflict');
      const current = expectedVersion === 0 ? undefined : await get<StoredTestLibrary>(owner, policyKeys.testLibrary(ownerKey));
      if (expectedVersion !== 0 && current?.version !== expectedVersion) throw conflict();
      await transactWrite(
        clientOf(owner),
        [
          {
            Put: {
              TableName: tables.policies,
              Item: {
                ...policyKeys.testLibrary(ownerKey),
                itemType: 'policy-tests',
                ...library,
                ...contentAttributes('scenarios', layout),
              },
              ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
              ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
            },
          },
          ...('chunks' in layout
            ? chunkPuts(tables.policies, testsContentPartition(ownerKey, library.version), layout.chunks, { onlyNew: false })
            : []),
          ...(current?.scenariosChunks
            ? chunkDeletes(tables.policies, testsContentPartition(ownerKey, current.version), current.scenariosChunks)
            : []),
          auditPut(change),
        ],
        { streamedTables, onConditionFailed: conflict },
      );
    },

    async getOrgEpoch() {
      const item = await get<{ epoch?: number }>({ kind: 'org' }, policyKeys.orgEpoch);
      return item?.epoch ?? 0;
    },
  };
}
