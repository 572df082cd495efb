/**
 * Impact of a candidate version: the tenant's audited decisions of the last `sinceHours` (up to
 * `limit`) decided again with the candidate in place, counted by old → new effect, with up to 20
 * examples of each change. Nothing is recorded.
 */
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { isoAt } from '../kernel/clock';
import { type DecisionAgent, type DecisionRequest, decide } from '../policy/decide';
import { candidateOf, type LifecycleContext } from './lifecycle-context';
import type { ImpactInput } from './lifecycle-schemas';
import { policySetFor } from './policy-set';
import { tenantOwner } from './policy-version';

/** Examples kept of each change of effect. */
const EXAMPLES = 20;
/** Audit records read at a time. */
const PAGE = 500;

export function createImpactReplay(context: LifecycleContext) {
  const { audit, clock } = context.deps;
  return async function impact(principal: OperatorPrincipal, tenantId: string, scope: string, version: number, input: ImpactInput) {
    checkPermission(principal, 'policy:simulate', { tenantId });
    if (!audit) throw new Error('The audit log is not configured for impact replays');
    const candidate = candidateOf(await context.requireVersion(tenantOwner(tenantId), scope, version));
    const nowMs = clock.nowMs();
    const to = isoAt(nowMs);
    const from = isoAt(nowMs - input.sinceHours * 3_600_000);
    const active = await context.activePolicies(tenantId);
    const sets = new Map<string, ReturnType<LifecycleContext['compiled']>>();
    const counts = new Map<string, { from: string; to: string; count: number; examples: unknown[] }>();
    let replayed = 0;
    let after: string | undefined;
    while (replayed < input.limit) {
      const page = await audit.listAudit(
        { tenantId, from, to },
        { limit: Math.min(PAGE, input.limit - replayed + 1), ...(after === undefined ? {} : { after }) },
      );
      for (const record of page.items) {
        after = `${record.at}#${record.id}`;
        if (record.kind !== 'decision' || replayed >= input.limit) continue;
        const agent = record.agent as DecisionAgent;
        const key = `${agent.id}|${agent.team}|${agent.role}`;
        let scopes = sets.get(key);
        if (!scopes) {
          const set = await policySetFor({ active, agent, candidate, nowMs, loadVersion: context.loaderFor(tenantId) });
          sets.set(key, (scopes = context.compiled(set.documents)));
        }
        const decision = decide({ scopes, agent, request: record.request as DecisionRequest, nowMs });
        const old = String(record.effect);
        const entry = counts.get(`${old}>${decision.effect}`) ?? { from: old, to: decision.effect, count: 0, examples: [] };
        entry.count += 1;
        if (old !== decision.effect && entry.examples.length < EXAMPLES) {
          entry.examples.push({
            decisionId: record.id,
            at: record.at,
            agentId: agent.id,
            request: record.request,
            rule: decision.rule,
            previousRule: record.rule,
          });
        }
        counts.set(`${old}>${decision.effect}`, entry);
        replayed += 1;
      }
      if (!page.more || page.items.length === 0) break;
    }
    const transitions = [...counts.values()].sort((a, b) => b.count - a.count);
    return {
      scope,
      version,
      since: from,
      replayed,
      changed: transitions.filter((entry) => entry.from !== entry.to).reduce((sum, entry) => sum + entry.count, 0),
      transitions: transitions.map((entry) => (entry.from === entry.to ? { from: entry.from, to: entry.to, count: entry.count } : entry)),
    };
  };
}
