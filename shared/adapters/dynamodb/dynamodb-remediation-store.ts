/**
 * Remediation in the control table: playbooks (`<t>#PLAYBOOK`, written with their change record
 * and kept at most MAX_PLAYBOOKS by a count item, `<t>#PLAYBOOK-COUNT`),
 * runs (`<t>#REMEDIATION`, kept 90 days), and each agent's run count per hour
 * (`<t>#REMEDIATION-COUNT#<agent>`, kept 2 days) for the rate limit.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../kernel/errors';
import { MAX_PLAYBOOKS, type Playbook } from '../../remediation/playbook';
import type { RemediationStore } from '../../remediation/remediation-ports';
import type { RemediationRun } from '../../remediation/remediation-run';
import { changeItem, recordOf } from './item-mapping';
import { controlKeys } from './keys';
import { queryPage, queryRecords } from './query-pages';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';
import { type TransactItem, transactWrite } from './transact-write';

const KEEP_RUN_SECONDS = 90 * 86_400;
const KEEP_COUNT_SECONDS = 2 * 86_400;

export function createDynamoDbRemediationStore(clients: TenantClients, tables: { control: string; audit: string }): RemediationStore {
  const table = tables.control;
  const streamed = { streamedTables: new Set([tables.audit]) };
  const auditPut = (change: Parameters<RemediationStore['recordChange']>[0]) => ({
    Put: { TableName: tables.audit, Item: changeItem(change), ConditionExpression: 'attribute_not_exists(pk)' },
  });
  const versioned = (expectedVersion: number | undefined) =>
    expectedVersion === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : {
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        };
  /** Moves the tenant's playbook count by `delta`, never past MAX_PLAYBOOKS. */
  const countBy = (tenantId: string, delta: 1 | -1): TransactItem => ({
    Update: {
      TableName: table,
      Key: controlKeys.playbookCount(tenantId),
      UpdateExpression: 'ADD playbooks :delta',
      ...(delta > 0
        ? {
            ConditionExpression: 'attribute_not_exists(playbooks) OR playbooks < :max',
            ExpressionAttributeValues: { ':delta': 1, ':max': MAX_PLAYBOOKS },
          }
        : { ExpressionAttributeValues: { ':delta': -1 } }),
    },
  });
  const runItem = (run: RemediationRun) => ({
    ...controlKeys.remediationRun(run.tenantId, run.id),
    itemType: 'remediation-run',
    ...run,
    expiresAtEpoch: Math.floor(Date.parse(run.startedAt) / 1000) + KEEP_RUN_SECONDS,
  });
  const get = async <T>(tenantId: string, key: { pk: string; sk: string }) => {
    const result = await translateErrors(() =>
      clients.forTenant(tenantId).send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true })),
    );
    return result.Item ? recordOf<T>(result.Item) : undefined;
  };

  return {
    getPlaybook: (tenantId, id) => get<Playbook>(tenantId, controlKeys.playbook(tenantId, id)),

    listPlaybooks: (tenantId) =>
      queryRecords<Playbook>(
        clients.forTenant(tenantId),
        {
          TableName: table,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': controlKeys.playbookPartition(tenantId) },
          ConsistentRead: true,
        },
        MAX_PLAYBOOKS,
      ),

    async putPlaybook(playbook, expectedVersion, change) {
      const creating = expectedVersion === undefined;
      await transactWrite(
        clients.forTenant(playbook.tenantId),
        [
          {
            Put: {
              TableName: table,
              Item: { ...controlKeys.playbook(playbook.tenantId, playbook.id), itemType: 'playbook', ...playbook },
              ...versioned(expectedVersion),
            },
          },
          auditPut(change),
          // A new playbook takes a place under the tenant's cap, however many are created at once.
          ...(creating ? [countBy(playbook.tenantId, 1)] : []),
        ],
        {
          ...streamed,
          onConditionFailed: (failed) =>
            failed.includes(2)
              ? new ConflictError(`A tenant has at most ${MAX_PLAYBOOKS} playbooks`, 'too_many_playbooks')
              : new ConflictError(`Playbook ${playbook.id} was changed meanwhile`, 'version_conflict'),
        },
      );
    },

    async deletePlaybook(tenantId, id, change) {
      try {
        await transactWrite(
          clients.forTenant(tenantId),
          [
            { Delete: { TableName: table, Key: controlKeys.playbook(tenantId, id), ConditionExpression: 'attribute_exists(pk)' } },
            auditPut(change),
            countBy(tenantId, -1),
          ],
          { ...streamed, onConditionFailed: () => new ConflictError('No such playbook', 'not_found') },
        );
        return true;
      } catch (error) {
        if (error instanceof ConflictError) return false;
        throw error;
      }
    },

    async createRun(run) {
      try {
        await translateErrors(
          () =>
            clients
              .forTenant(run.tenantId)
              .send(new PutCommand({ TableName: table, Item: runItem(run), ConditionExpression: 'attribute_not_exists(pk)' })),
          () => new ConflictError('Run exists', 'run_exists'),
        );
        return true;
      } catch (error) {
        if (error instanceof ConflictError) return false;
        throw error;
      }
    },

    getRun: (tenantId, runId) => get<RemediationRun>(tenantId, controlKeys.remediationRun(tenantId, runId)),

    async saveRun(run, expectedVersion) {
      await translateErrors(
        () => clients.forTenant(run.tenantId).send(new PutCommand({ TableName: table, Item: runItem(run), ...versioned(expectedVersion) })),
        () => new ConflictError(`Run ${run.id} was changed meanwhile`, 'version_conflict'),
      );
    },

    listRuns: (tenantId, page) =>
      queryPage<RemediationRun>(
        clients.forTenant(tenantId),
        table,
        { name: 'pk', value: controlKeys.remediationRunPartition(tenantId) },
        page,
        'descending',
      ),

    async countRun(tenantId, agentId, hour, runId, max) {
      try {
        await translateErrors(
          () =>
            clients.forTenant(tenantId).send(
              new UpdateCommand({
                TableName: table,
                Key: controlKeys.remediationCount(tenantId, agentId, hour),
                // The hour's runs as a set: counting a run again (a redelivered event) adds nothing.
                UpdateExpression: 'ADD runs :run SET expiresAtEpoch = if_not_exists(expiresAtEpoch, :expires)',
                ConditionExpression: 'attribute_not_exists(runs) OR size(runs) < :max OR contains(runs, :runId)',
                ExpressionAttributeValues: {
                  ':run': new Set([runId]),
                  ':runId': runId,
                  ':max': max,
                  ':expires': Math.floor(Date.parse(`${hour}:00:00Z`) / 1000) + KEEP_COUNT_SECONDS,
                },
              }),
            ),
          () => new ConflictError('Too many runs', 'rate_limited'),
        );
        return true;
      } catch (error) {
        if (error instanceof ConflictError) return false;
        throw error;
      }
    },

    async recordChange(change) {
      await translateErrors(() => clients.forTenant(change.tenantId).send(new PutCommand(auditPut(change).Put)));
    },
  };
}
