/**
 * Properties of decisions over generated documents and requests (fast-check): guardrails hold
 * against anything more specific, allow rules cannot weaken a guardrail, deny rules cannot be
 * weakened, order changes only which rule is named, and the indexed engine agrees with a naive
 * reading of POLICY.md on effect and deciding rule — conditions that hold, fail or cannot be
 * evaluated included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScope, createPolicyCompiler } from '../../../shared/policy/compile';
import { decide, type Grant } from '../../../shared/policy/decide';
import type { PolicyDocument, Rule } from '../../../shared/policy/document';
import { validatePolicyDocument } from '../../../shared/policy/validate';
import { agent } from '../../support/policy/build';
import { type ConditionOracle, referenceDecide } from '../../support/policy/reference-evaluator';

const NOW = Date.parse('2026-11-24T10:00:00.000Z');
const SCOPES = ['org', 'tenant', 'team:support', 'role:bot', `agent:${agent.id}`] as const;
type Scope = (typeof SCOPES)[number];

const ACTIONS = ['data:read', 'data:reads', 'data:export', 'tool:invoke', 'pay', 'pays'];
const TOOLS = ['crm.read', 'crm.write', 'bank'];
const RESOURCES = ['customers/1', 'customers/1/notes', 'tickets/9', ''];
const ENVIRONMENTS = ['dev', 'prod'];

const actionGlob = fc.constantFrom(
  '*',
  'data:*',
  'data:read',
  'data:export',
  'tool:invoke',
  'pay',
  'p?y',
  '*:read',
  'data:rea?',
  '?ay',
  'pa??',
  '??',
  'data:*?',
);
const toolGlob = fc.constantFrom('*', 'crm.*', 'crm.read', 'bank', 'b*k');
const resourceGlob = fc.constantFrom('**', 'customers/**', 'customers/*', '**/notes', 'tickets/*', 'tickets/9');
const effect = fc.constantFrom('allow', 'deny', 'require_approval') as fc.Arbitrary<Rule['effect']>;

/** Conditions the properties use, with their outcome as the reference reads them. */
const CONDITIONS: Record<string, ConditionOracle> = {
  'request.context.amount > 100': (_when, request) =>
    typeof request.context?.amount === 'number' ? request.context.amount > 100 : 'error',
  'has(request.context.amount)': (_when, request) => request.context !== undefined && 'amount' in request.context,
  'request.tool == "bank"': (_when, request) => request.tool === 'bank',
  'agent.team == "support"': () => true,
};
const oracle: ConditionOracle = (when, request) => CONDITIONS[when]!(when, request);
const condition = fc.option(fc.constantFrom(...Object.keys(CONDITIONS)), { nil: undefined, freq: 2 });

const ruleArb = (id: string) =>
  fc
    .record({
      effect,
      actions: fc.array(actionGlob, { minLength: 1, maxLength: 2 }),
      tools: fc.array(toolGlob, { minLength: 1, maxLength: 2 }),
      resources: fc.array(resourceGlob, { minLength: 1, maxLength: 2 }),
      environments: fc.option(fc.subarray(ENVIRONMENTS, { minLength: 1 }), { nil: undefined }),
      locked: fc.boolean(),
      when: condition,
    })
    .map(({ when, ...rule }) => ({
      id,
      ...rule,
      locked: rule.locked && rule.effect !== 'allow',
      ...(rule.environments === undefined ? {} : { environments: rule.environments }),
      ...(when === undefined ? {} : { when }),
    }));

const documentArb = (scope: Scope) =>
  fc
    .tuple(
      fc.array(fc.nat(), { maxLength: 6 }).chain((ids) => fc.tuple(...ids.map((_, index) => ruleArb(`${scope.split(':')[0]}-${index}`)))),
      scope === 'org' || scope === 'tenant'
        ? fc.option(fc.dictionary(fc.constantFrom(...ENVIRONMENTS), effect), { nil: undefined })
        : fc.constant(undefined),
    )
    .map(([rules, defaults]) => validatePolicyDocument(scope, { rules, ...(defaults ? { defaults } : {}) }));

const policyArb = fc.record(
  Object.fromEntries(SCOPES.map((scope) => [scope, fc.option(documentArb(scope), { nil: undefined })])) as Record<
    Scope,
    fc.Arbitrary<PolicyDocument | undefined>
  >,
);

const requestArb = fc.record({
  environment: fc.constantFrom(...ENVIRONMENTS),
  action: fc.constantFrom(...ACTIONS),
  tool: fc.constantFrom(...TOOLS, undefined),
  resource: fc.constantFrom(...RESOURCES),
  // The agent writes the context: a number, the wrong type, or nothing at all.
  context: fc.constantFrom<Record<string, unknown>>({ amount: 50 }, { amount: 500 }, { amount: '500' }, {}),
});

type Policy = Partial<Record<Scope, PolicyDocument | undefined>>;
type Request = { environment: string; action: string; tool: string | undefined; resource: string; context: Record<string, unknown> };

const present = (policy: Policy) =>
  SCOPES.filter((scope) => policy[scope] !== undefined).map((scope) => ({ scope, document: policy[scope]! }));

function engineDecide(policy: Policy, request: Request, grants: Grant[] = []) {
  return decide({
    scopes: present(policy).map(({ scope, document }) => compileScope(scope, 1, document)),
    agent: { ...agent, environment: request.environment },
    request: {
      action: request.action,
      ...(request.tool === undefined ? {} : { tool: request.tool }),
      resource: request.resource,
      context: request.context,
    },
    nowMs: NOW,
    grants,
  });
}

const withRule = (policy: Policy, scope: Scope, rule: Record<string, unknown>, first = false): Policy => {
  const document = policy[scope] ?? { rules: [] };
  const added = validatePolicyDocument(scope, { rules: [rule] }).rules[0]!;
  return { ...policy, [scope]: { ...document, rules: first ? [added, ...document.rules] : [...document.rules, added] } };
};

const exactly = (request: Request) => ({
  actions: [request.action],
  tools: [request.tool ?? '*'],
  resources: [request.resource === '' ? '**' : request.resource],
});
const grantFor = (request: Request): Grant => ({
  id: 'grt_p',
  action: request.action,
  ...(request.tool ? { tool: request.tool } : {}),
  resource: request.resource,
  expiresAt: '2027-01-01T00:00:00.000Z',
});

const scopeIndex = fc.integer({ min: 0, max: SCOPES.length - 1 });
const RUNS = { numRuns: 300 };

describe('Decision properties', () => {
  it('agrees with a naive reading of POLICY.md on the effect and the deciding rule', () => {
    fc.assert(
      fc.property(policyArb, requestArb, fc.boolean(), (policy, request, granted) => {
        const grants = granted ? [grantFor(request)] : [];
        const decision = engineDecide(policy, request, grants);
        const expected = referenceDecide(present(policy), request, grants, oracle);
        expect(decision.effect).toBe(expected.effect);
        expect(decision.rule ? { id: decision.rule.id, scope: decision.rule.scope } : undefined).toEqual(expected.rule);
      }),
      RUNS,
    );
  }, 60_000);

  it('decides exactly the same when the scopes agents share are indexed together', () => {
    fc.assert(
      fc.property(policyArb, requestArb, fc.boolean(), (policy, request, granted) => {
        const compiler = createPolicyCompiler();
        const scopes = present(policy).map(({ scope, document }) => compiler.compile(scope, 1, document, `content-of-${scope}`));
        const input = {
          scopes,
          agent: { ...agent, environment: request.environment },
          request: {
            action: request.action,
            ...(request.tool === undefined ? {} : { tool: request.tool }),
            resource: request.resource,
            context: request.context,
          },
          nowMs: NOW,
          grants: granted ? [grantFor(request)] : [],
        };
        const indexes = compiler.indexesFor(scopes);
        if (scopes.filter((scope) => scope.rank < 4).length >= 2) expect(indexes.length).toBeLessThan(scopes.length);
        expect(decide({ ...input, indexes })).toEqual(decide(input));
      }),
      RUNS,
    );
  });

  it('decides the same whatever order the scopes are given in (only the consulted list follows it)', () => {
    fc.assert(
      fc.property(policyArb, requestArb, (policy, request) => {
        const scopes = present(policy).map(({ scope, document }) => compileScope(scope, 1, document));
        const input = {
          scopes,
          agent: { ...agent, environment: request.environment },
          request: { action: request.action, resource: request.resource },
          nowMs: NOW,
        };
        const { consulted: _inOrder, ...inOrder } = decide(input);
        const { consulted: _reversed, ...reversed } = decide({ ...input, scopes: [...scopes].reverse() });
        expect(reversed).toEqual(inOrder);
      }),
      RUNS,
    );
  });

  it('never overturns a locked deny by any rule or grant at a more specific scope', () => {
    fc.assert(
      fc.property(
        policyArb,
        requestArb,
        scopeIndex,
        fc.array(fc.tuple(scopeIndex, effect), { maxLength: 4 }),
        (policy, request, at, extras) => {
          let guarded = withRule(policy, SCOPES[at]!, { id: 'locked-deny', effect: 'deny', locked: true, ...exactly(request) });
          extras.forEach(([index, extraEffect], n) => {
            const scope = SCOPES[Math.max(index, at)]!;
            guarded = withRule(guarded, scope, { id: `extra-${n}`, effect: extraEffect, ...exactly(request) }, n % 2 === 0);
          });
          expect(engineDecide(guarded, request, [grantFor(request)]).effect).toBe('deny');
        },
      ),
      RUNS,
    );
  });

  it("never changes a guardrail's result by adding an allow rule at any scope", () => {
    fc.assert(
      fc.property(policyArb, requestArb, scopeIndex, fc.boolean(), (policy, request, at, first) => {
        const before = engineDecide(policy, request);
        if (!before.locked) return; // only decisions the guardrail made
        const after = engineDecide(
          withRule(policy, SCOPES[at]!, { id: 'added-allow', effect: 'allow', ...exactly(request) }, first),
          request,
        );
        expect(after.effect).toBe(before.effect);
      }),
      RUNS,
    );
  });

  it('never turns a deny into anything else by adding a deny rule', () => {
    fc.assert(
      fc.property(policyArb, requestArb, scopeIndex, fc.boolean(), fc.boolean(), (policy, request, at, locked, first) => {
        if (engineDecide(policy, request).effect !== 'deny') return;
        const after = engineDecide(
          withRule(policy, SCOPES[at]!, { id: 'added-deny', effect: 'deny', locked, ...exactly(request) }, first),
          request,
        );
        expect(after.effect).toBe('deny');
      }),
      RUNS,
    );
  });

  it('is deterministic and independent of rule order, except for which rule is named', () => {
    fc.assert(
      fc.property(policyArb, requestArb, fc.integer(), (policy, request, seed) => {
        const first = engineDecide(policy, request);
        expect(engineDecide(policy, request)).toEqual(first);
        const shuffled = Object.fromEntries(
          Object.entries(policy).map(([scope, document]) => [
            scope,
            document && { ...document, rules: [...document.rules].sort((a, b) => hash(a.id, seed) - hash(b.id, seed)) },
          ]),
        ) as Policy;
        expect(engineDecide(shuffled, request).effect).toBe(first.effect);
      }),
      RUNS,
    );
  });
});

/** A seeded order for shuffling. */
function hash(text: string, seed: number): number {
  let value = seed | 0;
  for (const char of text) value = Math.imul(value ^ char.charCodeAt(0), 0x5bd1e995) >>> 0;
  return value;
}
