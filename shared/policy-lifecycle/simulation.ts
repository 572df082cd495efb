/**
 * What-if questions: the explained decision for an agent (existing, or described by attributes)
 * and a request, with a candidate version in place if asked — nothing recorded, no quota used;
 * and the check that an agent's pins name versions it may stay on.
 */
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { ValidationError } from '../kernel/errors';
import { type Decision, type DecisionAgent, type DecisionRequest, decide } from '../policy/decide';
import { candidateOf, factsOf, HYPOTHETICAL_AGENT_ID, type LifecycleContext } from './lifecycle-context';
import { governingScopes } from './policy-scope';
import { policySetFor } from './policy-set';
import { ORG_OWNER, statusAt, tenantOwner } from './policy-version';

/** Who a simulation is for: an existing agent, or an agent described by attributes. */
export type SimulatedAgent =
  | { readonly agentId: string }
  | {
      readonly agent: {
        team: string;
        role: string;
        environment: string;
        labels?: Record<string, string> | undefined;
        name?: string | undefined;
      };
    };

export function createSimulation(context: LifecycleContext) {
  const { store, tenancy, clock } = context.deps;
  return {
    /**
     * Checks pins before they are saved on an agent: each scope governs the agent, and each version
     * is deprecated and before its sunset (or the active one). Refuses with the pin named.
     */
    async checkPins(tenantId: string, agent: { id: string; team: string; role: string }, pins: Readonly<Record<string, number>>) {
      const scopes = new Set(governingScopes(agent));
      const nowMs = clock.nowMs();
      for (const [scope, number] of Object.entries(pins)) {
        const path = `pins.${scope}`;
        if (!scopes.has(scope))
          throw new ValidationError(`Scope ${scope} does not govern agent ${agent.id}`, [{ path, message: 'not one of the agent scopes' }]);
        const version = await store.getVersion(scope === 'org' ? ORG_OWNER : tenantOwner(tenantId), scope, number);
        const status = version && statusAt(version, nowMs);
        if (status !== 'deprecated' && status !== 'active') {
          throw new ValidationError(`${scope} version ${number} cannot be pinned`, [
            {
              path,
              message: version
                ? `version ${number} is ${status}; only deprecated versions before their sunset can be pinned`
                : `no version ${number}`,
            },
          ]);
        }
      }
    },

    /** The decision for an agent and a request, explained; nothing recorded, no quota used. */
    async simulate(
      principal: OperatorPrincipal,
      tenantId: string,
      input: SimulatedAgent & { request: DecisionRequest; candidate?: { scope: string; version: number } | undefined },
    ): Promise<Decision & { policyEpoch: number; simulated: true }> {
      checkPermission(principal, 'policy:simulate', { tenantId });
      let agent: DecisionAgent & { pins?: Readonly<Record<string, number>> | undefined };
      if ('agentId' in input) agent = factsOf(await context.requireAgent(tenantId, input.agentId));
      else {
        const tenant = await tenancy.getTenant(tenantId);
        if (tenant && !tenant.environments.includes(input.agent.environment)) {
          throw new ValidationError(`Tenant ${tenantId} has no environment ${input.agent.environment}`, [
            { path: 'agent.environment', message: `one of ${tenant.environments.join(', ')}` },
          ]);
        }
        agent = {
          id: HYPOTHETICAL_AGENT_ID,
          name: input.agent.name ?? 'simulated agent',
          team: input.agent.team,
          role: input.agent.role,
          environment: input.agent.environment,
          labels: input.agent.labels ?? {},
        };
      }
      const candidate =
        input.candidate && (await context.requireVersion(tenantOwner(tenantId), input.candidate.scope, input.candidate.version));
      const nowMs = clock.nowMs();
      const set = await policySetFor({
        active: await context.activePolicies(tenantId),
        agent,
        candidate: candidate && candidateOf(candidate),
        nowMs,
        loadVersion: context.loaderFor(tenantId),
      });
      const decision = decide({ scopes: context.compiled(set.documents), agent, request: input.request, nowMs });
      return {
        ...decision,
        warnings: [...set.warnings, ...decision.warnings],
        policyEpoch: await context.policyEpoch(tenantId),
        simulated: true,
      };
    },
  };
}
