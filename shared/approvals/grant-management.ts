/**
 * Just-in-time grants once issued: listing the live ones, revoking one at once, and the live grants
 * of an agent the decision path allows by.
 */
import type { Actor } from '../audit/change-record';
import type { OperatorPrincipal } from '../auth/principal';
import { NotFoundError } from '../kernel/errors';
import type { PageRequest } from '../kernel/page';
import { paginate } from '../kernel/paginate';
import type { ApprovalContext } from './approval-context';
import { type Grant, isLive } from './grant';

/** Grants of one tenant the hygiene sweep looks at per run, at most. */
export const MAX_GRANTS_SWEPT = 1_000;

export function createGrantManagement(context: ApprovalContext) {
  const { store, clock, cursors } = context.deps;
  return {
    /** A page of the tenant's live grants (team leads: their teams' agents). */
    async listGrants(principal: OperatorPrincipal, tenantId: string, request: PageRequest) {
      const nowMs = clock.nowMs();
      const seeAll = principal.roles.some((role) => role === 'tenant-admin' || role === 'security' || role === 'auditor');
      return paginate<Grant>({
        cursors,
        binding: { tenantId, query: 'grants', filters: {} },
        request,
        positionOf: (grant) => grant.id,
        fetch: (page) => store.listGrants(tenantId, page),
        filter: (grant) => isLive(grant, nowMs) && (seeAll || principal.teams.includes(grant.team)),
      });
    },

    /** Revokes a grant at once: the tenant's epoch moves, so no cached decision state still holds it. */
    async revokeGrant(principal: OperatorPrincipal, tenantId: string, grantId: string): Promise<void> {
      const grant = await store.getGrant(tenantId, grantId);
      if (!grant) throw new NotFoundError('Grant', grantId);
      if (!(await context.revoke(grant, { type: 'operator', sub: principal.sub }, 'revoked'))) throw new NotFoundError('Grant', grantId);
    },

    /**
     * Removes the tenant's grants that have expired (at most MAX_GRANTS_SWEPT looked at), each
     * with a change record by `actor` (the hygiene sweep): decisions never counted them, and DynamoDB's
     * TTL may take up to two days to delete them. Returns how many.
     */
    async removeExpiredGrants(tenantId: string, actor: Actor): Promise<number> {
      const nowMs = clock.nowMs();
      let removed = 0;
      let seen = 0;
      let after: string | undefined;
      while (seen < MAX_GRANTS_SWEPT) {
        const page = await store.listGrants(tenantId, { limit: Math.min(100, MAX_GRANTS_SWEPT - seen), ...(after ? { after } : {}) });
        for (const grant of page.items) if (!isLive(grant, nowMs) && (await context.revoke(grant, actor, 'expired'))) removed++;
        seen += page.items.length;
        const last = page.items[page.items.length - 1];
        if (!page.more || !last) break;
        after = last.id;
      }
      return removed;
    },

    /** Revokes every grant of an agent on behalf of `actor` (a remediation playbook); returns the ids it revoked. */
    async revokeGrantsOf(tenantId: string, agentId: string, actor: Actor, because: string): Promise<string[]> {
      const revoked: string[] = [];
      for (const grant of await store.grantsOf(tenantId, agentId)) if (await context.revoke(grant, actor, because)) revoked.push(grant.id);
      return revoked;
    },

    /** The agent's grants that still allow at `nowMs` (the decision path caches these per tenant epoch). */
    async liveGrants(tenantId: string, agentId: string): Promise<Grant[]> {
      const nowMs = clock.nowMs();
      return (await store.grantsOf(tenantId, agentId)).filter((grant) => isLive(grant, nowMs));
    },
  };
}
