/**
 * DecisionStore in memory (and so the AuditReader the lifecycle's impact replay reads), with the
 * DynamoDB adapter's observable behaviour (shared/adapters/dynamodb/dynamodb-decision-store.ts):
 * records go to the shared audit log, where change records are too; `listAudit` reads a tenant's
 * log newest first within a time range, after a position (`<at>#<id>`), optionally one agent's;
 * with an idempotency claim, the first writer of an (agent, key) within the claim's life wins and
 * a later one writes nothing and gets the first one's answers.
 */
import type { AuditReader } from '../../../shared/audit/audit-reader';
import type { ClaimedAnswers, DecisionStore } from '../../../shared/decisions/decision-store';
import { auditPage, type InMemoryTables, putAudit, stored, tenantKey } from './in-memory-tables';

/** An AuditReader over the shared audit log (decision and change records). */
export function createInMemoryAuditReader(tables: InMemoryTables): AuditReader {
  return { listAudit: async (query, page) => auditPage(tables, query, page) };
}

export function createInMemoryDecisionStore(tables: InMemoryTables): DecisionStore {
  const claims = new Map<string, { answers: unknown; fingerprint: string; expiresAtEpoch: number }>();
  const claimKey = (tenantId: string, agentId: string, key: string) => tenantKey(tenantId, `${agentId}#${key}`);

  const replayOf = (claim: { answers: unknown; fingerprint: string }): ClaimedAnswers => ({
    answers: stored(claim.answers),
    fingerprint: claim.fingerprint,
  });

  return {
    ...createInMemoryAuditReader(tables),

    async record(records, claim) {
      const first = records[0];
      if (!first) return {};
      if (claim) {
        const key = claimKey(first.tenantId, claim.agentId, claim.key);
        const held = claims.get(key);
        const recorded = records.some((record) => tables.audit.has(tenantKey(record.tenantId, `${record.at}#${record.id}`)));
        if ((held && held.expiresAtEpoch >= claim.nowEpoch) || recorded) {
          if (!held) throw new Error('Already recorded, and no claim to replay');
          return { replayed: replayOf(held) };
        }
        claims.set(key, { answers: stored(claim.answers), fingerprint: claim.fingerprint, expiresAtEpoch: claim.expiresAtEpoch });
      }
      for (const record of records) putAudit(tables, record);
      return {};
    },

    async recorded(tenantId, records) {
      return new Set(records.filter(({ at, id }) => tables.audit.has(tenantKey(tenantId, `${at}#${id}`))).map(({ id }) => id));
    },

    async claimed(tenantId, agentId, key, nowEpoch) {
      const held = claims.get(claimKey(tenantId, agentId, key));
      return held && held.expiresAtEpoch >= nowEpoch ? replayOf(held) : undefined;
    },
  };
}
