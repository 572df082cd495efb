/**
 * The canonical JSON text of a value, one definition for everything Warden hashes or compares as
 * text (audit leaves, bundle ETags, policy contents, idempotency fingerprints): object keys sorted
 * by UTF-16 code units at every depth (as RFC 8785 orders them for the values these hold),
 * `undefined` members left out and `undefined` array items written `null` (as JSON.stringify
 * does), no whitespace.
 *
 * Written as loops that append to one string: this runs for every audit record the stream
 * delivers (its leaf hash), so it avoids the arrays a map/filter/join form allocates per object.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      text += (i === 0 ? '' : ',') + (item === undefined ? 'null' : canonicalJson(item));
    }
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
    first = false;
  }
  return `${text}}`;
}
