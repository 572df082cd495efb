/**
 * Verifying the audit log against its digests, the same way on the server and offline (the CLI):
 * each digest's signature and leaves, the chain from one digest to the next, and every record of
 * the window against the leaves of the digest of its hour. The answer names the first break in
 * time order: a record changed, removed or inserted, or a digest changed, removed, inserted or out
 * of order. Pure: the caller brings the records, the digests and the public keys.
 */
import type { JSONWebKeySet } from 'jose';
import { verifyJws } from '../auth/bundle-keys';
import { DIGEST_JWS_TYPE, type DigestPayload, DigestPayloadSchema, type Leaf, positionOf, type SignedDigest } from './digest';
import { merkleRoot, recordHash, textHash } from './merkle';
import { auditShardOf } from './audit-shards';

export type BreakKind =
  'record-changed' | 'record-removed' | 'record-inserted' | 'digest-changed' | 'digest-removed' | 'digest-inserted' | 'digest-reordered';

/** Where the log stops matching its digests. */
export interface VerifyBreak {
  readonly kind: BreakKind;
  /** The time of the break: the record's time, or where the chain stops holding. */
  readonly at: string;
  readonly recordId?: string;
  readonly shard?: number;
  /** The digest concerned (its sequence number and hour), when there is one. */
  readonly sequence?: number;
  readonly hour?: string;
  readonly reason: string;
}

export interface VerifyResult {
  readonly verified: boolean;
  /** Records of the window checked against a digest. */
  readonly records: number;
  /** Digests whose signature and chain held. */
  readonly digests: number;
  /** Records of the window no digest given covers yet (written after the last one was sealed). */
  readonly unsealed: number;
  readonly firstBreak?: VerifyBreak;
}

export interface VerifyInput {
  readonly tenantId: string;
  /** Records with `at` in [from, to) are checked; so are the digests' leaves in it. */
  readonly window: { readonly from: string; readonly to: string };
  /** Every record of the tenant in the window, in their public form (as the audit API returns them). */
  readonly records: readonly (Record<string, unknown> & { at: string; id: string })[];
  /** The digests around the window in the order they are stored (by hour). */
  readonly digests: readonly SignedDigest[];
  readonly jwks: JSONWebKeySet;
  /** The latest sequence sealed (the server knows it): a chain ending before it lost its last digests. */
  readonly latestSequence?: number;
  /** The first digest given is the tenant's first (the server found none before it): it must be number 1. */
  readonly chainStart?: boolean;
}

/** Breaks rank by time; at the same time a digest's break comes before a record's. */
const RANK: Record<BreakKind, number> = {
  'digest-changed': 0,
  'digest-removed': 0,
  'digest-inserted': 0,
  'digest-reordered': 0,
  'record-removed': 1,
  'record-changed': 1,
  'record-inserted': 1,
};
const earlier = (a: VerifyBreak, b: VerifyBreak | undefined) =>
  b === undefined || a.at < b.at || (a.at === b.at && RANK[a.kind] < RANK[b.kind]);

/** The payload a JWS claims, unverified (only to say where a digest that fails was). */
function claimedPayload(jws: string): Partial<DigestPayload> {
  try {
    return JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as Partial<DigestPayload>;
  } catch {
    return {};
  }
}

/** Checks one digest on its own: its signature, its tenant, its leaves against its roots. */
async function checkDigest(digest: SignedDigest, tenantId: string, jwks: JSONWebKeySet): Promise<DigestPayload | string> {
  let payload: DigestPayload;
  try {
    const parsed = DigestPayloadSchema.safeParse((await verifyJws(digest.jws, jwks, DIGEST_JWS_TYPE)).payload);
    if (!parsed.success) return 'its payload is not a digest';
    payload = parsed.data as DigestPayload;
  } catch {
    return 'its signature does not verify with the published keys';
  }
  if (payload.tenantId !== tenantId) return "it is another tenant's digest";
  const shards = new Set(payload.partitions.map((partition) => String(partition.shard)));
  for (const [shard, leaves] of Object.entries(digest.leaves))
    if (leaves.length > 0 && !shards.has(shard)) return `it lists leaves of shard ${shard}, which it does not sign`;
  for (const partition of payload.partitions) {
    const leaves = digest.leaves[String(partition.shard)] ?? [];
    if (leaves.length !== partition.count || merkleRoot(leaves.map((leaf) => leaf[1])) !== partition.root)
      return `its leaves of shard ${partition.shard} do not make the signed root`;
    for (let i = 1; i < leaves.length; i++)
      if (leaves[i - 1]![0] >= leaves[i]![0]) return `its leaves of shard ${partition.shard} are out of order`;
  }
  return payload;
}

interface Accepted {
  readonly payload: DigestPayload;
  readonly digest: SignedDigest;
}

/** Verifies the window's records against the digests; see the module comment. */
export async function verifyAuditLog(input: VerifyInput): Promise<VerifyResult> {
  // Times compared as text must be in one form (toISOString's, with milliseconds).
  const window = { from: new Date(Date.parse(input.window.from)).toISOString(), to: new Date(Date.parse(input.window.to)).toISOString() };
  let firstBreak: VerifyBreak | undefined;
  const report = (found: VerifyBreak) => {
    if (earlier(found, firstBreak)) firstBreak = found;
  };

  // 1. Each digest, then the chain in the order given.
  const checked = await Promise.all(input.digests.map((digest) => checkDigest(digest, input.tenantId, input.jwks)));
  const present = new Set(checked.flatMap((payload) => (typeof payload === 'string' ? [] : [payload.sequence])));
  const seen = new Set<number>();
  const accepted: Accepted[] = [];
  for (const [index, result] of checked.entries()) {
    const digest = input.digests[index]!;
    const last = accepted[accepted.length - 1];
    const chainAt = last?.payload.to ?? window.from;
    if (typeof result === 'string') {
      const claimed = claimedPayload(digest.jws);
      report({
        kind: 'digest-changed',
        at: typeof claimed.hour === 'string' ? claimed.hour : chainAt,
        ...(typeof claimed.sequence === 'number' ? { sequence: claimed.sequence } : {}),
        ...(typeof claimed.hour === 'string' ? { hour: claimed.hour } : {}),
        reason: `The digest at position ${index + 1} was changed: ${result}`,
      });
      continue;
    }
    const where = { sequence: result.sequence, hour: result.hour };
    if (last === undefined) {
      if (input.chainStart && (result.sequence !== 1 || result.previous !== null))
        report(
          present.has(1) && result.sequence !== 1
            ? { kind: 'digest-reordered', at: result.from, ...where, reason: `Digest ${result.sequence} comes before digest 1` }
            : {
                kind: 'digest-removed',
                at: result.from,
                sequence: 1,
                reason: `Digest ${result.sequence} is the first one found: the digests before it are missing`,
              },
        );
      seen.add(result.sequence);
      accepted.push({ payload: result, digest });
      continue;
    }
    const expected = last.payload.sequence + 1;
    if (result.sequence < expected) {
      report({
        kind: seen.has(result.sequence) ? 'digest-inserted' : 'digest-reordered',
        at: chainAt,
        ...where,
        reason: seen.has(result.sequence)
          ? `Digest ${result.sequence} appears again after digest ${last.payload.sequence}`
          : `Digest ${result.sequence} comes after digest ${last.payload.sequence}`,
      });
      seen.add(result.sequence);
      continue;
    }
    seen.add(result.sequence);
    if (result.sequence > expected) {
      const reordered = present.has(expected);
      report({
        kind: reordered ? 'digest-reordered' : 'digest-removed',
        at: chainAt,
        ...(reordered ? where : { sequence: expected }),
        reason: reordered
          ? `Digest ${result.sequence} comes before digest ${expected}`
          : `Digest ${expected} is missing: digest ${last.payload.sequence} is followed by digest ${result.sequence}`,
      });
      if (reordered) continue;
    } else if (result.previous !== textHash(last.digest.jws) || result.from !== last.payload.to) {
      report({
        kind: 'digest-changed',
        at: chainAt,
        ...where,
        reason: `Digest ${result.sequence} does not follow digest ${last.payload.sequence}`,
      });
      continue;
    }
    accepted.push({ payload: result, digest });
  }
  const newest = accepted[accepted.length - 1];
  if (newest && input.latestSequence !== undefined && newest.payload.sequence < input.latestSequence && newest.payload.to < window.to)
    report({
      kind: 'digest-removed',
      at: newest.payload.to,
      sequence: newest.payload.sequence + 1,
      reason: `Digest ${newest.payload.sequence + 1} is missing: digest ${newest.payload.sequence} is the last one found, ${input.latestSequence} were sealed`,
    });

  // 2. The records of the window, against the digest of their hour.
  const inWindow = (position: string) => position >= window.from && position < window.to;
  const spans = accepted.map(({ payload }) => payload);
  const byDigest = new Map<number, Map<number, Leaf[]>>();
  let records = 0;
  let unsealed = 0;
  for (const record of input.records) {
    if (!(record.at >= window.from && record.at < window.to)) continue;
    const span = spans.find((payload) => record.at >= payload.from && record.at < payload.to);
    if (!span) {
      unsealed += 1;
      continue;
    }
    records += 1;
    if (record.at < span.hour) {
      report({
        kind: 'record-inserted',
        at: record.at,
        recordId: record.id,
        sequence: span.sequence,
        reason: `Record ${record.id} is in a span digest ${span.sequence} says held no records`,
      });
      continue;
    }
    const shards = byDigest.get(span.sequence) ?? new Map<number, Leaf[]>();
    byDigest.set(span.sequence, shards);
    const shard = auditShardOf(record.id);
    const leaves = shards.get(shard) ?? [];
    shards.set(shard, leaves);
    leaves.push([positionOf(record), recordHash(record)]);
  }
  for (const { payload, digest } of accepted) {
    const found = byDigest.get(payload.sequence) ?? new Map<number, Leaf[]>();
    for (const shard of new Set([...payload.partitions.map((partition) => partition.shard), ...found.keys()])) {
      const signed = (digest.leaves[String(shard)] ?? []).filter((leaf) => inWindow(leaf[0]));
      const actual = (found.get(shard) ?? []).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const compared = { sequence: payload.sequence, hour: payload.hour, shard };
      // Both lists in sort-key order: walk them together; the first difference is this partition's break.
      for (let i = 0, j = 0; i < signed.length || j < actual.length;) {
        const want = signed[i];
        const have = actual[j];
        if (want && have && want[0] === have[0]) {
          if (want[1] !== have[1]) {
            report({
              kind: 'record-changed',
              at: atOf(have[0]),
              recordId: idOf(have[0]),
              ...compared,
              reason: `Record ${idOf(have[0])} was changed after digest ${payload.sequence} was signed`,
            });
            break;
          }
          i += 1;
          j += 1;
        } else if (want && (!have || want[0] < have[0])) {
          report({
            kind: 'record-removed',
            at: atOf(want[0]),
            recordId: idOf(want[0]),
            ...compared,
            reason: `Record ${idOf(want[0])} was removed after digest ${payload.sequence} was signed`,
          });
          break;
        } else {
          report({
            kind: 'record-inserted',
            at: atOf(have![0]),
            recordId: idOf(have![0]),
            ...compared,
            reason: `Record ${idOf(have![0])} is not in digest ${payload.sequence}`,
          });
          break;
        }
      }
    }
  }
  return { verified: firstBreak === undefined, records, digests: accepted.length, unsealed, ...(firstBreak ? { firstBreak } : {}) };
}

const atOf = (position: string) => position.slice(0, position.indexOf('#'));
const idOf = (position: string) => position.slice(position.indexOf('#') + 1);
