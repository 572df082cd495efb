/**
 * DynamoDB item sizes and request units by the rules of the DynamoDB Developer Guide ("DynamoDB
 * item sizes and formats", CapacityUnitCalculations): names and values in UTF-8 bytes, numbers
 * one byte per two significant digits plus one, booleans and nulls one byte, lists and maps three
 * bytes plus one byte per element. Works on items as the document client marshals them (plain
 * JavaScript values, `undefined` attributes removed), so the sizes are those of what Warden's
 * adapters really write.
 */

/** One write request unit covers this many bytes of item. */
export const WRITE_UNIT_BYTES = 1024;
/** One (strongly consistent) read request unit covers this many bytes of item. */
export const READ_UNIT_BYTES = 4096;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** Significant digits of a number as DynamoDB stores it (leading and trailing zeros trimmed). */
function significantDigits(value: number): number {
  if (!Number.isFinite(value)) throw new Error(`DynamoDB cannot store ${value}`);
  const digits = Math.abs(value).toExponential().split('e')[0]!.replace('.', '').replace(/0+$/, '');
  return Math.max(1, digits.length);
}

/** The size of a value (without its attribute name). */
export function valueSize(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number') return Math.ceil(significantDigits(value) / 2) + 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) {
    let size = 0;
    for (const member of value) size += valueSize(member);
    return size;
  }
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, element) => sum + 1 + valueSize(element), 0);
  if (typeof value === 'object') {
    let size = 3;
    for (const [name, element] of Object.entries(value as Record<string, unknown>)) {
      if (element === undefined) continue;
      size += 1 + utf8(name) + valueSize(element);
    }
    return size;
  }
  throw new Error(`Not a DynamoDB value: ${typeof value}`);
}

/** The size of an item: the sum of its attribute names and values. */
export function itemSize(item: Readonly<Record<string, unknown>>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += utf8(name) + valueSize(value);
  }
  return size;
}

/** Write request units of writing an item of `bytes` (a transactional write costs twice). */
export const writeUnits = (bytes: number, options: { transactional?: boolean } = {}): number =>
  Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES)) * (options.transactional ? 2 : 1);

/** Read request units of reading an item of `bytes` (eventually consistent: half). */
export const readUnits = (bytes: number, options: { consistent?: boolean; transactional?: boolean } = {}): number => {
  const units = Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
  if (options.transactional) return units * 2;
  return options.consistent ? units : units / 2;
};

/**
 * The item a global secondary index holds for a base item: with projection `ALL`, the whole item;
 * with `KEYS_ONLY`, the table's and the index's key attributes. (A write that puts an item into an
 * index costs write units of this size, at least one.)
 */
export function indexEntry(
  item: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  projection: 'ALL' | 'KEYS_ONLY',
): Record<string, unknown> {
  if (projection === 'ALL') return { ...item };
  return Object.fromEntries(keys.filter((key) => item[key] !== undefined).map((key) => [key, item[key]]));
}
