/**
 * The DecisionStore contract (shared/decisions/decision-store.ts), run against every
 * implementation: in memory (test/unit/contract) and on DynamoDB Local (test/integration/contract).
 * Records are written before they are answered and read back newest first; an idempotency claim
 * lets the first writer of a key win and replays its answers to every later one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../shared/decisions/decision-record';
import type { DecisionStore, IdempotencyClaim } from '../../shared/decisions/decision-store';
import { DAY, unique } from './contract-fixtures';

let sequence = 0;

/** A decision record of `tenantId`, `minute` minutes into DAY, by agent `agentId`. */
function decision(tenantId: string, minute: number, agentId = 'agt_one', effect: DecisionRecord['effect'] = 'allow'): DecisionRecord {
  return {
    kind: 'decision',
    id: `dec_${String(++sequence).padStart(8, '0')}${Math.random().toString(36).slice(2, 8)}`,
    tenantId,
    at: new Date(Date.parse(`${DAY}T08:00:00.000Z`) + minute * 60_000).toISOString(),
    agent: { id: agentId, name: agentId, team: 'ops', role: 'bot', environment: 'prod', labels: { tier: 'gold' } },
    request: { action: 'tickets:read', resource: 'ticket/t-1' },
    effect,
    reason: effect === 'allow' ? 'rule_matched' : 'default_deny',
    versions: [{ scope: 'tenant', version: 3 }],
    policyEpoch: 7,
    warnings: [],
    latencyMs: 2.5,
    expiresAtEpoch: 4_000_000_000,
  };
}

const wholeDay = (tenantId: string) => ({ tenantId, from: `${DAY}T00:00:00.000Z`, to: `${DAY}T23:59:59.999Z` });

const claimOf = (key: string, answers: unknown, nowEpoch = 1_000, fingerprint = 'fp-1'): IdempotencyClaim => ({
  agentId: 'agt_one',
  key,
  fingerprint,
  answers,
  nowEpoch,
  expiresAtEpoch: nowEpoch + 600,
});

export function describeDecisionStoreContract(name: string, makeStore: () => Promise<DecisionStore>) {
  describe(`DecisionStore contract: ${name}`, () => {
    let store: DecisionStore;

    beforeAll(async () => {
      store = await makeStore();
    });

    describe('Recording and reading back', () => {
      it('reads back what one request and one batch wrote, newest first, with the fields the audit shows', async () => {
        const tenantId = unique('log');
        const single = decision(tenantId, 1);
        const batch = [decision(tenantId, 2, 'agt_one', 'deny'), decision(tenantId, 3), decision(tenantId, 4)];
        expect(await store.record([single])).toEqual({});
        expect(await store.record(batch)).toEqual({});

        const page = await store.listAudit(wholeDay(tenantId), { limit: 10 });
        expect(page.more).toBe(false);
        expect(page.items.map((item) => item.id)).toEqual(
          [...batch]
            .reverse()
            .concat(single)
            .map((record) => record.id),
        );
        expect(page.items.at(-2)).toMatchObject({
          kind: 'decision',
          tenantId,
          at: batch[0]!.at,
          agent: { id: 'agt_one', team: 'ops', labels: { tier: 'gold' } },
          request: { action: 'tickets:read', resource: 'ticket/t-1' },
          effect: 'deny',
          reason: 'default_deny',
          versions: [{ scope: 'tenant', version: 3 }],
          policyEpoch: 7,
          latencyMs: 2.5,
        });
      });

      it('writes nothing for an empty list', async () => {
        const tenantId = unique('empty');
        expect(await store.record([])).toEqual({});
        expect(await store.listAudit(wholeDay(tenantId), { limit: 10 })).toEqual({ items: [], more: false });
      });

      it('pages after a position without repeating or losing a record, and keeps to the time range', async () => {
        const tenantId = unique('pages');
        const records = Array.from({ length: 7 }, (_, minute) => decision(tenantId, minute * 10));
        await store.record(records);
        const seen: string[] = [];
        let after: string | undefined;
        for (let round = 0; round < 10; round++) {
          const page = await store.listAudit(wholeDay(tenantId), { limit: 3, ...(after === undefined ? {} : { after }) });
          seen.push(...page.items.map((item) => item.id));
          const last = page.items.at(-1);
          if (!page.more || !last) break;
          after = `${last.at}#${last.id}`;
        }
        expect(seen).toEqual([...records].reverse().map((record) => record.id));

        const window = { tenantId, from: records[2]!.at, to: records[4]!.at };
        expect((await store.listAudit(window, { limit: 10 })).items.map((item) => item.id)).toEqual(
          [records[4], records[3], records[2]].map((record) => record!.id),
        );
      });

      it("lists one agent's records when asked", async () => {
        const tenantId = unique('agent');
        const mine = [decision(tenantId, 1, 'agt_mine'), decision(tenantId, 3, 'agt_mine')];
        await store.record([mine[0]!, decision(tenantId, 2, 'agt_other'), mine[1]!]);
        const page = await store.listAudit({ ...wholeDay(tenantId), agentId: 'agt_mine' }, { limit: 10 });
        expect(page.items.map((item) => item.id)).toEqual([mine[1]!.id, mine[0]!.id]);
      });

      it("never shows one tenant's records to a query of another", async () => {
        const owner = unique('owner');
        const other = unique('other');
        await store.record([decision(owner, 1), decision(owner, 2)]);
        expect(await store.listAudit(wholeDay(other), { limit: 10 })).toEqual({ items: [], more: false });
        expect(await store.claimed(other, 'agt_one', 'k', 1_000)).toBeUndefined();
      });
    });

    describe('Finding records already written', () => {
      it('names the records the log holds, among more than one read of keys, and only in their own tenant', async () => {
        const tenantId = unique('recorded');
        const written = Array.from({ length: 130 }, (_, minute) => decision(tenantId, minute));
        await store.record(written);
        const absent = [decision(tenantId, 200), decision(tenantId, 201)];
        const asked = [...written.slice(0, 120), ...absent].map(({ at, id }) => ({ at, id }));
        const found = await store.recorded(tenantId, asked);
        expect([...found].sort()).toEqual(
          written
            .slice(0, 120)
            .map(({ id }) => id)
            .sort(),
        );
        expect(await store.recorded(unique('other'), asked)).toEqual(new Set());
      });
    });

    describe('Idempotency claims', () => {
      it("lets the first writer of a key win: a retry writes nothing and gets the first writer's answers", async () => {
        const tenantId = unique('claim');
        const key = unique('key');
        const first = [decision(tenantId, 1)];
        expect(await store.record(first, claimOf(key, [{ decisionId: first[0]!.id, effect: 'allow' }]))).toEqual({});

        const retry = [decision(tenantId, 2, 'agt_one', 'deny')];
        const answer = await store.record(retry, claimOf(key, [{ decisionId: retry[0]!.id, effect: 'deny' }], 1_010, 'fp-2'));
        expect(answer).toEqual({ replayed: { answers: [{ decisionId: first[0]!.id, effect: 'allow' }], fingerprint: 'fp-1' } });
        expect((await store.listAudit(wholeDay(tenantId), { limit: 10 })).items.map((item) => item.id)).toEqual([first[0]!.id]);
      });

      it('writes a claimed batch whole, and replays it whole', async () => {
        const tenantId = unique('claimed-batch');
        const key = unique('key');
        const batch = Array.from({ length: 30 }, (_, minute) => decision(tenantId, minute));
        const answers = batch.map((record) => ({ decisionId: record.id }));
        await store.record(batch, claimOf(key, answers));
        expect((await store.listAudit(wholeDay(tenantId), { limit: 100 })).items).toHaveLength(30);
        expect(await store.record([decision(tenantId, 40)], claimOf(key, []))).toEqual({ replayed: { answers, fingerprint: 'fp-1' } });
        expect((await store.listAudit(wholeDay(tenantId), { limit: 100 })).items).toHaveLength(30);
      });

      it('shows a live claim, and none once it lapsed; a lapsed key can be claimed again', async () => {
        const tenantId = unique('lapse');
        const key = unique('key');
        await store.record([decision(tenantId, 1)], claimOf(key, ['first'], 1_000));
        expect(await store.claimed(tenantId, 'agt_one', key, 1_600)).toEqual({ answers: ['first'], fingerprint: 'fp-1' });
        expect(await store.claimed(tenantId, 'agt_one', key, 1_601)).toBeUndefined();
        expect(await store.claimed(tenantId, 'agt_other', key, 1_000)).toBeUndefined();

        expect(await store.record([decision(tenantId, 2)], claimOf(key, ['second'], 1_601, 'fp-2'))).toEqual({});
        expect(await store.claimed(tenantId, 'agt_one', key, 1_700)).toEqual({ answers: ['second'], fingerprint: 'fp-2' });
      });

      it('keeps claims of the same key apart between tenants', async () => {
        const key = unique('shared-key');
        const [one, two] = [unique('one'), unique('two')];
        await store.record([decision(one, 1)], claimOf(key, ['one']));
        expect(await store.record([decision(two, 1)], claimOf(key, ['two']))).toEqual({});
        expect(await store.claimed(one, 'agt_one', key, 1_000)).toMatchObject({ answers: ['one'] });
        expect(await store.claimed(two, 'agt_one', key, 1_000)).toMatchObject({ answers: ['two'] });
      });
    });
  });
}
