/**
 * The policy store on DynamoDB. A scope's versions live in one partition (`<owner>#POLICY#<scope>`,
 * sorted by zero-padded number); its head (latest number, active version and document) in the
 * owner's `#POLICIES` partition, so one query loads every active document of a tenant.
 *
 * Saving is optimistic: read the head, then in one transaction move `latestVersion` from n to n+1
 * (conditional) and put version n+1 (conditional on absence) with its change record. A concurrent
 * save makes the condition fail and the loser retries with the next number, so parallel saves each
 * keep their version under a unique number.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ChangeRecord } from '../../audit/change-record';
import { ConflictError, DependencyUnavailableError, NotFoundError } from '../../kernel/errors';
import type { PolicyStore } from '../../policy-lifecycle/policy-store';
import type { PolicyOwner, PolicyVersion, ScopeHead, TestLibrary } from '../../policy-lifecycle/policy-version';
import { changeItem, recordOf } from './item-mapping';
import { controlKeys, ORG_PARTITION_OWNER, policyKeys } from './keys';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';
import { type TransactItem, transactWrite } from './transact-write';

export interface PolicyTables {
  readonly policies: string;
  readonly control: string;
  readonly audit: string;
}

/** How many times a save retries after losing a race for the next number. */
const MAX_SAVE_ATTEMPTS = 30;

/** Documents are stored as JSON text: exact, and free of DynamoDB's number and empty-value rules. */
interface StoredVersion extends Omit<PolicyVersion, 'document'> {
  readonly documentJson: string;
}
interface StoredHead extends Omit<ScopeHead, 'activeDocument'> {
  readonly activeDocumentJson?: string;
}

const partitionOwner = (owner: PolicyOwner) => (owner.kind === 'org' ? ORG_PARTITION_OWNER : owner.tenantId);

const toVersion = ({ documentJson, ...rest }: StoredVersion): PolicyVersion => ({ ...rest, document: JSON.parse(documentJson) as unknown });
const toHead = ({ activeDocumentJson, ...rest }: StoredHead): ScopeHead => ({
  ...rest,
  ...(activeDocumentJson === undefined ? {} : { activeDocument: JSON.parse(activeDocumentJson) as unknown }),
});

/** Creates the DynamoDB implementation of PolicyStore. */
export function createDynamoDbPolicyStore(clients: TenantClients, tables: PolicyTables): PolicyStore {
  const clientOf = (owner: PolicyOwner) => (owner.kind === 'org' ? clients.platform : clients.forTenant(owner.tenantId));
  const streamedTables = new Set([tables.audit]);
  const auditPut = (change: ChangeRecord): TransactItem => ({
    Put: { TableName: tables.audit, Item: changeItem(change), ConditionExpression: 'attribute_not_exists(pk)' },
  });

  async function get<T>(owner: PolicyOwner, key: { pk: string; sk: string }): Promise<T | undefined> {
    const result = await translateErrors(() => clientOf(owner).send(new GetCommand({ TableName: tables.policies, Key: key, ConsistentRead: true })));
    return result.Item ? recordOf<T>(result.Item) : undefined;
  }

  const getHead = async (owner: PolicyOwner, scope: string) => {
    const stored = await get<StoredHead>(owner, policyKeys.head(partitionOwner(owner), scope));
    return stored && toHead(stored);
  };

  /** The epoch bump that goes with a publish: the tenant record's epoch, or the org epoch item. */
  const bumpEpoch = (owner: PolicyOwner): TransactItem =>
    owner.kind === 'org'
      ? { Update: { TableName: tables.policies, Key: policyKeys.orgEpoch, UpdateExpression: 'ADD epoch :one', ExpressionAttributeValues: { ':one': 1 } } }
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
      for (let attempt = 1; ; attempt++) {
        const head = await getHead(owner, draft.scope);
        const previous = head?.latestVersion ?? 0;
        const version = previous + 1;
        const { document, ...fields } = draft;
        const stored: StoredVersion = { ...fields, version, documentJson: JSON.stringify(document) };
        try {
          await transactWrite(
            clientOf(owner),
            [
              {
                Update: {
                  TableName: tables.policies,
                  Key: policyKeys.head(ownerKey, draft.scope),
                  UpdateExpression: 'SET latestVersion = :version, #scope = :scope, revision = if_not_exists(revision, :zero), itemType = :type',
                  ConditionExpression: 'attribute_not_exists(pk) OR latestVersion = :previous',
                  ExpressionAttributeNames: { '#scope': 'scope' },
                  ExpressionAttributeValues: { ':version': version, ':previous': previous, ':scope': draft.scope, ':zero': 0, ':type': 'policy-head' },
                },
              },
              {
                Put: {
                  TableName: tables.policies,
                  Item: { ...policyKeys.version(ownerKey, draft.scope, version), itemType: 'policy-version', ...stored },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              auditPut(change(version)),
            ],
            { streamedTables, onConditionFailed: () => new ConflictError('Another version was saved meanwhile', 'version_race') },
          );
          return version;
        } catch (error) {
          const raced = (error instanceof ConflictError && error.code === 'version_race') || error instanceof DependencyUnavailableError;
          if (!raced || attempt >= MAX_SAVE_ATTEMPTS) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
        }
      }
    },

    async getVersion(owner, scope, version) {
      const stored = await get<StoredVersion>(owner, policyKeys.version(partitionOwner(owner), scope, version));
      return stored && toVersion(stored);
    },

    async listVersions(owner, scope, page) {
      const result = await translateErrors(() =>
        clientOf(owner).send(
          new QueryCommand({
            TableName: tables.policies,
            KeyConditionExpression: page.after === undefined ? 'pk = :pk' : 'pk = :pk AND sk < :after',
            ExpressionAttributeValues: {
              ':pk': policyKeys.versionPartition(partitionOwner(owner), scope),
              ...(page.after === undefined ? {} : { ':after': policyKeys.versionPosition(Number(page.after)) }),
            },
            ScanIndexForward: false,
            Limit: page.limit,
          }),
        ),
      );
      return { items: (result.Items ?? []).map((item) => toVersion(recordOf<StoredVersion>(item))), more: result.LastEvaluatedKey !== undefined };
    },

    getHead,

    async listHeads(owner) {
      const heads: ScopeHead[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const result = await translateErrors(() =>
          clientOf(owner).send(
            new QueryCommand({
              TableName: tables.policies,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': policyKeys.headPartition(partitionOwner(owner)) },
              ConsistentRead: true,
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          ),
        );
        heads.push(...(result.Items ?? []).map((item) => toHead(recordOf<StoredHead>(item))));
        start = result.LastEvaluatedKey;
      } while (start);
      return heads;
    },

    async publish(owner, write, change) {
      const ownerKey = partitionOwner(owner);
      const candidate = await get<StoredVersion>(owner, policyKeys.version(ownerKey, write.scope, write.version));
      if (!candidate) throw new NotFoundError('Policy version', `${write.scope}@${write.version}`);
      const items: TransactItem[] = [
        {
          Update: {
            TableName: tables.policies,
            Key: policyKeys.head(ownerKey, write.scope),
            UpdateExpression: 'SET activeVersion = :version, activeDocumentJson = :document, activeContentHash = :hash, revision = :next',
            ConditionExpression: 'revision = :expected',
            ExpressionAttributeValues: {
              ':version': write.version,
              ':document': candidate.documentJson,
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
            UpdateExpression: 'SET #status = :active, publishedAt = :at, publishedBy = :by, publishReason = :reason REMOVE sunsetAt, deprecatedAt',
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
        bumpEpoch(owner),
        auditPut(change),
      ];
      await transactWrite(clientOf(owner), items, {
        streamedTables,
        onConditionFailed: () => new ConflictError(`Scope ${write.scope} was published by someone else meanwhile; try again`, 'publish_conflict'),
      });
    },

    async getTestLibrary(owner) {
      const stored = await get<Omit<TestLibrary, 'scenarios'> & { scenariosJson: string }>(owner, policyKeys.testLibrary(partitionOwner(owner)));
      if (!stored) return undefined;
      const { scenariosJson, ...rest } = stored;
      return { ...rest, scenarios: JSON.parse(scenariosJson) as unknown[] };
    },

    async putTestLibrary(owner, { scenarios, ...library }, expectedVersion, change) {
      await transactWrite(
        clientOf(owner),
        [
          {
            Put: {
              TableName: tables.policies,
              Item: { ...policyKeys.testLibrary(partitionOwner(owner)), itemType: 'policy-tests', ...library, scenariosJson: JSON.stringify(scenarios) },
              ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
              ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
            },
          },
          auditPut(change),
        ],
        { streamedTables, onConditionFailed: () => new ConflictError('The test library was changed by someone else meanwhile; try again', 'version_conflict') },
      );
    },

    async getOrgEpoch() {
      const item = await get<{ epoch?: number }>({ kind: 'org' }, policyKeys.orgEpoch);
      return item?.epoch ?? 0;
    },
  };
}
