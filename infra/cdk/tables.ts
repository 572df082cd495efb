/**
 * The DynamoDB tables, one per manifest definition: on demand, point-in-time recovery, encrypted
 * (AWS owned key by default in TableV2; see docs/decisions/cdk-app.md), TTL and streams as defined.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, type ITableV2, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { type TableDefinition, TABLES, type TableId } from '../../shared/manifest/tables';

const attribute = (key: { name: string; type: 'S' | 'N' }) => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

function table(scope: Construct, definition: TableDefinition, removalPolicy: RemovalPolicy): TableV2 {
  return new TableV2(scope, `${definition.id[0]!.toUpperCase()}${definition.id.slice(1)}Table`, {
    partitionKey: attribute(definition.partitionKey),
    ...(definition.sortKey ? { sortKey: attribute(definition.sortKey) } : {}),
    billing: Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: TableEncryptionV2.awsManagedKey(),
    deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
    removalPolicy,
    ...(definition.ttlAttribute ? { timeToLiveAttribute: definition.ttlAttribute } : {}),
    ...(definition.stream
      ? { dynamoStream: definition.stream === 'NEW_IMAGE' ? StreamViewType.NEW_IMAGE : StreamViewType.NEW_AND_OLD_IMAGES }
      : {}),
    globalSecondaryIndexes: (definition.globalIndexes ?? []).map((index) => ({
      indexName: index.indexName,
      partitionKey: attribute(index.partitionKey),
      ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
    })),
  });
}

/** Every table of the manifest, by id. */
export function createTables(scope: Construct, removalPolicy: RemovalPolicy): Record<TableId, ITableV2 & TableV2> {
  return Object.fromEntries((Object.keys(TABLES) as TableId[]).map((id) => [id, table(scope, TABLES[id], removalPolicy)])) as Record<
    TableId,
    TableV2
  >;
}
