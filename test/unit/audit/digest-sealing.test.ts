import { describe, expect, it } from 'vitest';
import { DigestPayloadSchema, hourStartMs } from '../../../shared/audit/digest';
import { CAPTURE_GRACE_MS, SETTLE_MS } from '../../../shared/audit/digest-sealing';
import { verifyAuditLog } from '../../../shared/audit/digest-verify';
import { DECISION_LOG_MAX_DELAY_HOURS, timelinessOf } from '../../../shared/decisions/decision-logs';
import { verifyJws } from '../../../shared/auth/bundle-keys';
import { DIGEST_JWS_TYPE } from '../../../shared/audit/digest';
import { textHash } from '../../../shared/audit/merkle';
import { decision, digestWorld, TENANT } from './digest-fixtures';

const payloadOf = async (world: ReturnType<typeof digestWorld>, jws: string) =>
  DigestPayloadSchema.parse((await verifyJws(jws, await world.keys.jwks(world.clock.nowMs()), DIGEST_JWS_TYPE)).payload);

describe('Function: createDigestSealing', () => {
  it('seals no hour a local decision could still be shipped into', () => {
    for (let nowMs = Date.parse('2026-12-01T10:00:00.000Z'); nowMs < Date.parse('2026-12-01T12:00:00.000Z'); nowMs += 60_000) {
      const oldestAccepted = nowMs - DECISION_LOG_MAX_DELAY_HOURS * 3_600_000;
      expect(timelinessOf(new Date(oldestAccepted).toISOString(), nowMs)).toBeUndefined();
      const lastSealedHourEnd = hourStartMs(nowMs - SETTLE_MS);
      expect(hourStartMs(oldestAccepted) + 3_600_000).toBeGreaterThan(lastSealedHourEnd);
    }
  });

  describe('Method: run', () => {
    it('seals each finished hour with records into one signed digest, chained to the one before', async () => {
      // Prepare
      const world = digestWorld();
      world.add(decision('2026-12-01T09:10:00.000Z'));
      world.add(decision('2026-12-01T09:50:00.000Z'));
      world.add(decision('2026-12-01T11:20:00.000Z'));
      world.clock.set(Date.parse('2026-12-01T12:06:00.000Z'));
      // Act
      const run = await world.sealing.run();
      // Assess
      expect(run).toMatchObject({ digests: 2, tenants: 1, failed: [] });
      const [first, second] = await Promise.all(world.digests().map((digest) => payloadOf(world, digest.jws)));
      expect(first).toMatchObject({
        sequence: 1,
        previous: null,
        from: '2026-12-01T08:00:00.000Z',
        hour: '2026-12-01T09:00:00.000Z',
        records: 2,
      });
      expect(second).toMatchObject({
        sequence: 2,
        previous: textHash(world.digests()[0]!.jws),
        from: '2026-12-01T10:00:00.000Z',
        hour: '2026-12-01T11:00:00.000Z',
        to: '2026-12-01T12:00:00.000Z',
        records: 1,
      });
      expect(world.heads.get('acme')).toMatchObject({ sequence: 2, through: '2026-12-01T12:00:00.000Z' });
    });

    it('leaves an hour that ended less than five minutes ago for the next run', async () => {
      const world = digestWorld();
      world.add(decision('2026-12-01T09:59:59.999Z'));
      world.clock.set(Date.parse('2026-12-01T10:04:00.000Z'));
      expect((await world.sealing.run()).digests).toBe(0);
      world.clock.set(Date.parse('2026-12-01T10:05:00.000Z'));
      expect((await world.sealing.run()).digests).toBe(1);
    });

    it('seals nothing twice: a second run in the same hour does nothing', async () => {
      const world = digestWorld();
      world.add(decision('2026-12-01T09:10:00.000Z'));
      world.clock.set(Date.parse('2026-12-01T10:30:00.000Z'));
      await world.sealing.run();
      expect((await world.sealing.run()).digests).toBe(0);
      expect(world.digests()).toHaveLength(1);
    });

    it('catches up over a quiet month a few days per run, with no digest for the empty days', async () => {
      const world = digestWorld();
      world.add(decision('2026-12-01T09:10:00.000Z'));
      world.clock.set(Date.parse('2026-12-01T10:30:00.000Z'));
      await world.sealing.run();
      world.add(decision('2026-12-29T16:00:00.000Z'));
      world.clock.set(Date.parse('2026-12-30T00:00:00.000Z'));
      const runs = [];
      for (let run = 0; run < 10; run++) runs.push((await world.sealing.run()).digests);
      expect(runs.reduce((sum, count) => sum + count, 0)).toBe(1);
      expect(runs[0]).toBe(0);
      const second = await payloadOf(world, world.digests()[1]!.jws);
      expect(second).toMatchObject({ sequence: 2, from: '2026-12-01T10:00:00.000Z', hour: '2026-12-29T16:00:00.000Z' });
    });

    describe('from the leaves the audit stream captured', () => {
      /** Verifies the world's table against its digests over the day. */
      const verify = async (world: ReturnType<typeof digestWorld>) =>
        verifyAuditLog({
          tenantId: TENANT,
          window: { from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z' },
          records: world.all(),
          digests: world.digests(),
          jwks: await world.keys.jwks(world.clock.nowMs()),
        });

      it('seals a record changed before its hour was sealed as it was written, so verifying names it', async () => {
        const world = digestWorld();
        const original = decision('2026-12-01T09:10:00.000Z');
        world.add(original);
        world.add(decision('2026-12-01T09:20:00.000Z'));
        world.tamper(original.id, { ...original, effect: 'deny' });
        world.clock.set(Date.parse('2026-12-01T10:30:00.000Z'));
        expect(await world.sealing.run()).toMatchObject({ digests: 1, waiting: 0 });
        expect((await verify(world)).firstBreak).toMatchObject({ kind: 'record-changed', recordId: original.id });
      });

      it("seals a record removed before its hour was sealed, even the hour's only one, so verifying names it", async () => {
        const world = digestWorld();
        const only = decision('2026-12-01T09:10:00.000Z');
        world.add(only);
        world.tamper(only.id);
        world.clock.set(Date.parse('2026-12-01T10:30:00.000Z'));
        expect((await world.sealing.run()).digests).toBe(1);
        expect(await payloadOf(world, world.digests()[0]!.jws)).toMatchObject({ hour: '2026-12-01T09:00:00.000Z', records: 1 });
        expect((await verify(world)).firstBreak).toMatchObject({ kind: 'record-removed', recordId: only.id });
      });

      it('holds an hour back while the table holds a record the stream has not delivered, then seals it as delivered', async () => {
        const world = digestWorld();
        world.add(decision('2026-12-01T09:10:00.000Z'));
        const late = decision('2026-12-01T10:15:00.000Z');
        world.write(late);
        world.clock.set(Date.parse('2026-12-01T11:30:00.000Z'));
        // The hour before is sealed; the held hour is not, and is looked at again next run.
        expect(await world.sealing.run()).toMatchObject({ digests: 1, waiting: 1 });
        expect(world.heads.get(TENANT)).toMatchObject({ sequence: 1, through: '2026-12-01T10:00:00.000Z' });
        world.capture(late);
        expect(await world.sealing.run()).toMatchObject({ digests: 1, waiting: 0 });
        const second = await payloadOf(world, world.digests()[1]!.jws);
        expect(second).toMatchObject({ hour: '2026-12-01T10:00:00.000Z', records: 1 });
        expect(second).not.toHaveProperty('uncaptured');
        expect((await verify(world)).verified).toBe(true);
      });

      it('seals an undelivered record from the table once the grace has run out, and says how many', async () => {
        const world = digestWorld();
        world.add(decision('2026-12-01T09:10:00.000Z'));
        world.write(decision('2026-12-01T09:40:00.000Z'));
        const settled = Date.parse('2026-12-01T10:05:00.000Z');
        world.clock.set(settled + CAPTURE_GRACE_MS - 60_000);
        expect(await world.sealing.run()).toMatchObject({ digests: 0, waiting: 1 });
        world.clock.set(settled + CAPTURE_GRACE_MS);
        expect(await world.sealing.run()).toMatchObject({ digests: 1, waiting: 0 });
        expect(await payloadOf(world, world.digests()[0]!.jws)).toMatchObject({ records: 2, uncaptured: 1 });
        expect((await verify(world)).verified).toBe(true);
      });
    });
  });
});
