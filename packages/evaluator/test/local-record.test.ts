/**
 * decide's hot path writes a decision's log line and derives its audit id from parts made once per
 * bundle: they must be exactly `JSON.stringify` of the `LocalDecision` and shared's `localDecisionId`
 * (Warden derives the same id from the shipped decision), and the time exactly `toISOString`.
 */
import { describe, expect, it } from 'vitest';
import { type LocalDecision, localDecisionId } from '../../../shared/decisions/decision-logs';
import { type RecordBody, recordHead, recordId, recordLine, timeOf } from '../src/local-record';

/** A small deterministic generator (the cases are the same at every run). */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('local decision records', () => {
  it('gives the time as toISOString and the ULID time of every millisecond, across minutes, days and years', () => {
    const next = random(7);
    const times = [0, 59_999, 60_000, 86_399_999, 951_782_400_000, 1_798_761_599_999, 253_402_300_799_999];
    for (let i = 0; i < 5000; i++) times.push(Math.floor(next() * 253_402_300_799_999));
    for (let i = 0; i < 2000; i++) times.push(1_800_000_000_000 + i * 7); // consecutive, as decisions come
    for (const ms of times) {
      const time = timeOf(ms);
      expect(time?.at).toBe(new Date(ms).toISOString());
      // The id's time part, as localDecisionId writes it.
      const id = localDecisionId('t', 'a', {
        localId: 'l',
        at: new Date(ms).toISOString(),
        effect: 'allow',
        bundleEtag: 'e',
        request: { action: 'x' },
      });
      expect(time?.ulidTime).toBe(id.slice(4, 14));
    }
  });

  it('leaves times it does not write to the general path', () => {
    for (const ms of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 253_402_300_800_000]) expect(timeOf(ms)).toBeUndefined();
  });

  it('writes JSON.stringify of the LocalDecision and derives localDecisionId, for every shape of decision', () => {
    const next = random(11);
    const texts = [
      'plain',
      'with "quotes"',
      'back\\slash',
      'new\nline\ttab',
      'ünïcödé ✓',
      'emoji 🙂',
      '\u0001\u001f',
      'lone \ud800 surrogate',
      '',
    ];
    const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
    const maybe = <T>(value: T) => (next() < 0.5 ? value : undefined);
    for (let i = 0; i < 3000; i++) {
      const bundle = {
        tenantId: pick(['acme', 'ténant']),
        agent: { id: pick(['agt_01ARZ3NDEKTSV4RRFFQ69G5FAV', 'agt_x']) },
        etag: `"b1-${pick(texts)}.tag"`,
      };
      const idPrefix = pick(['jy5DKD2iVDc5_RK2', 'A-b_c']);
      const head = recordHead(bundle, idPrefix);
      const ms = 1_800_000_000_000 + Math.floor(next() * 1e9);
      const request = {
        action: `svc:${pick(texts)}`,
        ...(next() < 0.7 ? { tool: pick(texts) } : {}),
        ...(next() < 0.7 ? { resource: pick(texts) } : {}),
        ...(next() < 0.5 ? { context: { amount: Math.floor(next() * 100), note: pick(texts), nested: { list: [1, 'two', null] } } } : {}),
      };
      const body: RecordBody = {
        counter: Math.floor(next() * 1e9).toString(36),
        time: timeOf(ms)!,
        request,
        effect: pick(['allow', 'deny'] as const),
        reason: next() < 0.9 ? pick(texts) : undefined,
        rule: maybe({ id: pick(texts), scope: pick(['tenant', 'team:ops']), version: 1 + Math.floor(next() * 20) }),
        grantId: next() < 0.7 ? undefined : pick(['grt_1', '']),
      };
      // The decision as decide wrote it before (and still does off the hot path).
      const entry: LocalDecision = {
        localId: `${idPrefix}-${body.counter}`,
        at: new Date(ms).toISOString(),
        request,
        effect: body.effect,
        reason: body.reason,
        ...(body.rule ? { rule: { id: body.rule.id, scope: body.rule.scope, version: body.rule.version } } : {}),
        ...(body.grantId ? { grantId: body.grantId } : {}),
        bundleEtag: bundle.etag,
      } as LocalDecision;
      expect(recordLine(head, body)).toBe(`${JSON.stringify(entry)}\n`);
      expect(recordId(head, body)).toBe(localDecisionId(bundle.tenantId, bundle.agent.id, entry));
    }
  });
});
