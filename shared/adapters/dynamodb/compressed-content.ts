/**
 * Large JSON values in DynamoDB: compressed with brotli into a binary attribute of the item that
 * owns them, or, when that would pass DynamoDB's 400 KB item size, split into chunk items of one
 * partition of their own that a single Query reads back in order. Writers put the chunks in the
 * same transaction as their owner, so a value is never half written.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryRecords } from './query-pages';
import type { TransactItem } from './transact-write';

/** Largest compressed value kept on its owner item (leaves room for the owner's other attributes). */
export const INLINE_MAX_BYTES = 300_000;
/** Size of one chunk item's data. */
export const CHUNK_BYTES = 350_000;
/**
 * Most chunks one value may take: 3.5 MB, so a transaction with the chunks and a few small items
 * stays under TransactWriteItems' 4 MB (and far under its 100 items).
 */
export const MAX_CHUNKS = 10;

/** brotli quality 5: ~30× smaller policy JSON at ~10 ms per MB (quality 11 is ~2× smaller and ~100× slower). */
const QUALITY = 5;

/** A JSON value compressed, with the size of its JSON text. */
export interface CompressedJson {
  readonly bytes: Uint8Array;
  readonly jsonBytes: number;
}

/** Compresses the JSON text of `value`. */
export function compressJson(value: unknown): CompressedJson {
  const text = Buffer.from(JSON.stringify(value), 'utf8');
  const bytes = brotliCompressSync(text, {
    params: { [constants.BROTLI_PARAM_QUALITY]: QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: text.length },
  });
  return { bytes, jsonBytes: text.length };
}

/** The value whose compressed JSON `bytes` holds. */
export const decompressJson = (bytes: Uint8Array): unknown => JSON.parse(brotliDecompressSync(bytes).toString('utf8')) as unknown;

/** Where a compressed value goes: on its owner item, or in chunks; undefined when it is larger than MAX_CHUNKS chunks. */
export type ContentLayout = { readonly inline: Uint8Array } | { readonly chunks: readonly Uint8Array[] };

export function layoutOf(bytes: Uint8Array): ContentLayout | undefined {
  if (bytes.length <= INLINE_MAX_BYTES) return { inline: bytes };
  const count = Math.ceil(bytes.length / CHUNK_BYTES);
  if (count > MAX_CHUNKS) return undefined;
  return { chunks: Array.from({ length: count }, (_, index) => bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES)) };
}

/** Largest compressed value layoutOf accepts. */
export const MAX_STORED_BYTES = MAX_CHUNKS * CHUNK_BYTES;

const chunkKey = (partition: string, index: number) => ({ pk: partition, sk: `c#${String(index).padStart(3, '0')}` });

/** The puts of a value's chunks into `partition`; `onlyNew` makes each conditional on the chunk being absent. */
export function chunkPuts(table: string, partition: string, chunks: readonly Uint8Array[], options: { onlyNew: boolean }): TransactItem[] {
  return chunks.map((data, index) => ({
    Put: {
      TableName: table,
      Item: { ...chunkKey(partition, index), itemType: 'content-chunk', data },
      ...(options.onlyNew ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
    },
  }));
}

/** The deletes of `count` chunks of `partition`. */
export function chunkDeletes(table: string, partition: string, count: number): TransactItem[] {
  return Array.from({ length: count }, (_, index) => ({ Delete: { TableName: table, Key: chunkKey(partition, index) } }));
}

/** The chunks of a value are not all there (replaced by a newer value between two reads, or lost). */
export class MissingChunksError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingChunksError';
  }
}

/** Reads the `count` chunks of `partition` (one Query, following DynamoDB's 1 MB pages) and decompresses them. */
export async function readChunks(client: DynamoDBDocumentClient, table: string, partition: string, count: number): Promise<unknown> {
  const chunks = await queryRecords<{ data: Uint8Array }>(client, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': partition },
    ConsistentRead: true,
  });
  if (chunks.length !== count) throw new MissingChunksError(`Stored content ${partition} has ${chunks.length} of its ${count} chunks`);
  return decompressJson(Buffer.concat(chunks.map((chunk) => chunk.data)));
}
