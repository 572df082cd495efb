/**
 * Who may change which scope (POLICY.md "Documents and scopes"): tenant admins every tenant scope;
 * team leads only `team:<their team>` and `agent:<id>` of their teams' agents. The org scope has its
 * own routes and permission (platform admins).
 */
import { checkPermission, isTeamScopedOnly } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { ForbiddenError, NotFoundError } from '../kernel/errors';
import { type PolicyScope, scopeKind, scopeName } from './policy-scope';

/** Refuses (403) unless `principal` may write `scope` of `tenantId`; `teamOfAgent` looks up an agent's team. */
export async function checkScopeWrite(
  principal: OperatorPrincipal,
  tenantId: string,
  scope: PolicyScope,
  teamOfAgent: (agentId: string) => Promise<string | undefined>,
): Promise<void> {
  const kind = scopeKind(scope);
  if (kind === 'team') return checkPermission(principal, 'policy:write', { tenantId, teams: [scopeName(scope)] });
  if (kind === 'agent') {
    checkPermission(principal, 'policy:write', { tenantId });
    if (!isTeamScopedOnly(principal, 'policy:write')) return;
    const team = await teamOfAgent(scopeName(scope));
    if (team === undefined) throw new NotFoundError('Agent', scopeName(scope));
    return checkPermission(principal, 'policy:write', { tenantId, teams: [team] });
  }
  checkPermission(principal, 'policy:write', { tenantId });
  if (isTeamScopedOnly(principal, 'policy:write')) throw new ForbiddenError(`Only tenant admins may write the ${scope} scope`, 'forbidden');
}
