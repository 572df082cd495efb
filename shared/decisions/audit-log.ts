/**
 * Reading the audit log (`GET /v1/tenants/{t}/audit`): decisions and changes of one tenant, newest
 * first, within a time range (at most 31 days), filtered by agent, effect and kind, paged with
 * cursors bound to the tenant and the query.
 */
import * as z from 'zod';
import { withoutKeyMaterial } from '../audit/change-record';
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { type Clock, isoAt } from '../kernel/clock';
import { ValidationError } from '../kernel/errors';
import type { PageCursorCodec } from '../kernel/page-cursor';
import { paginate } from '../kernel/paginate';
import { AgentIdSchema, LimitSchema } from '../kernel/schemas';
import type { DecisionStore } from './decision-store';

const DAY_MS = 86_400_000;
const MAX_SPAN_DAYS = 31;

export const AuditQuerySchema = z
  .object({
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    agentId: AgentIdSchema.optional(),
    effect: z.enum(['allow', 'deny', 'require_approval']).optional(),
    kind: z.enum(['decision', 'change']).optional(),
    limit: LimitSchema,
    cursor: z.string().max(2048).optional(),
  })
  .strict();
export type AuditQueryInput = z.infer<typeof AuditQuerySchema>;

export function createAuditLog(deps: { store: DecisionStore; cursors: PageCursorCodec; clock: Clock }) {
  return {
    async query(principal: OperatorPrincipal, tenantId: string, input: AuditQueryInput) {
      checkPermission(principal, 'audit:read', { tenantId });
      const to = input.to ?? isoAt(deps.clock.nowMs());
      const from = input.from ?? isoAt(Date.parse(to) - DAY_MS);
      if (Date.parse(from) > Date.parse(to))
        throw new ValidationError('from is after to', [{ path: 'from', message: 'must not be after to', in: 'query' }]);
      if (Date.parse(to) - Date.parse(from) > MAX_SPAN_DAYS * DAY_MS)
        throw new ValidationError(`A query spans at most ${MAX_SPAN_DAYS} days`, [
          { path: 'from', message: `at most ${MAX_SPAN_DAYS} days before to`, in: 'query' },
        ]);
      // Bound to the query as asked (the default range moves with the clock; the position does not).
      const filters = { from: input.from, to: input.to, agentId: input.agentId, effect: input.effect, kind: input.kind };
      const page = await paginate({
        cursors: deps.cursors,
        binding: { tenantId, query: 'audit', filters },
        request: { limit: input.limit, cursor: input.cursor },
        positionOf: (record: { at: string; id: string }) => `${record.at}#${record.id}`,
        fetch: (position) => deps.store.listAudit({ tenantId, from, to, agentId: input.agentId }, position),
        filter: (record) =>
          (input.kind === undefined || record.kind === input.kind) && (input.effect === undefined || record.effect === input.effect),
      });
      // Key material is dropped here too, so change records stored before it was kept out never show it.
      return { ...page, items: page.items.map(({ event: _event, ...record }) => withoutKeyMaterial(record)) };
    },
  };
}
