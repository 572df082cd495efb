/**
 * Audit-table items for the local stream reader's tests: written in a known order, and told apart
 * in what a reader hands over by their key's prefix.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { PipeRecord } from '../../infra/local/stream-pipe';
import type { TestTables } from './test-tables';

/**
 * Writes `count` audit items in order (`<prefix>-0000`, `<prefix>-0001`, ...), 25 to a call, one
 * call at a time: the stream then holds them in that order.
 */
export async function writeAuditItems(tables: TestTables, prefix: string, count: number): Promise<void> {
  for (let from = 0; from < count; from += 25) {
    const items = Array.from({ length: Math.min(25, count - from) }, (_, k) => ({
      PutRequest: { Item: { pk: `${prefix}#AUDIT#2026-11-24#${(from + k) % 8}`, sk: `${prefix}-${String(from + k).padStart(4, '0')}` } },
    }));
    await tables.documentClient.send(new BatchWriteCommand({ RequestItems: { [tables.names.audit]: items } }));
  }
}

/** The sort keys, in order, of the records handed over whose key starts with `prefix`. */
export const keysOf = (records: readonly PipeRecord[], prefix: string) =>
  records.map((record) => record.dynamodb.Keys?.sk?.S).filter((sk) => sk?.startsWith(prefix));
