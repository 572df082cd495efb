import { describe, expect, it } from 'vitest';
import { indexEntry, itemSize, readUnits, valueSize, writeUnits } from '../../../bench/cost/item-size';
import { loadMeasured } from '../../../bench/cost/cost-inputs';

describe('Function: itemSize', () => {
  it('counts a string attribute as its name and value in UTF-8 bytes', () => {
    // Prepare / Act / Assess
    expect(itemSize({ pk: 'abc' })).toBe(5);
    expect(itemSize({ name: 'héllo' })).toBe(4 + 6);
  });

  it('counts a number as one byte per two significant digits plus one, leading and trailing zeros trimmed', () => {
    expect(valueSize(123)).toBe(3);
    expect(valueSize(1000)).toBe(2);
    expect(valueSize(1804004843)).toBe(6);
    expect(valueSize(0.778)).toBe(3);
  });

  it('counts booleans and nulls as one byte', () => {
    expect(itemSize({ ok: true, gone: null })).toBe(2 + 1 + 4 + 1);
  });

  it('counts a map or list as three bytes plus one byte per element, with the names of a map', () => {
    expect(itemSize({ m: {} })).toBe(1 + 3);
    expect(itemSize({ l: ['ab', 'c'] })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(itemSize({ m: { id: 'x', n: 7 } })).toBe(1 + 3 + (1 + 2 + 1) + (1 + 1 + 2));
  });

  it('leaves out undefined attributes, as the document client does', () => {
    expect(itemSize({ a: 'x', b: undefined })).toBe(2);
  });
});

describe('Function: writeUnits', () => {
  it('charges one unit per started kilobyte, and twice in a transaction', () => {
    expect(writeUnits(1)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
    expect(writeUnits(1148, { transactional: true })).toBe(4);
  });
});

describe('Function: readUnits', () => {
  it('charges one unit per started 4 KB strongly consistent, half eventually consistent, twice transactional', () => {
    expect(readUnits(4096, { consistent: true })).toBe(1);
    expect(readUnits(4097, { consistent: true })).toBe(2);
    expect(readUnits(100)).toBe(0.5);
    expect(readUnits(100, { transactional: true })).toBe(2);
  });
});

describe('Function: indexEntry', () => {
  it('keeps only the key attributes with projection KEYS_ONLY, and the whole item with ALL', () => {
    const item = { pk: 'p', sk: 's', gsi1pk: 'g', gsi1sk: 'h', reason: 'long text' };
    expect(indexEntry(item, ['pk', 'sk', 'gsi1pk', 'gsi1sk'], 'KEYS_ONLY')).toEqual({ pk: 'p', sk: 's', gsi1pk: 'g', gsi1sk: 'h' });
    expect(indexEntry(item, ['pk', 'sk', 'gsi1pk', 'gsi1sk'], 'ALL')).toEqual(item);
  });
});

describe('Data: bench/cost/measured.json', () => {
  it('has the audit item write units by the rules equal to what DynamoDB Local consumed for it, in the table and in gsi1', () => {
    const measured = loadMeasured();
    expect(measured.dynamodb.single.tableWriteUnits).toBe(measured.auditItem.writeUnits);
    expect(measured.dynamodb.single.indexWriteUnits).toBe(writeUnits(measured.auditItem.gsi1.bytes));
  });

  it('has attribute sizes that add up to the item size', () => {
    const { auditItem } = loadMeasured();
    expect(Object.values(auditItem.attributes).reduce((sum, bytes) => sum + bytes, 0)).toBe(auditItem.bytes);
  });
});
