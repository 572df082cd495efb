/**
 * Table definitions: plain objects read by the CDK app (Table props) and by the local runtime
 * (CreateTable inputs), so both platforms have the same keys, indexes, TTL and streams.
 */

import type { FunctionVariable } from './function-environment';

export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface TableIndex {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

export interface TableDefinition {
  /** Short id used in the manifest (`tables` of a function) and in environment names. */
  readonly id: string;
  /** What the table holds. */
  readonly description: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalIndexes?: readonly TableIndex[];
  /** Attribute holding an epoch-seconds expiry, when items expire. */
  readonly ttlAttribute?: string;
  /** Stream view, when the table feeds events. */
  readonly stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
}

const pk: KeyAttribute = { name: 'pk', type: 'S' };
const sk: KeyAttribute = { name: 'sk', type: 'S' };
const gsi1: TableIndex = { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } };

/** Every table of Warden. Keys of tenant-scoped items always begin with the tenant id. */
export const TABLES = {
  control: {
    id: 'control',
    description: 'Tenants, teams, roles, agents and their API keys; usage counters and metric rollups.',
    partitionKey: pk,
    sortKey: sk,
    globalIndexes: [gsi1],
    ttlAttribute: 'expiresAtEpoch',
  },
  policies: {
    id: 'policies',
    description: 'Policy versions, the active version of each scope, test libraries (tenants and org).',
    partitionKey: pk,
    sortKey: sk,
  },
  audit: {
    id: 'audit',
    description: 'The audit log: decisions and changes. Its stream is the source of domain events.',
    partitionKey: pk,
    sortKey: sk,
    globalIndexes: [gsi1],
    ttlAttribute: 'expiresAtEpoch',
    stream: 'NEW_IMAGE',
  },
} as const satisfies Record<string, TableDefinition>;

export type TableId = keyof typeof TABLES;

/** Environment variable that carries a table's physical name to functions. */
export const tableEnvName = (id: TableId): FunctionVariable => `WARDEN_TABLE_${id.toUpperCase() as Uppercase<TableId>}`;
