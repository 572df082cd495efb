import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { insertedItems } from '../../../functions/_lib/stream-records';

const record = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', sk: string, sequence: string): DynamoDBRecord => ({
  eventName,
  dynamodb: { NewImage: { pk: { S: 't1#AUDIT' }, sk: { S: sk }, request: { M: { action: { S: 'crm:read' } } } }, SequenceNumber: sequence },
});

describe('insertedItems', () => {
  it('reads the items of inserts with their stream positions, passing over changes and removals', () => {
    const items = insertedItems([
      record('INSERT', 'a', '1'),
      record('MODIFY', 'a', '2'),
      record('REMOVE', 'a', '3'),
      record('INSERT', 'b', '4'),
    ]);
    expect(items).toEqual([
      { item: { pk: 't1#AUDIT', sk: 'a', request: { action: 'crm:read' } }, sequence: '1' },
      { item: { pk: 't1#AUDIT', sk: 'b', request: { action: 'crm:read' } }, sequence: '4' },
    ]);
  });

  it('reads a record handed to several consumers once, and records alike in content each on its own', () => {
    const shared = record('INSERT', 'a', '1');
    const [first] = insertedItems([shared]);
    const [again] = insertedItems([shared]);
    const [lookalike] = insertedItems([record('INSERT', 'a', '1')]);
    expect(again!.item).toBe(first!.item);
    expect(lookalike!.item).not.toBe(first!.item);
    expect(lookalike!.item).toEqual(first!.item);
  });
});
