/**
 * A naive reference evaluator: POLICY.md "The decision" read literally, scanning every rule with no
 * index. Property tests check the engine against it on generated documents and requests.
 */
import { globAsRegExp as compileGlob } from './glob-oracle';
import type { Effect, PolicyDocument } from '../../../shared/policy/document';

const rank: Record<Effect, number> = { allow: 0, require_approval: 1, deny: 2 };
const worst = (effects: Effect[]): Effect | undefined =>
  effects.reduce<Effect | undefined>((a, b) => (a === undefined || rank[b] > rank[a] ? b : a), undefined);
const SPECIFICITY = ['org', 'tenant', 'team', 'role', 'agent'];

export interface ReferenceDocument {
  readonly scope: string;
  readonly document: PolicyDocument;
}

export interface ReferenceRequest {
  readonly environment: string;
  readonly action: string;
  readonly tool?: string;
  readonly resource?: string;
  readonly context?: Record<string, unknown>;
}

/**
 * The outcome of a condition for a request: the reference does not parse CEL, so tests give the
 * outcome of each expression they use ('error' when it fails to evaluate).
 */
export type ConditionOracle = (when: string, request: ReferenceRequest) => boolean | 'error';

/** POLICY.md: a condition that fails to evaluate counts as true for deny and require_approval rules, false for allow rules. */
const conditionHolds = (rule: PolicyDocument['rules'][number], request: ReferenceRequest, oracle: ConditionOracle | undefined) => {
  if (rule.when === undefined) return true;
  if (oracle === undefined) throw new Error(`the reference needs the outcome of "${rule.when}"`);
  const outcome = oracle(rule.when, request);
  return outcome === 'error' ? rule.effect !== 'allow' : outcome;
};

export function referenceDecide(
  documents: readonly ReferenceDocument[],
  request: ReferenceRequest,
  grants: { action: string; tool?: string; resource?: string }[] = [],
  conditions?: ConditionOracle,
) {
  const candidates = documents.flatMap(({ scope, document }) =>
    document.rules
      .filter(
        (rule) =>
          (rule.environments === undefined || rule.environments.includes(request.environment)) &&
          rule.actions.some((glob) => compileGlob(glob, 'name').test(request.action)) &&
          rule.tools.some((glob) => compileGlob(glob, 'name').test(request.tool ?? '')) &&
          rule.resources.some((glob) => compileGlob(glob, 'path').test(request.resource ?? '')) &&
          conditionHolds(rule, request, conditions),
      )
      .map((rule) => ({ scope, rank: SPECIFICITY.indexOf(scope.split(':')[0]!), rule })),
  );
  const guardrail = worst(candidates.filter((candidate) => candidate.rule.locked).map((candidate) => candidate.rule.effect));
  const decidingRank = Math.max(-1, ...candidates.map((candidate) => candidate.rank));
  const specific = worst(candidates.filter((candidate) => candidate.rank === decidingRank).map((candidate) => candidate.rule.effect));
  if (specific === undefined) {
    const fromTenant = documents.find((document) => document.scope === 'tenant')?.document.defaults?.[request.environment];
    const fromOrg = documents.find((document) => document.scope === 'org')?.document.defaults?.[request.environment];
    return { effect: fromTenant ?? fromOrg ?? 'deny', rule: undefined };
  }
  const effect = worst([specific, ...(guardrail ? [guardrail] : [])])!;
  const deciding =
    guardrail !== undefined && effect === guardrail
      ? candidates.find((candidate) => candidate.rule.locked && candidate.rule.effect === effect)!
      : candidates.find((candidate) => candidate.rank === decidingRank && candidate.rule.effect === effect)!;
  const granted =
    effect === 'require_approval' &&
    grants.some(
      (grant) =>
        grant.action === request.action &&
        (grant.tool ?? '') === (request.tool ?? '') &&
        (grant.resource ?? '') === (request.resource ?? ''),
    );
  if (granted) return { effect: 'allow' as Effect, rule: undefined, grant: true };
  return { effect, rule: { id: deciding.rule.id, scope: deciding.scope } };
}
