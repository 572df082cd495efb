/**
 * Reaching the running local runtime's tables from a test, through the real adapters: for tests
 * that must put state in place that no route makes on demand (what a scheduled job records, data
 * written before a rule existed). The endpoint comes from the runtime's start line in its log.
 */
import { readFileSync } from 'node:fs';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { singleClient, type TenantClients } from '../../shared/adapters/dynamodb/tenant-clients';
import { TABLES, type TableId } from '../../shared/manifest/tables';
import { localSdkConfig } from './test-tables';

/** The runtime's DynamoDB Local endpoint, as its start line names it. */
export function runtimeDynamoEndpoint(logFile: string): string {
  const match = /DynamoDB Local at (http:\/\/127\.0\.0\.1:\d+)/.exec(readFileSync(logFile, 'utf8'));
  if (!match?.[1]) throw new Error('the runtime log does not name its DynamoDB Local');
  return match[1];
}

/** A client on the runtime's DynamoDB Local and its physical table names (infra/local/runtime.ts). */
export function runtimeStores(logFile: string): { clients: TenantClients; tables: Record<TableId, string> } {
  const documentClient = createDocumentClient(localSdkConfig(runtimeDynamoEndpoint(logFile)));
  const tables = Object.fromEntries((Object.keys(TABLES) as TableId[]).map((id) => [id, `warden-${id}`])) as Record<TableId, string>;
  return { clients: singleClient(documentClient), tables };
}
