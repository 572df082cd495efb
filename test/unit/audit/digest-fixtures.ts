/**
 * An audit log and its digests in memory, for the digest tests: records put by time and id land in
 * their partition as the DynamoDB store files them, and their leaves are captured as the audit
 * stream's consumer would (unless a test holds the stream back); the sealing job runs over them
 * with a fixed clock, through in-memory ports.
 */
import { type AuditPartition, auditPartitionOf } from '../../../shared/audit/audit-shards';
import { hourStartMs, type Leaf, positionOf } from '../../../shared/audit/digest';
import { createDigestKeyRing } from '../../../shared/audit/digest-keys';
import type {
  AuditHourReader,
  CapturedLeafStore,
  DigestHead,
  DigestStore,
  PublicAuditRecord,
  StoredDigest,
} from '../../../shared/audit/digest-ports';
import { recordHash } from '../../../shared/audit/merkle';
import { createDigestSealing } from '../../../shared/audit/digest-sealing';
import { createFixedClock } from '../../../shared/kernel/clock';
import { ConflictError } from '../../../shared/kernel/errors';
import type { Tenant } from '../../../shared/tenancy/tenant';

export const SECRET = 'digest-test-secret-'.repeat(3);
export const TENANT = 'acme';
export const CREATED_AT = '2026-12-01T08:30:00.000Z';

const partitionKey = (partition: AuditPartition) => `${partition.tenantId}#${partition.day}#${partition.shard}`;

export function digestWorld(startMs = Date.parse('2026-12-01T09:00:00.000Z'), createdAt = CREATED_AT) {
  const clock = createFixedClock(startMs);
  const partitions = new Map<string, PublicAuditRecord[]>();
  const heads = new Map<string, DigestHead>();
  const digests = new Map<string, StoredDigest[]>();

  /** Captured leaves by hour, in capture order. */
  const capturedByHour = new Map<string, Leaf[]>();
  /** The stream delivers a record: its leaf is captured as it is now. */
  const capture = (record: PublicAuditRecord) => {
    const hour = new Date(hourStartMs(Date.parse(record.at))).toISOString();
    capturedByHour.set(hour, [...(capturedByHour.get(hour) ?? []), [positionOf(record), recordHash(record)]]);
  };
  /** Writes a record to the table only, as if the stream had not delivered it yet. */
  const write = (record: PublicAuditRecord) => {
    const key = partitionKey(auditPartitionOf(TENANT, record.at, record.id));
    const list = partitions.get(key) ?? [];
    list.push(record);
    list.sort((a, b) => (positionOf(a) < positionOf(b) ? -1 : 1));
    partitions.set(key, list);
  };
  /** Changes or removes a record in the table behind the stream's back (undefined removes it). */
  const tamper = (id: string, replacement?: PublicAuditRecord) => {
    for (const [key, list] of partitions)
      partitions.set(
        key,
        list.flatMap((record) => (record.id !== id ? [record] : replacement ? [replacement] : [])),
      );
  };
  /** Writes a record, and the stream delivers it. */
  const add = (record: PublicAuditRecord) => {
    write(record);
    capture(record);
  };
  const all = () => [...partitions.values()].flat().sort((a, b) => (positionOf(a) < positionOf(b) ? -1 : 1));

  const store: DigestStore = {
    head: async (tenantId) => heads.get(tenantId),
    async advance(tenantId, next, expected, digest) {
      const current = heads.get(tenantId);
      if (current?.sequence !== expected?.sequence || current?.through !== expected?.through) throw new ConflictError('moved', 'moved');
      heads.set(tenantId, next);
      if (digest) digests.set(tenantId, [...(digests.get(tenantId) ?? []), digest]);
    },
    async list(tenantId, range, page) {
      const items = (digests.get(tenantId) ?? []).filter(
        (digest) => digest.hour >= range.fromHour && digest.hour < range.toHour && (page.after === undefined || digest.hour > page.after),
      );
      return { items: items.slice(0, page.limit), more: items.length > page.limit };
    },
    async neighbour(tenantId, hour, side) {
      const list = digests.get(tenantId) ?? [];
      return side === 'before' ? list.filter((digest) => digest.hour < hour).at(-1) : list.find((digest) => digest.hour > hour);
    },
  };
  const reader: AuditHourReader = {
    records: async (partition, range) =>
      (partitions.get(partitionKey(partition)) ?? []).filter((record) => record.at >= range.from && record.at < range.to),
    firstRecordAt: async (tenantId, range) => all().find((record) => record.at >= range.from && record.at < range.to)?.at,
  };
  const captured: CapturedLeafStore = {
    async put(_tenantId, hour, _key, leaves) {
      capturedByHour.set(hour, [...(capturedByHour.get(hour) ?? []), ...leaves]);
    },
    async leavesOf(_tenantId, hour) {
      const first = new Map<string, string>();
      for (const [position, hash] of capturedByHour.get(hour) ?? []) if (!first.has(position)) first.set(position, hash);
      return [...first];
    },
    firstHour: async (_tenantId, range) => [...capturedByHour.keys()].filter((hour) => hour >= range.from && hour < range.to).sort()[0],
  };
  const tenant = { id: TENANT, status: 'active', createdAt } as unknown as Tenant;
  const keys = createDigestKeyRing(SECRET);
  const sealing = createDigestSealing({
    tenancy: { listTenants: async () => ({ items: [tenant], more: false }) },
    store,
    reader,
    captured,
    keys,
    clock,
    // The mechanics with a five-minute settle (the service's also waits for late local decisions: SETTLE_MS).
    settleMs: 5 * 60_000,
  });
  return { clock, add, write, capture, tamper, all, store, reader, keys, sealing, digests: () => digests.get(TENANT) ?? [], heads };
}

let counter = 0;
/** A decision record at `at` (ids sort by creation, like ULIDs). */
export function decision(at: string, fields: Record<string, unknown> = {}): PublicAuditRecord {
  counter += 1;
  return {
    id: `dec_${String(counter).padStart(6, '0')}`,
    at,
    kind: 'decision',
    tenantId: TENANT,
    effect: 'allow',
    agent: { id: 'agt_1', name: 'bot' },
    request: { action: 'work:do', resource: `r/${counter}`, context: { b: 1, a: [1, { y: 2, x: 1 }] } },
    ...fields,
  };
}
