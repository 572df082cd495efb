/**
 * An audit log and its digests in memory, for the digest tests: records put by time and id land in
 * their partition as the DynamoDB store files them; the sealing job runs over them with a fixed
 * clock, through in-memory ports.
 */
import { type AuditPartition, auditPartitionOf } from '../../../shared/audit/audit-shards';
import { positionOf } from '../../../shared/audit/digest';
import { createDigestKeyRing } from '../../../shared/audit/digest-keys';
import type { AuditHourReader, DigestHead, DigestStore, PublicAuditRecord, StoredDigest } from '../../../shared/audit/digest-ports';
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

  const add = (record: PublicAuditRecord) => {
    const key = partitionKey(auditPartitionOf(TENANT, record.at, record.id));
    const list = partitions.get(key) ?? [];
    list.push(record);
    list.sort((a, b) => (positionOf(a) < positionOf(b) ? -1 : 1));
    partitions.set(key, list);
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
  const tenant = { id: TENANT, status: 'active', createdAt } as unknown as Tenant;
  const keys = createDigestKeyRing(SECRET);
  const sealing = createDigestSealing({
    tenancy: { listTenants: async () => ({ items: [tenant], more: false }) },
    store,
    reader,
    keys,
    clock,
    // The mechanics with a five-minute settle (the service's also waits for late local decisions: SETTLE_MS).
    settleMs: 5 * 60_000,
  });
  return { clock, add, all, store, reader, keys, sealing, digests: () => digests.get(TENANT) ?? [], heads };
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
