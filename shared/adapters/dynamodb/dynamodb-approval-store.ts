/**
 * The approval store on DynamoDB (control table, change records in the audit table). An approval
 * is listed by status through gsi1; the "open approval" of an (agent, request) is its own item,
 * created with the approval and deleted when it settles, so two concurrent asks join one approval.
 * Grants live in their agent's partition, read strongly consistent by the decision path.
 */
import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Approval } from '../../approvals/approval';
import type { AgentOwnership, ApprovalStore } from '../../approvals/approval-store';
import type { AccessRequest, Grant } from '../../approvals/grant';
import type { ChangeRecord } from '../../audit/change-record';
import { retrying } from '../../kernel/retry';
import { ConflictError, NotFoundError } from '../../kernel/errors';
import { changeItem, recordOf } from './item-mapping';
import { controlKeys } from './keys';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';
import { queryPage, queryRecords } from './query-pages';
import { type TransactItem, transactWrite } from './transact-write';

/** Settled approvals and access requests are kept this long (auditors have the change records for longer). */
const KEEP_SETTLED_SECONDS = 400 * 86_400;

const hashOf = (requestKey: string) => createHash('sha256').update(requestKey).digest('base64url');

export function createDynamoDbApprovalStore(clients: TenantClients, tables: { control: string; audit: string }): ApprovalStore {
  const streamedTables = new Set([tables.audit]);
  const auditPuts = (changes: readonly ChangeRecord[]): TransactItem[] =>
    changes.map((change) => ({
      Put: { TableName: tables.audit, Item: changeItem(change), ConditionExpression: 'attribute_not_exists(pk)' },
    }));
  const bumpEpoch = (tenantId: string): TransactItem => ({
    Update: {
      TableName: tables.control,
      Key: controlKeys.tenant(tenantId),
      UpdateExpression: 'ADD epoch :one',
      ExpressionAttributeValues: { ':one': 1 },
    },
  });
  const approvalItem = (approval: Approval) => ({
    ...controlKeys.approval(approval.tenantId, approval.id),
    ...controlKeys.approvalsByStatus(approval.tenantId, approval.status, approval.id),
    itemType: 'approval',
    ...(approval.status === 'pending' ? {} : { expiresAtEpoch: Math.floor(Date.parse(approval.updatedAt) / 1000) + KEEP_SETTLED_SECONDS }),
    ...approval,
  });
  const grantItem = (grant: Grant) => ({
    ...controlKeys.grant(grant.tenantId, grant.agentId, grant.id),
    ...controlKeys.grantListing(grant.tenantId, grant.id),
    itemType: 'grant',
    expiresAtEpoch: Math.ceil(Date.parse(grant.expiresAt) / 1000),
    ...grant,
  });

  async function get<T>(tenantId: string, key: { pk: string; sk: string }): Promise<T | undefined> {
    const result = await translateErrors(() =>
      clients.forTenant(tenantId).send(new GetCommand({ TableName: tables.control, Key: key, ConsistentRead: true })),
    );
    return result.Item ? recordOf<T>(result.Item) : undefined;
  }

  /** Every record of one partition of the table, strongly consistent. */
  const readPartition = <T>(tenantId: string, partition: string) =>
    queryRecords<T>(clients.forTenant(tenantId), {
      TableName: tables.control,
      ConsistentRead: true,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': partition },
    });

  return {
    async openOrJoin(approval, change) {
      const pointer = controlKeys.openApproval(approval.tenantId, hashOf(approval.requestKey));
      // A race lost to an approval that settled between our write and our read of it: try again.
      return retrying(
        async () => {
          try {
            await transactWrite(
              clients.forTenant(approval.tenantId),
              [
                {
                  Put: {
                    TableName: tables.control,
                    Item: { ...pointer, itemType: 'open-approval', approvalId: approval.id },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                { Put: { TableName: tables.control, Item: approvalItem(approval), ConditionExpression: 'attribute_not_exists(pk)' } },
                ...auditPuts([change]),
              ],
              { streamedTables, onConditionFailed: () => new ConflictError('An approval for this request is open', 'approval_open') },
            );
            return { approval, created: true };
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error;
            const open = await get<{ approvalId: string }>(approval.tenantId, pointer);
            const existing = open && (await get<Approval>(approval.tenantId, controlKeys.approval(approval.tenantId, open.approvalId)));
            if (existing?.status === 'pending') return { approval: existing, created: false };
            throw error;
          }
        },
        { attempts: 3, retryOn: (error) => error instanceof ConflictError },
      );
    },

    getApproval: (tenantId, approvalId) => get<Approval>(tenantId, controlKeys.approval(tenantId, approvalId)),

    listApprovals: (tenantId, status, page) =>
      queryPage<Approval>(
        clients.forTenant(tenantId),
        tables.control,
        { name: 'gsi1pk', value: controlKeys.approvalStatusPartition(tenantId, status) },
        page,
      ),

    async listRecentApprovals(tenantId, status, page) {
      const items = await queryRecords<Approval>(
        clients.forTenant(tenantId),
        {
          TableName: tables.control,
          IndexName: 'gsi1',
          KeyConditionExpression: page.since === undefined ? 'gsi1pk = :p' : 'gsi1pk = :p AND gsi1sk >= :since',
          ExpressionAttributeValues: {
            ':p': controlKeys.approvalStatusPartition(tenantId, status),
            ...(page.since === undefined ? {} : { ':since': page.since }),
          },
          ScanIndexForward: false,
        },
        page.limit + 1,
      );
      return { items: items.slice(0, page.limit), more: items.length > page.limit };
    },

    async saveApproval(next, expectedVersion, changes, grant, agentGuard) {
      const settled = next.status !== 'pending';
      const guard: TransactItem[] = agentGuard
        ? [
            {
              ConditionCheck: {
                TableName: tables.control,
                Key: controlKeys.agent(next.tenantId, agentGuard.agentId),
                ConditionExpression: 'version = :agentVersion',
                ExpressionAttributeValues: { ':agentVersion': agentGuard.agentVersion },
              },
            },
          ]
        : [];
      await transactWrite(
        clients.forTenant(next.tenantId),
        [
          ...auditPuts(changes),
          {
            Put: {
              TableName: tables.control,
              Item: approvalItem(next),
              ConditionExpression: 'version = :expected',
              ExpressionAttributeValues: { ':expected': expectedVersion },
            },
          },
          ...(settled
            ? [{ Delete: { TableName: tables.control, Key: controlKeys.openApproval(next.tenantId, hashOf(next.requestKey)) } }]
            : []),
          ...(grant ? [{ Put: { TableName: tables.control, Item: grantItem(grant) } }, bumpEpoch(next.tenantId)] : []),
          ...guard,
        ],
        { streamedTables, onConditionFailed: () => new ConflictError(`Approval ${next.id} was changed meanwhile`, 'version_conflict') },
      );
    },

    async getAgentOwnership(tenantId, agentId) {
      const result = await translateErrors(() =>
        clients.forTenant(tenantId).send(
          new GetCommand({
            TableName: tables.control,
            Key: controlKeys.agent(tenantId, agentId),
            ConsistentRead: true,
            ProjectionExpression: '#owner, ownerHistory, createdAt, createdBy, version',
            ExpressionAttributeNames: { '#owner': 'owner' },
          }),
        ),
      );
      return result.Item ? (result.Item as AgentOwnership) : undefined;
    },

    async setTaskToken(tenantId, approvalId, taskToken) {
      try {
        await translateErrors(
          () =>
            clients.forTenant(tenantId).send(
              new UpdateCommand({
                TableName: tables.control,
                Key: controlKeys.approval(tenantId, approvalId),
                UpdateExpression: 'SET taskToken = :token ADD version :one',
                ConditionExpression: '#status = :pending',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':token': taskToken, ':one': 1, ':pending': 'pending' },
              }),
            ),
          () => new ConflictError('The approval is not pending', 'approval_not_pending'),
        );
        return true;
      } catch (error) {
        if (error instanceof ConflictError) return false;
        throw error;
      }
    },

    async setExecution(tenantId, approvalId, executionArn) {
      await translateErrors(() =>
        clients.forTenant(tenantId).send(
          new UpdateCommand({
            TableName: tables.control,
            Key: controlKeys.approval(tenantId, approvalId),
            UpdateExpression: 'SET executionArn = :arn',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':arn': executionArn },
          }),
        ),
      );
    },

    grantsOf: (tenantId, agentId) => readPartition<Grant>(tenantId, controlKeys.grantPartition(tenantId, agentId)),

    listGrants: (tenantId, page) =>
      queryPage<Grant>(
        clients.forTenant(tenantId),
        tables.control,
        { name: 'gsi1pk', value: controlKeys.grantListingPartition(tenantId) },
        page,
      ),

    async getGrant(tenantId, grantId) {
      const result = await translateErrors(() =>
        clients.forTenant(tenantId).send(
          new QueryCommand({
            TableName: tables.control,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :p AND gsi1sk = :id',
            ExpressionAttributeValues: { ':p': controlKeys.grantListingPartition(tenantId), ':id': grantId },
          }),
        ),
      );
      const item = result.Items?.[0];
      return item ? recordOf<Grant>(item) : undefined;
    },

    async revokeGrant(grant, change) {
      try {
        await transactWrite(
          clients.forTenant(grant.tenantId),
          [
            ...auditPuts([change]),
            {
              Delete: {
                TableName: tables.control,
                Key: controlKeys.grant(grant.tenantId, grant.agentId, grant.id),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            bumpEpoch(grant.tenantId),
          ],
          { streamedTables, onConditionFailed: () => new NotFoundError('Grant', grant.id) },
        );
        return true;
      } catch (error) {
        if (error instanceof NotFoundError) return false;
        throw error;
      }
    },

    async putAccessRequest(request: AccessRequest, change) {
      await transactWrite(
        clients.forTenant(request.tenantId),
        [
          ...auditPuts([change]),
          {
            Put: {
              TableName: tables.control,
              Item: {
                ...controlKeys.accessRequest(request.tenantId, request.id),
                itemType: 'access-request',
                expiresAtEpoch: Math.floor(Date.parse(request.createdAt) / 1000) + KEEP_SETTLED_SECONDS,
                ...request,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
        { streamedTables },
      );
    },

    getAccessRequest: (tenantId, id) => get<AccessRequest>(tenantId, controlKeys.accessRequest(tenantId, id)),
  };
}
