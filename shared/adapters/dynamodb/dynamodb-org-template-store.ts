/**
 * Organisation templates in the control table, outside any tenant (`~platform#…` partitions, which
 * every tenant may read and only the platform writes): each template's head (its latest version,
 * in `~platform#TEMPLATE` by id, so one query lists them), every version it has had
 * (`~platform#TEMPLATE_HISTORY#<id>`, by zero-padded number; written with the head in one
 * transaction, the head conditional on the version before), and the markers of required templates
 * (`~platform#TEMPLATE_REQUIRED`, by id). Each write carries its change record into the audit log.
 * Templates and parameters are stored as JSON text, so they read back exactly as written.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ChangeRecord } from '../../audit/change-record';
import { ConflictError } from '../../kernel/errors';
import type { OrgTemplateStore, OrgTemplateVersion, RequiredTemplate } from '../../templates/org-template-store';
import { changeItem, recordOf } from './item-mapping';
import { controlKeys } from './keys';
import { queryPage, queryRecords } from './query-pages';
import { translateErrors } from './sdk-errors';
import type { TenantClients } from './tenant-clients';
import { type TransactItem, transactWrite } from './transact-write';

type StoredVersion = Omit<OrgTemplateVersion, 'template'> & { readonly templateJson: string };
type StoredRequired = Omit<RequiredTemplate, 'parameters'> & { readonly parametersJson: string };

const versionOf = ({ templateJson, ...fields }: StoredVersion): OrgTemplateVersion => ({
  ...fields,
  template: JSON.parse(templateJson) as OrgTemplateVersion['template'],
});
const requiredOf = ({ parametersJson, ...fields }: StoredRequired): RequiredTemplate => ({
  ...fields,
  parameters: JSON.parse(parametersJson) as RequiredTemplate['parameters'],
});

export function createDynamoDbOrgTemplateStore(clients: TenantClients, tables: { control: string; audit: string }): OrgTemplateStore {
  // Writes only from the cross-tenant org-policy function; reads through the shared read-only client.
  const client = clients.platform;
  const streamedTables = new Set([tables.audit]);
  const auditPut = (change: ChangeRecord): TransactItem => ({
    Put: { TableName: tables.audit, Item: changeItem(change), ConditionExpression: 'attribute_not_exists(pk)' },
  });

  /** The first `limit` items of a platform partition, read through the shared client. */
  const readPartition = <T>(partition: string, limit: number) =>
    queryRecords<T>(
      clients.shared,
      {
        TableName: tables.control,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': partition },
        ConsistentRead: true,
      },
      limit,
    );

  return {
    async getTemplate(id) {
      const result = await translateErrors(() =>
        clients.shared.send(new GetCommand({ TableName: tables.control, Key: controlKeys.orgTemplate(id), ConsistentRead: true })),
      );
      return result.Item ? versionOf(recordOf<StoredVersion>(result.Item)) : undefined;
    },

    listTemplates: async (limit) => (await readPartition<StoredVersion>(controlKeys.orgTemplatePartition, limit)).map(versionOf),

    async putTemplate(saved, change) {
      const { template, ...fields } = saved;
      const stored: StoredVersion = { ...fields, templateJson: JSON.stringify(template) };
      await transactWrite(
        client,
        [
          {
            Put: {
              TableName: tables.control,
              Item: { ...controlKeys.orgTemplate(saved.id), itemType: 'org-template', ...stored },
              ...(saved.version === 1
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : { ConditionExpression: 'version = :previous', ExpressionAttributeValues: { ':previous': saved.version - 1 } }),
            },
          },
          {
            Put: {
              TableName: tables.control,
              Item: { ...controlKeys.orgTemplateVersion(saved.id, saved.version), itemType: 'org-template-version', ...stored },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          auditPut(change),
        ],
        {
          streamedTables,
          onConditionFailed: () => new ConflictError(`The template ${saved.id} was changed by someone else; try again`, 'version_conflict'),
        },
      );
    },

    async listVersions(id, page) {
      const found = await queryPage<StoredVersion>(
        clients.shared,
        tables.control,
        { name: 'pk', value: controlKeys.orgTemplateHistory(id) },
        { limit: page.limit, ...(page.after === undefined ? {} : { after: controlKeys.orgTemplateVersion(id, Number(page.after)).sk }) },
        'descending',
      );
      return { items: found.items.map(versionOf), more: found.more };
    },

    async putRequired(marker, change) {
      const { parameters, ...fields } = marker;
      const stored: StoredRequired = { ...fields, parametersJson: JSON.stringify(parameters) };
      await transactWrite(
        client,
        [
          {
            Put: {
              TableName: tables.control,
              Item: { ...controlKeys.requiredTemplate(marker.id), itemType: 'required-template', ...stored },
            },
          },
          auditPut(change),
        ],
        { streamedTables },
      );
    },

    listRequired: async (limit) => (await readPartition<StoredRequired>(controlKeys.requiredTemplatePartition, limit)).map(requiredOf),
  };
}
