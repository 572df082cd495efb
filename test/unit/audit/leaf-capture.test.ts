import { describe, expect, it } from 'vitest';
import { positionOf, type Leaf } from '../../../shared/audit/digest';
import type { CapturedLeafStore } from '../../../shared/audit/digest-ports';
import { type CapturedRecord, createLeafCapture, LEAVES_PER_CAPTURE } from '../../../shared/audit/leaf-capture';
import { recordHash } from '../../../shared/audit/merkle';
import { decision } from './digest-fixtures';

/** A store that keeps every put, keyed as the DynamoDB store keys its items. */
function recordingStore() {
  const items = new Map<string, readonly Leaf[]>();
  const store: CapturedLeafStore = {
    async put(tenantId, hour, key, leaves) {
      items.set(`${tenantId}|${hour}|${key}`, leaves);
    },
    leavesOf: async () => [],
    firstHour: async () => undefined,
  };
  return { store, items };
}

const captured = (tenantId: string, at: string, sequence: number): CapturedRecord => ({
  tenantId,
  record: { ...decision(at), tenantId },
  sequence: String(sequence),
});

describe('Function: createLeafCapture', () => {
  describe('Method: capture', () => {
    it("keeps each record's position and leaf hash under its tenant's hour", async () => {
      const { store, items } = recordingStore();
      const batch = [
        captured('acme', '2026-12-01T09:59:59.999Z', 101),
        captured('acme', '2026-12-01T10:00:00.000Z', 102),
        captured('globex', '2026-12-01T09:30:00.000Z', 103),
        captured('acme', '2026-12-01T09:10:00.000Z', 104),
      ];
      expect(await createLeafCapture({ store }).capture(batch)).toBe(4);
      const leaf = (index: number): Leaf => [positionOf(batch[index]!.record), recordHash(batch[index]!.record)];
      const first = (sequence: number) => `${String(sequence).padStart(40, '0')}#000`;
      expect(Object.fromEntries(items)).toEqual({
        [`acme|2026-12-01T09:00:00.000Z|${first(101)}`]: [leaf(0), leaf(3)],
        [`acme|2026-12-01T10:00:00.000Z|${first(102)}`]: [leaf(1)],
        [`globex|2026-12-01T09:00:00.000Z|${first(103)}`]: [leaf(2)],
      });
    });

    it('puts the same items again when a batch is delivered again', async () => {
      const { store, items } = recordingStore();
      const batch = [captured('acme', '2026-12-01T09:10:00.000Z', 7), captured('acme', '2026-12-01T09:11:00.000Z', 8)];
      await createLeafCapture({ store }).capture(batch);
      const once = new Map(items);
      await createLeafCapture({ store }).capture(batch);
      expect(items).toEqual(once);
      expect(items.size).toBe(1);
    });

    it(`splits an hour's leaves into items of at most ${LEAVES_PER_CAPTURE}`, async () => {
      const { store, items } = recordingStore();
      const batch = Array.from({ length: LEAVES_PER_CAPTURE + 5 }, (_, index) =>
        captured('acme', new Date(Date.parse('2026-12-01T09:00:00.000Z') + index * 1000).toISOString(), 500 + index),
      );
      await createLeafCapture({ store }).capture(batch);
      expect([...items.values()].map((leaves) => leaves.length)).toEqual([LEAVES_PER_CAPTURE, 5]);
      expect([...items.keys()].map((key) => key.slice(-3))).toEqual(['000', '001']);
    });
  });
});
