/**
 * The items a batch of DynamoDB stream records inserted, as plain objects with their stream
 * position: what the audit table's stream consumers (the pipe's relay, the usage meter) read.
 * Modifications and removals (TTL) are passed over.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';

/**
 * Items already read, by the image they were read from. The local runtime hands the same records
 * to every consumer of a stream (one process), which then read each image once; on AWS each
 * invocation has records of its own, and an entry lives only as long as its record. Consumers
 * read the items and never change them.
 */
const itemsOfImages = new WeakMap<object, Record<string, unknown>>();

export function insertedItems(records: readonly DynamoDBRecord[]): { item: Record<string, unknown>; sequence: string | undefined }[] {
  return records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) return [];
    let item = itemsOfImages.get(image);
    if (!item) {
      item = unmarshall(image as Record<string, AttributeValue> as never);
      itemsOfImages.set(image, item);
    }
    return [{ item, sequence: record.dynamodb?.SequenceNumber }];
  });
}
