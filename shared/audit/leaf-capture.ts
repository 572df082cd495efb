/**
 * Capturing the audit log's leaves from its stream (consumer `audit-leaves`): as each record is
 * written, the stream carries its new image; this hashes it with the digests' leaf hash and keeps
 * the hash with the record's position, per tenant and hour. The hour is then sealed from what was
 * written (shared/audit/digest-sealing.ts), not from what the table holds when the hour is sealed,
 * so a record changed or removed in between is caught like one changed afterwards. Nothing of this
 * runs on the decision path. At least once: a batch delivered again puts the same items again.
 */
import pLimit from 'p-limit';
import { hourStartMs, type Leaf, positionOf } from './digest';
import type { CapturedLeafStore, PublicAuditRecord } from './digest-ports';
import { recordHash } from './merkle';

/** A new audit record, its tenant and its place in the stream. */
export interface CapturedRecord {
  readonly tenantId: string;
  readonly record: PublicAuditRecord;
  /** The stream record's sequence number (a decimal string). */
  readonly sequence: string;
}

/** Leaves one item keeps at most: about 100 bytes each, well under DynamoDB's 400 KB. */
export const LEAVES_PER_CAPTURE = 1_000;
const WRITES_AT_ONCE = 8;
/** Stream sequence numbers are decimal strings of up to 40 digits: padded, they sort as numbers. */
const SEQUENCE_DIGITS = 40;

export function createLeafCapture(deps: { readonly store: CapturedLeafStore }) {
  return {
    /**
     * Keeps the leaves of a batch of new records: one item per tenant's hour (and per
     * LEAVES_PER_CAPTURE leaves), keyed by the stream position of its first record, so the items
     * of a batch delivered twice are the same items. Returns how many records were captured.
     */
    async capture(records: readonly CapturedRecord[]): Promise<number> {
      const groups = new Map<string, { tenantId: string; hour: string; first: string; leaves: Leaf[] }>();
      for (const { tenantId, record, sequence } of records) {
        const hour = new Date(hourStartMs(Date.parse(record.at))).toISOString();
        const key = `${tenantId}\u0000${hour}`;
        const group = groups.get(key) ?? { tenantId, hour, first: sequence.padStart(SEQUENCE_DIGITS, '0'), leaves: [] };
        groups.set(key, group);
        group.leaves.push([positionOf(record), recordHash(record)]);
      }
      const limit = pLimit(WRITES_AT_ONCE);
      await Promise.all(
        [...groups.values()].flatMap(({ tenantId, hour, first, leaves }) =>
          Array.from({ length: Math.ceil(leaves.length / LEAVES_PER_CAPTURE) }, (_, chunk) =>
            limit(() =>
              deps.store.put(
                tenantId,
                hour,
                `${first}#${String(chunk).padStart(3, '0')}`,
                leaves.slice(chunk * LEAVES_PER_CAPTURE, (chunk + 1) * LEAVES_PER_CAPTURE),
              ),
            ),
          ),
        ),
      );
      return records.length;
    },
  };
}
export type LeafCapture = ReturnType<typeof createLeafCapture>;
