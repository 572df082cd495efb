import { beforeEach, describe, expect, it } from 'vitest';
import type { JSONWebKeySet } from 'jose';
import { createDigestKeyRing } from '../../../shared/audit/digest-keys';
import type { StoredDigest } from '../../../shared/audit/digest-ports';
import { verifyAuditLog } from '../../../shared/audit/digest-verify';
import { decision, digestWorld, SECRET, TENANT } from './digest-fixtures';

const window = { from: '2026-12-01T08:00:00.000Z', to: '2026-12-01T14:00:00.000Z' };

describe('Function: verifyAuditLog', () => {
  let world: ReturnType<typeof digestWorld>;
  let records: ReturnType<typeof decision>[];
  let digests: StoredDigest[];
  let jwks: JSONWebKeySet;

  // Prepare: records in the hours 09, 10 and 12 (11 is empty), sealed at 13:10.
  beforeEach(async () => {
    world = digestWorld(Date.parse('2026-12-01T09:00:00.000Z'));
    for (const at of ['09:05', '09:20', '09:40', '10:15', '10:45', '12:01', '12:30', '12:59'])
      world.add(decision(`2026-12-01T${at}:00.000Z`));
    world.clock.set(Date.parse('2026-12-01T13:10:00.000Z'));
    const run = await world.sealing.run();
    expect(run).toMatchObject({ digests: 3, failed: [] });
    records = world.all();
    digests = world.digests();
    jwks = await world.keys.jwks(world.clock.nowMs());
  });

  const verify = (given: { records?: typeof records; digests?: StoredDigest[]; latestSequence?: number; keys?: JSONWebKeySet } = {}) =>
    verifyAuditLog({
      tenantId: TENANT,
      window,
      records: given.records ?? records,
      digests: given.digests ?? digests,
      jwks: given.keys ?? jwks,
      ...(given.latestSequence === undefined ? {} : { latestSequence: given.latestSequence }),
    });

  it('verifies an untouched log: every record checked, every digest chained', async () => {
    expect(await verify({ latestSequence: 3 })).toEqual({ verified: true, records: 8, digests: 3, unsealed: 0 });
  });

  it('reports the first record changed after its digest was signed', async () => {
    const changed = records.map((record, index) => (index === 3 || index === 6 ? { ...record, effect: 'deny' } : record));
    const result = await verify({ records: changed });
    expect(result.verified).toBe(false);
    expect(result.firstBreak).toMatchObject({ kind: 'record-changed', recordId: records[3]!.id, at: records[3]!.at, sequence: 2 });
  });

  it('catches a change deep inside a record (a key of its request context)', async () => {
    const changed = records.map((record, index) =>
      index === 0 ? { ...record, request: { ...(record.request as object), context: { b: 2 } } } : record,
    );
    expect((await verify({ records: changed })).firstBreak).toMatchObject({ kind: 'record-changed', recordId: records[0]!.id });
  });

  it('does not mistake the same record with its keys in another order for a change', async () => {
    const reordered = records.map((record) => Object.fromEntries(Object.entries(record).reverse()) as typeof record);
    expect((await verify({ records: reordered })).verified).toBe(true);
  });

  it('reports a record removed after its digest was signed', async () => {
    const result = await verify({ records: records.filter((_, index) => index !== 4) });
    expect(result.firstBreak).toMatchObject({ kind: 'record-removed', recordId: records[4]!.id, at: records[4]!.at });
  });

  it('reports a record inserted into an hour its digest holds', async () => {
    const forged = decision('2026-12-01T10:30:00.000Z');
    const result = await verify({ records: [...records, forged] });
    expect(result.firstBreak).toMatchObject({ kind: 'record-inserted', recordId: forged.id, sequence: 2 });
  });

  it('reports a record inserted into an hour a digest vouched was empty', async () => {
    const forged = decision('2026-12-01T11:30:00.000Z');
    const result = await verify({ records: [...records, forged] });
    expect(result.firstBreak).toMatchObject({ kind: 'record-inserted', recordId: forged.id, sequence: 3 });
  });

  it('names the earliest break when there are several', async () => {
    const forged = decision('2026-12-01T12:10:00.000Z');
    const result = await verify({ records: [...records.filter((_, index) => index !== 1), forged] });
    expect(result.firstBreak).toMatchObject({ kind: 'record-removed', recordId: records[1]!.id });
  });

  it('counts records after the last digest as unsealed, not as a break', async () => {
    const late = decision('2026-12-01T13:05:00.000Z');
    expect(await verify({ records: [...records, late] })).toMatchObject({ verified: true, records: 8, unsealed: 1 });
  });

  it('reports digests out of order', async () => {
    const result = await verify({ digests: [digests[0]!, digests[2]!, digests[1]!] });
    expect(result.firstBreak).toMatchObject({ kind: 'digest-reordered', at: '2026-12-01T10:00:00.000Z', sequence: 3 });
  });

  it('reports a digest removed from the middle of the chain', async () => {
    const result = await verify({ digests: [digests[0]!, digests[2]!] });
    expect(result.firstBreak).toMatchObject({ kind: 'digest-removed', sequence: 2, at: '2026-12-01T10:00:00.000Z' });
  });

  it('reports the newest digest removed when the server knows how many were sealed', async () => {
    const result = await verify({ digests: digests.slice(0, 2), latestSequence: 3 });
    expect(result.firstBreak).toMatchObject({ kind: 'digest-removed', sequence: 3 });
  });

  it('reports the first digests removed when the caller knows the chain starts with the first given', async () => {
    const result = await verifyAuditLog({ tenantId: TENANT, window, records, digests: digests.slice(1), jwks, chainStart: true });
    expect(result.firstBreak).toMatchObject({ kind: 'digest-removed', sequence: 1 });
    expect((await verifyAuditLog({ tenantId: TENANT, window, records, digests, jwks, chainStart: true })).firstBreak).toBeUndefined();
    const swapped = await verifyAuditLog({
      tenantId: TENANT,
      window,
      records,
      digests: [digests[1]!, digests[0]!, digests[2]!],
      jwks,
      chainStart: true,
    });
    expect(swapped.firstBreak).toMatchObject({ kind: 'digest-reordered', sequence: 2 });
  });

  it('reports a digest played twice as inserted', async () => {
    const result = await verify({ digests: [digests[0]!, digests[1]!, digests[1]!, digests[2]!] });
    expect(result.firstBreak).toMatchObject({ kind: 'digest-inserted', sequence: 2 });
  });

  it('reports a digest whose leaves were edited as changed', async () => {
    const edited = {
      ...digests[1]!,
      leaves: Object.fromEntries(Object.entries(digests[1]!.leaves).map(([shard, leaves]) => [shard, leaves.slice(1)])),
    };
    const result = await verify({ digests: [digests[0]!, edited, digests[2]!] });
    expect(result.firstBreak).toMatchObject({ kind: 'digest-changed', sequence: 2, hour: '2026-12-01T10:00:00.000Z' });
  });

  it('reports a digest signed with another key as changed', async () => {
    const other = createDigestKeyRing('another-secret-'.repeat(4));
    const payload = JSON.parse(Buffer.from(digests[1]!.jws.split('.')[1]!, 'base64url').toString('utf8'));
    const forged = { ...digests[1]!, jws: await other.sign(payload) };
    const result = await verify({ digests: [digests[0]!, forged, digests[2]!] });
    expect(result.firstBreak).toMatchObject({ kind: 'digest-changed', sequence: 2 });
    expect(result.firstBreak!.reason).toContain('signature');
  });

  it("refuses another tenant's digest", async () => {
    const result = await verifyAuditLog({ tenantId: 'other', window, records: [], digests, jwks });
    expect(result.firstBreak).toMatchObject({ kind: 'digest-changed' });
    expect(result.firstBreak!.reason).toContain("another tenant's digest");
  });

  it('checks only the leaves inside the window (a narrower range is not a removal)', async () => {
    const narrow = { from: '2026-12-01T10:00:00.000Z', to: '2026-12-01T10:30:00.000Z' };
    const inside = records.filter((record) => record.at >= narrow.from && record.at < narrow.to);
    const result = await verifyAuditLog({ tenantId: TENANT, window: narrow, records: inside, digests, jwks });
    expect(result).toMatchObject({ verified: true, records: 1 });
  });

  it('verifies digests signed in different months with that month’s key from one JWKS', async () => {
    const world2 = digestWorld(Date.parse('2026-12-31T22:00:00.000Z'), '2026-12-31T21:00:00.000Z');
    world2.add(decision('2026-12-31T22:30:00.000Z'));
    world2.clock.set(Date.parse('2026-12-31T23:10:00.000Z'));
    await world2.sealing.run();
    world2.add(decision('2026-12-31T23:30:00.000Z'));
    world2.clock.set(Date.parse('2027-01-01T00:10:00.000Z'));
    await world2.sealing.run();
    const [december, january] = world2
      .digests()
      .map((digest) => JSON.parse(Buffer.from(digest.jws.split('.')[0]!, 'base64url').toString()).kid);
    expect(december).not.toBe(january);
    const result = await verifyAuditLog({
      tenantId: TENANT,
      window: { from: '2026-12-31T00:00:00.000Z', to: '2027-01-01T01:00:00.000Z' },
      records: world2.all(),
      digests: world2.digests(),
      jwks: await createDigestKeyRing(SECRET).jwks(Date.parse('2027-01-01T00:10:00.000Z')),
    });
    expect(result).toMatchObject({ verified: true, records: 2, digests: 2 });
  });
});
