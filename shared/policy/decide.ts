/**
 * The decision for one request of one agent, exactly as POLICY.md "The decision":
 * 1. candidates — rules whose environment, action, tool and resource match and whose condition holds;
 * 2. the guardrail — the most restrictive effect among locked candidates;
 * 3. the specific decision — the most specific scope with any candidate, most restrictive effect
 *    there; no candidates: the environment's default (tenant's over org's), else deny;
 * 4. the result — the more restrictive of 2 and 3;
 * 5. grants — a `require_approval` result becomes `allow` when a live grant matches the request.
 * and the deciding rule as its "deciding rule" paragraph says. Pure: time and grants come in.
 *
 * A rule that cannot be evaluated — its condition fails (missing field, wrong type) or the
 * decision's evaluation budget runs out before it is tested — never loosens the decision: it counts
 * as a candidate when it denies or asks for approval, and not when it allows, with a warning.
 */
import { type ActionIndex, Target } from './action-index';
import type { CompiledScope } from './compile';
import { type CompiledRule, rankInOrder, restrictivenessInOrder } from './compiled-rule';
import type { ConditionFailure, ConditionInput } from './conditions';
import type { Effect, Risk } from './document';
import { DECISION_BUDGET_UNITS, decisionBudget, type EvaluationBudget } from './evaluation-budget';

export interface DecisionAgent {
  readonly id: string;
  readonly name: string;
  readonly team: string;
  readonly role: string;
  readonly environment: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface DecisionRequest {
  readonly action: string;
  readonly tool?: string | undefined;
  readonly resource?: string | undefined;
  readonly context?: Readonly<Record<string, unknown>> | undefined;
}

/** A just-in-time grant: the agent may do exactly this request until `expiresAt`. */
export interface Grant {
  readonly id: string;
  readonly action: string;
  readonly tool?: string | undefined;
  readonly resource?: string | undefined;
  readonly expiresAt: string;
}

export interface DecisionWarning {
  readonly code: string;
  readonly message: string;
  readonly [detail: string]: unknown;
}

export interface DecidingRule {
  readonly id: string;
  readonly scope: string;
  readonly version: number;
}

/** An explained decision. */
export interface Decision {
  readonly effect: Effect;
  readonly reason: string;
  readonly rule?: DecidingRule;
  readonly message?: string;
  readonly risk?: Risk;
  readonly locked?: boolean;
  readonly grantMinutes?: number;
  readonly grantId?: string;
  /** When a grant decided: the require_approval rule it was approved for. */
  readonly approvedRule?: DecidingRule;
  readonly warnings: readonly DecisionWarning[];
  readonly consulted: readonly { readonly scope: string; readonly version: number }[];
}

interface Candidate {
  readonly scope: CompiledScope;
  readonly rule: CompiledRule;
}

/**
 * What steps 2 to 4 need of the candidates, gathered in one pass without listing them: the
 * guardrail's rule — the first locked candidate of the most restrictive locked effect (scopes from
 * org down, then document order) — and the specific decision's rule — in the most specific scope
 * with any candidate, the first candidate of the most restrictive effect there.
 */
interface Tally {
  readonly guard: Candidate | undefined;
  readonly specific: Candidate | undefined;
}

/** Does `grant` cover `request` at `nowMs`? A grant is for exactly one action, tool and resource. */
export const grantCovers = (grant: Grant, request: DecisionRequest, nowMs: number): boolean =>
  Date.parse(grant.expiresAt) > nowMs &&
  grant.action === request.action &&
  (grant.tool ?? '') === (request.tool ?? '') &&
  (grant.resource ?? '') === (request.resource ?? '');

/** At most this many warnings name single rules; the rest are counted in one more. */
export const MAX_RULE_WARNINGS = 10;

/** Decisions made by this process so far: each numbers the condition outcomes it remembers. */
let decisions = 0;

/**
 * The evaluation budget of the decision being made. Decisions run one at a time (decide is
 * synchronous), so one budget, refilled at the start of each, serves them all without allocating.
 */
const budget: EvaluationBudget = decisionBudget();

/** The outcome of every condition met after the decision's budget is spent. */
const OVER_BUDGET: ConditionFailure = Object.freeze({ error: 'it ran over the evaluation budget', overBudget: true });

/** What conditions see of a request. */
const conditionInputOf = (agent: DecisionAgent, request: DecisionRequest, nowMs: number): ConditionInput => ({
  agent: { id: agent.id, name: agent.name, team: agent.team, role: agent.role, environment: agent.environment, labels: agent.labels },
  request: { action: request.action, tool: request.tool ?? '', resource: request.resource ?? '', context: request.context ?? {} },
  now: new Date(nowMs),
});

/**
 * A warning that the rule of the record at `at` could not be evaluated — its target unpaid for, or
 * its condition failed (`failure`) — saying how it was counted.
 */
function unevaluatedWarning(
  index: ActionIndex,
  at: number,
  scopes: readonly CompiledScope[],
  failure: ConditionFailure | undefined,
): DecisionWarning {
  const rule = index.rule(at);
  const scope = scopeOf(scopes, rule.scopeRank);
  const why =
    failure === undefined
      ? 'the decision ran out of evaluation budget before testing it'
      : `its condition failed to evaluate: ${failure.error}`;
  const treated =
    rule.restrictiveness > 0 ? `it counts as matching (a ${rule.effect} rule is never skipped for that)` : 'the allow rule does not match';
  const code = failure === undefined || failure.overBudget ? 'evaluation_budget_exceeded' : 'condition_error';
  return {
    code,
    message: `Rule ${rule.id} (${scope.scope} v${scope.version}) could not be evaluated: ${why}; ${treated}`,
    ruleId: rule.id,
    scope: scope.scope,
    version: scope.version,
  };
}

/** Step 1: the candidates, tallied for steps 2 to 4. */
function tallyCandidates(
  scopes: readonly CompiledScope[],
  indexes: readonly ActionIndex[],
  agent: DecisionAgent,
  request: DecisionRequest,
  nowMs: number,
  warnings: DecisionWarning[],
): Tally {
  const { action } = request;
  const tool = request.tool ?? '';
  const resource = request.resource ?? '';
  const decision = ++decisions;
  budget.remaining = DECISION_BUDGET_UNITS;
  let conditionInput: ConditionInput | undefined;
  // Rules that could not be evaluated: the first few are named in warnings, the rest counted.
  let unevaluated = 0;
  // Where the guardrail's and the specific decision's rules are so far (index and record).
  let guardIndex: ActionIndex | undefined;
  let guardAt = 0;
  let specificIndex: ActionIndex | undefined;
  let specificAt = 0;
  // The scope being tallied, its most restrictive candidate so far (-1: none), and the guardrail's.
  let rank = -1;
  let strongest = -1;
  let guardStrength = -1;
  // Indexes come in scope order and each covers scopes below the next one's.
  for (const index of indexes) {
    const count = index.lookUp(action);
    const found = index.found;
    for (let i = 0; i < count; i++) {
      const at = found[i]!;
      const order = index.order(at);
      if (rankInOrder(order) !== rank) {
        rank = rankInOrder(order);
        strongest = -1;
      }
      const strength = restrictivenessInOrder(order);
      const locked = index.isLocked(at);
      const condition = index.condition(at);
      // Candidates come by scope (org first), most restrictive effect first, then in document
      // order, so a rule still matters only as the first of an effect more restrictive than any
      // candidate of its scope, as the first locked rule of an effect more restrictive than the
      // guardrail so far, or for its condition (a failing condition is reported whatever it decides).
      if (condition === undefined && strength <= strongest && (!locked || strength <= guardStrength)) continue;
      const target = index.targetMatches(at, agent.environment, action, tool, resource, budget);
      if (target === Target.NoMatch) continue;
      // A rule that cannot be evaluated counts only when it denies or asks for approval.
      let failure: ConditionFailure | undefined;
      if (target === Target.Match && condition !== undefined) {
        // A condition several rules share is evaluated once per decision.
        let outcome = index.rememberedOutcome(at, decision) as boolean | ConditionFailure | undefined;
        if (outcome === undefined) {
          outcome = budget.remaining <= 0 ? OVER_BUDGET : condition((conditionInput ??= conditionInputOf(agent, request, nowMs)), budget);
          index.remember(at, decision, outcome);
        }
        if (outcome === false) continue;
        if (outcome !== true) failure = outcome;
      }
      if (target === Target.Unaffordable || failure !== undefined) {
        if (++unevaluated <= MAX_RULE_WARNINGS) warnings.push(unevaluatedWarning(index, at, scopes, failure));
        if (strength === 0) continue;
      }
      // The most specific scope with a candidate decides: a later scope's first candidate replaces it.
      if (strength > strongest) {
        strongest = strength;
        specificIndex = index;
        specificAt = at;
      }
      if (locked && strength > guardStrength) {
        guardStrength = strength;
        guardIndex = index;
        guardAt = at;
      }
    }
  }
  if (unevaluated > MAX_RULE_WARNINGS) {
    const more = unevaluated - MAX_RULE_WARNINGS;
    warnings.push({ code: 'more_rules_not_evaluated', message: `${more} more rules could not be evaluated (not named here)`, count: more });
  }
  return { guard: candidateAt(scopes, guardIndex, guardAt), specific: candidateAt(scopes, specificIndex, specificAt) };
}

/** The candidate whose record is at `at` in `index`, if any. */
function candidateAt(scopes: readonly CompiledScope[], index: ActionIndex | undefined, at: number): Candidate | undefined {
  if (index === undefined) return undefined;
  const rule = index.rule(at);
  return { rule, scope: scopeOf(scopes, rule.scopeRank) };
}

/** Each scope's own index, in scope order (sorting only scopes that come out of order). */
function ownIndexes(scopes: readonly CompiledScope[]): ActionIndex[] {
  const inOrder = scopes.every((scope, i) => i === 0 || scopes[i - 1]!.rank < scope.rank);
  return (inOrder ? scopes : [...scopes].sort((a, b) => a.rank - b.rank)).map((scope) => scope.index);
}

const scopeOf = (scopes: readonly CompiledScope[], rank: number) => scopes.find((scope) => scope.rank === rank)!;

/** The environment's default: the tenant's over the org's, else deny. */
function defaultFor(scopes: readonly CompiledScope[], environment: string): { effect: Effect; from?: CompiledScope } {
  for (const kind of ['tenant', 'org']) {
    const scope = scopes.find((candidate) => candidate.scope === kind);
    const effect = scope?.defaults[environment];
    if (scope && effect) return { effect, from: scope };
  }
  return { effect: 'deny' };
}

const describe = (candidate: Candidate) => `rule ${candidate.rule.id} (${candidate.scope.scope} v${candidate.scope.version})`;

/**
 * Decides `request` for `agent` under `scopes` (ordered from org to agent) at `nowMs`, with the
 * agent's live `grants`.
 */
export function decide(input: {
  readonly scopes: readonly CompiledScope[];
  /** The action indexes covering `scopes`, in scope order (PolicyCompiler.indexesFor); by default each scope's own. */
  readonly indexes?: readonly ActionIndex[];
  readonly agent: DecisionAgent;
  readonly request: DecisionRequest;
  readonly nowMs: number;
  readonly grants?: readonly Grant[];
}): Decision {
  const { scopes, agent, request, nowMs } = input;
  const warnings: DecisionWarning[] = [];
  const consulted = scopes.map((scope) => scope.consulted);
  const { guard, specific } = tallyCandidates(scopes, input.indexes ?? ownIndexes(scopes), agent, request, nowMs, warnings);

  // 3. No candidates: the environment's default.
  if (specific === undefined) {
    const fallback = defaultFor(scopes, agent.environment);
    const reason = fallback.from
      ? `No rule matched; the default for ${agent.environment} in ${fallback.from.scope} v${fallback.from.version} is ${fallback.effect}`
      : `No rule matched and no default is set for ${agent.environment}: deny`;
    return { effect: fallback.effect, reason, warnings, consulted };
  }

  // 2, 3 and 4. The result is the more restrictive of the guardrail and the specific decision;
  // the deciding rule is the guardrail's when the result is its effect.
  const byGuardrail = guard !== undefined && guard.rule.restrictiveness >= specific.rule.restrictiveness;
  const decidingCandidate = byGuardrail ? guard : specific;
  const { rule, scope } = decidingCandidate;
  const effect = rule.effect;
  const ruleFields = {
    rule: { id: rule.id, scope: scope.scope, version: scope.version },
    ...(rule.message === undefined ? {} : { message: rule.message }),
    risk: rule.risk,
    locked: rule.locked,
    ...(rule.grantMinutes === undefined ? {} : { grantMinutes: rule.grantMinutes }),
  };

  // 5. Grants.
  if (effect === 'require_approval') {
    const grant = input.grants?.find((candidate) => grantCovers(candidate, request, nowMs));
    if (grant) {
      // The deciding "rule" is the grant; the rule it was approved for stays visible as approvedRule.
      return {
        effect: 'allow',
        reason: `Allowed by grant ${grant.id} (approved for ${describe(decidingCandidate)}), valid until ${grant.expiresAt}`,
        grantId: grant.id,
        approvedRule: ruleFields.rule,
        risk: rule.risk,
        warnings,
        consulted,
      };
    }
  }
  const why = byGuardrail ? 'the guardrail' : `the most specific scope with a matching rule (${scope.scope})`;
  return {
    effect,
    reason: `${effect} by ${describe(decidingCandidate)}, ${why}${rule.message ? `: ${rule.message}` : ''}`,
    ...ruleFields,
    warnings,
    consulted,
  };
}
