/**
 * The items a batch of DynamoDB stream records inserted, as plain objects with their stream
 * position: what the audit table's stream consumers (the pipe's relay, the usage meter) read.
 * Modifications and removals (TTL) are passed over.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';

export function insertedItems(records: readonly DynamoDBRecord[]): { item: Record<string, unknown>; sequence: string | undefined }[] {
  return records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) return [];
    return [{ item: unmarshall(image as Record<string, AttributeValue> as never), sequence: record.dynamodb?.SequenceNumber }];
  });
}
