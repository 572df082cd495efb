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
import { createPinCheck } from './pin-check';
import { policySetFor } from './policy-set';
import { tenantOwner } from './policy-version';

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
    /** Checks pins before they are saved on an agent (pin-check.ts). */
    checkPins: createPinCheck({ store, clock }),

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
