/**
 * Monitoring in the control table: settings and the detection job's cursor (`<t>#MONITORING`),
 * one baselines item per agent (`<t>#BASELINE`, known actions included: at most 200 keys of at most
 * ~400 characters, well under an item's 400 KB), anomalies by minute (`<t>#ANOMALY`, sort key
 * `<minute>#<agentId>#<kind>`), each written with its change record in one transaction.
 */
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, DependencyUnavailableError } from '../../kernel/errors';
import type { ChangeRecord } from '../../audit/change-record';
import { type Anomaly, anomalyPosition } from '../../monitoring/anomaly';
import type { Incident } from '../../monitoring/incident';
import type { AgentBaselines } from '../../monitoring/detectors';
import { storedSettingsOf } from '../../monitoring/monitoring-settings';
import type { MonitoringStore } from '../../monitoring/monitoring-store';
import { changeItem, recordOf } from './item-mapping';
import { controlKeys } from './keys';
import { queryPage } from './query-pages';
import { batchGet } from './batch-get';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';
import { type TransactItem, transactWrite } from './transact-write';

const ITEMS_PER_BATCH_WRITE = 25;
const ROUNDS = 5;
/** Baselines of agents not seen for this long go (TTL): they would have decayed to nothing. */
const KEEP_BASELINE_SECONDS = 30 * 86_400;
/** Anomalies are kept a year. */
const KEEP_ANOMALY_SECONDS = 365 * 86_400;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export function createDynamoDbMonitoringStore(clients: TenantClients, tables: { control: string; audit: string }): MonitoringStore {
  const table = tables.control;
  const getItem = async (tenantId: string, key: { pk: string; sk: string }) =>
    (await translateErrors(() => clients.forTenant(tenantId).send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))))
      .Item;

  /** An incident's item (from `expectedVersion`), its agent's open-incident pointer, and its change record. */
  const incidentWrites = (incident: Incident, expectedVersion: number | undefined, change: ChangeRecord): TransactItem[] => [
    {
      Put: {
        TableName: table,
        Item: { ...controlKeys.incident(incident.tenantId, incident.id), itemType: 'incident', ...incident },
        ...(expectedVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': expectedVersion },
            }),
      },
    },
    incident.status === 'resolved'
      ? { Delete: { TableName: table, Key: controlKeys.openIncident(incident.tenantId, incident.agentId) } }
      : {
          Put: {
            TableName: table,
            Item: { ...controlKeys.openIncident(incident.tenantId, incident.agentId), itemType: 'open-incident', incidentId: incident.id },
          },
        },
    { Put: { TableName: tables.audit, Item: changeItem(change), ConditionExpression: 'attribute_not_exists(pk)' } },
  ];

  return {
    async getSettings(tenantId) {
      const item = await getItem(tenantId, controlKeys.monitoringSettings(tenantId));
      return typeof item?.settingsJson === 'string' ? storedSettingsOf(JSON.parse(item.settingsJson)) : undefined;
    },

    async putSettings(tenantId, settings, change) {
      await transactWrite(
        clients.forTenant(tenantId),
        [
          {
            Put: {
              TableName: table,
              Item: {
                ...controlKeys.monitoringSettings(tenantId),
                itemType: 'monitoring-settings',
                settingsJson: JSON.stringify(settings),
              },
            },
          },
          { Put: { TableName: tables.audit, Item: changeItem(change), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
        { streamedTables: new Set([tables.audit]), onConditionFailed: () => new ConflictError('Already recorded', 'already_recorded') },
      );
    },

    async getCursor(tenantId) {
      const item = await getItem(tenantId, controlKeys.monitoringCursor(tenantId));
      return typeof item?.minute === 'string' ? item.minute : undefined;
    },

    async putCursor(tenantId, minute) {
      await translateErrors(() =>
        clients.forTenant(tenantId).send(
          new PutCommand({
            TableName: table,
            Item: { ...controlKeys.monitoringCursor(tenantId), itemType: 'monitoring-cursor', minute },
          }),
        ),
      );
    },

    async getBaselines(tenantId, agentIds) {
      const found = new Map<string, AgentBaselines>();
      const keys = agentIds.map((agentId) => controlKeys.baseline(tenantId, agentId));
      for (const item of await batchGet(clients.forTenant(tenantId), table, keys, { what: 'baselines', consistentRead: true }))
        found.set(String(item.sk), JSON.parse(String(item.baselinesJson)) as AgentBaselines);
      return found;
    },

    async putBaselines(tenantId, baselines) {
      const client = clients.forTenant(tenantId);
      const expiresAtEpoch = Math.floor(Date.now() / 1000) + KEEP_BASELINE_SECONDS;
      const items = [...baselines].map(([agentId, value]) => ({
        PutRequest: {
          Item: { ...controlKeys.baseline(tenantId, agentId), itemType: 'baseline', baselinesJson: JSON.stringify(value), expiresAtEpoch },
        },
      }));
      for (const chunk of chunks(items, ITEMS_PER_BATCH_WRITE)) {
        let pending = chunk;
        for (let round = 0; pending.length > 0; round++) {
          if (round === ROUNDS) throw new DependencyUnavailableError('Baselines could not be written');
          const result = await translateErrors(() => client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } })));
          pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
        }
      }
    },

    async recordAnomaly(anomaly, change, incident) {
      const incidentItems: TransactItem[] = incident ? incidentWrites(incident.next, incident.expectedVersion, incident.change) : [];
      try {
        await transactWrite(
          clients.forTenant(anomaly.tenantId),
          [
            {
              Put: {
                TableName: table,
                Item: {
                  ...controlKeys.anomaly(anomaly.tenantId, anomalyPosition(anomaly)),
                  itemType: 'anomaly',
                  ...anomaly,
                  expiresAtEpoch: Math.floor(Date.parse(anomaly.detectedAt) / 1000) + KEEP_ANOMALY_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: tables.audit, Item: changeItem(change), ConditionExpression: 'attribute_not_exists(pk)' } },
            ...incidentItems,
          ],
          { streamedTables: new Set([tables.audit]), onConditionFailed: () => new ConflictError('Already recorded', 'already_recorded') },
        );
        return true;
      } catch (error) {
        if (error instanceof ConflictError) return false;
        throw error;
      }
    },

    async hasAnomaly(tenantId, position) {
      return (await getItem(tenantId, controlKeys.anomaly(tenantId, position))) !== undefined;
    },

    async openIncidentOf(tenantId, agentId) {
      const pointer = await getItem(tenantId, controlKeys.openIncident(tenantId, agentId));
      if (typeof pointer?.incidentId !== 'string') return undefined;
      const incident = await getItem(tenantId, controlKeys.incident(tenantId, pointer.incidentId));
      return incident ? recordOf<Incident>(incident) : undefined;
    },

    async countOpenIncidents(tenantId) {
      // The open-incident pointers: one item per agent with an unresolved incident, counted without reading them.
      const partition = controlKeys.openIncident(tenantId, '').pk;
      let count = 0;
      let after: Record<string, unknown> | undefined;
      do {
        const result = await translateErrors(() =>
          clients.forTenant(tenantId).send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'pk = :p',
              ExpressionAttributeValues: { ':p': partition },
              Select: 'COUNT',
              ...(after ? { ExclusiveStartKey: after } : {}),
            }),
          ),
        );
        count += result.Count ?? 0;
        after = result.LastEvaluatedKey;
      } while (after);
      return count;
    },

    async getIncident(tenantId, incidentId) {
      const item = await getItem(tenantId, controlKeys.incident(tenantId, incidentId));
      return item ? recordOf<Incident>(item) : undefined;
    },

    listIncidents: (tenantId, page) =>
      queryPage<Incident>(
        clients.forTenant(tenantId),
        table,
        { name: 'pk', value: controlKeys.incidentPartition(tenantId) },
        page,
        'descending',
      ),

    async saveIncident(incident, expectedVersion, change) {
      await transactWrite(clients.forTenant(incident.tenantId), incidentWrites(incident, expectedVersion, change), {
        streamedTables: new Set([tables.audit]),
        onConditionFailed: () => new ConflictError(`Incident ${incident.id} changed meanwhile`, 'version_conflict'),
      });
    },

    async listAnomalies(tenantId, since, page) {
      const upper = page.after ?? '~';
      const result = await translateErrors(() =>
        clients.forTenant(tenantId).send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :p AND sk BETWEEN :since AND :upper',
            ExpressionAttributeValues: { ':p': controlKeys.anomalyPartition(tenantId), ':since': since, ':upper': upper },
            ScanIndexForward: false,
            Limit: page.limit + 2,
          }),
        ),
      );
      const items = (result.Items ?? [])
        .filter((item) => item.sk !== page.after)
        .map((item) => ({ ...recordOf<Anomaly>(item), position: String(item.sk) }));
      return { items: items.slice(0, page.limit), more: items.length > page.limit || result.LastEvaluatedKey !== undefined };
    },
  };
}
