/**
 * The audit digests' routes: listing a tenant's signed digests, verifying a range of its audit log
 * against them (at most 31 days and 100,000 records), and the public keys that verify digests.
 */
import * as z from 'zod';
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import type { Clock } from '../kernel/clock';
import { ValidationError } from '../kernel/errors';
import type { PageCursorCodec } from '../kernel/page-cursor';
import { paginate } from '../kernel/paginate';
import type { AuditReader } from './audit-reader';
import { HOUR, hourStartMs, publicAuditRecord } from './digest';
import type { DigestKeyRing } from './digest-keys';
import type { DigestStore, StoredDigest } from './digest-ports';
import { type VerifyResult, verifyAuditLog } from './digest-verify';

const DAY_MS = 86_400_000;
/** The longest range a listing or a verification covers. */
export const DIGEST_MAX_SPAN_DAYS = 31;
/** The most records one verification reads. */
export const VERIFY_MAX_RECORDS = 100_000;
/**
 * A page of digests ends once its digests hold this many leaves (about 100 bytes each), so an
 * answer stays well inside Lambda's 6 MB; a page always holds at least one digest.
 */
export const DIGEST_PAGE_MAX_LEAVES = 20_000;

const leavesOf = (digest: { leaves: Readonly<Record<string, readonly unknown[]>> }) =>
  Object.values(digest.leaves).reduce((sum, leaves) => sum + leaves.length, 0);

const RangeSchema = {
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
};

/** `GET .../audit/digests` query: digests of the hours from `from` to `to`, oldest first. */
export const DigestQuerySchema = z
  .object({ ...RangeSchema, limit: z.coerce.number().int().min(1).max(100).default(24), cursor: z.string().max(2048).optional() })
  .strict();
export type DigestQuery = z.infer<typeof DigestQuerySchema>;

/** `POST .../audit/verify` body. */
export const VerifyRequestSchema = z.object(RangeSchema).strict();
export type VerifyRequest = z.infer<typeof VerifyRequestSchema>;

/** The range as times, checked: `to` after `from`, at most DIGEST_MAX_SPAN_DAYS apart. */
function checkedRange(range: { from: string; to: string }, where: 'query' | 'body') {
  const fromMs = Date.parse(range.from);
  const toMs = Date.parse(range.to);
  if (toMs <= fromMs) throw new ValidationError('to is not after from', [{ path: 'to', message: 'must be after from', in: where }]);
  if (toMs - fromMs > DIGEST_MAX_SPAN_DAYS * DAY_MS)
    throw new ValidationError(`A range spans at most ${DIGEST_MAX_SPAN_DAYS} days`, [
      { path: 'to', message: `at most ${DIGEST_MAX_SPAN_DAYS} days after from`, in: where },
    ]);
  return { fromMs, toMs };
}

const iso = (ms: number) => new Date(ms).toISOString();

export interface AuditDigestsDeps {
  readonly store: DigestStore;
  readonly audit: AuditReader;
  readonly keys: Pick<DigestKeyRing, 'jwks'>;
  readonly cursors: PageCursorCodec;
  readonly clock: Clock;
}

/** A digest as the API serves it. */
const served = (digest: StoredDigest) => ({ sequence: digest.sequence, hour: digest.hour, jws: digest.jws, leaves: digest.leaves });

export function createAuditDigests(deps: AuditDigestsDeps) {
  /** The records of [from, to) in their public form; ValidationError beyond VERIFY_MAX_RECORDS. */
  async function recordsIn(tenantId: string, from: string, to: string) {
    const records: (Record<string, unknown> & { at: string; id: string })[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await deps.audit.listAudit({ tenantId, from, to }, { limit: 1000, ...(after === undefined ? {} : { after }) });
      for (const record of page.items) records.push(publicAuditRecord(record));
      if (records.length > VERIFY_MAX_RECORDS)
        throw new ValidationError(`A verification reads at most ${VERIFY_MAX_RECORDS} records; narrow the range`, [
          { path: 'from', message: `the range holds more than ${VERIFY_MAX_RECORDS} records`, in: 'body' },
        ]);
      const last = page.items[page.items.length - 1];
      if (!page.more || last === undefined) return records;
      after = `${last.at}#${last.id}`;
    }
  }

  /** Every digest of the hours [fromHour, toHour): at most 24 × 31 of them, plus the two around. */
  async function digestsAround(tenantId: string, fromHour: string, toHour: string) {
    const digests: StoredDigest[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await deps.store.list(tenantId, { fromHour, toHour }, { limit: 100, ...(after === undefined ? {} : { after }) });
      digests.push(...page.items);
      const last = page.items[page.items.length - 1];
      if (!page.more || last === undefined) break;
      after = last.hour;
    }
    const [before, next] = await Promise.all([
      deps.store.neighbour(tenantId, fromHour, 'before'),
      deps.store.neighbour(tenantId, digests[digests.length - 1]?.hour ?? fromHour, 'after'),
    ]);
    return {
      chainStart: before === undefined,
      digests: [...(before ? [before] : []), ...digests, ...(next && next.hour >= toHour ? [next] : [])],
    };
  }

  return {
    /** The tenant's signed digests of the hours in the range, oldest first. */
    async list(principal: OperatorPrincipal, tenantId: string, query: DigestQuery) {
      checkPermission(principal, 'audit:read', { tenantId });
      const { fromMs, toMs } = checkedRange(query, 'query');
      const range = { fromHour: iso(hourStartMs(fromMs)), toHour: iso(toMs) };
      return paginate({
        cursors: deps.cursors,
        binding: { tenantId, query: 'audit-digests', filters: { from: query.from, to: query.to } },
        request: { limit: query.limit, cursor: query.cursor },
        positionOf: (digest: ReturnType<typeof served>) => digest.hour,
        full: (digests) => digests.reduce((sum, digest) => sum + leavesOf(digest), 0) >= DIGEST_PAGE_MAX_LEAVES,
        fetch: async (page) => {
          const listed = await deps.store.list(tenantId, range, page);
          return { ...listed, items: listed.items.map(served) };
        },
      });
    },

    /** Verifies the tenant's records of [from, to) against its digests. */
    async verify(principal: OperatorPrincipal, tenantId: string, request: VerifyRequest): Promise<VerifyResult> {
      checkPermission(principal, 'audit:read', { tenantId });
      const { fromMs, toMs } = checkedRange(request, 'body');
      const window = { from: iso(fromMs), to: iso(toMs) };
      // The head first: every digest it counts is stored by then (a digest and its head move together).
      const head = await deps.store.head(tenantId);
      const [records, { chainStart, digests }] = await Promise.all([
        recordsIn(tenantId, window.from, window.to),
        digestsAround(tenantId, iso(hourStartMs(fromMs)), iso(hourStartMs(toMs - 1) + HOUR)),
      ]);
      return verifyAuditLog({
        tenantId,
        window,
        records,
        digests,
        chainStart,
        jwks: await deps.keys.jwks(deps.clock.nowMs()),
        ...(head ? { latestSequence: head.sequence } : {}),
      });
    },

    /** The public keys of every digest signed so far. */
    keys: () => deps.keys.jwks(deps.clock.nowMs()),
  };
}
export type AuditDigests = ReturnType<typeof createAuditDigests>;
