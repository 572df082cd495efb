/**
 * Conditions: what is refused when saved, RE2 for matches(), and the metering that bounds what an
 * evaluation may cost (docs/policy-language.md "Limits").
 */
import { describe, expect, it } from 'vitest';
import { compileCondition, CONDITION_LIMITS, type ConditionInput, conditionProblem } from '../../../shared/policy/conditions';
import { decisionBudget, DECISION_BUDGET_UNITS } from '../../../shared/policy/evaluation-budget';

const input = (context: Record<string, unknown> = {}, resource = 'customers/1'): ConditionInput => ({
  agent: { id: 'agt_1', name: 'bot', team: 'ops', role: 'bot', environment: 'prod', labels: { tier: 'gold' } },
  request: { action: 'pay', tool: '', resource, context },
  now: new Date('2026-12-01T00:00:00Z'),
});

/** Evaluates `expression` with a fresh budget; returns the outcome and the units spent. */
function run(expression: string, given = input(), units = DECISION_BUDGET_UNITS) {
  const budget = decisionBudget(units);
  const outcome = compileCondition(expression)(given, budget);
  return { outcome, spent: units - budget.remaining };
}

describe('Function: conditionProblem', () => {
  it.each([
    ['a pattern computed from the request', 'request.resource.matches(request.context.p)', /string literal/],
    ['a pattern RE2 does not accept (lookbehind)', 'request.resource.matches("(?<=a)b")', /RE2/],
    ['a pattern too large once compiled', 'request.resource.matches("(abc){500}")', /too large/],
    ['loops three deep', '[1].all(a, [2].all(b, [3].all(c, a + b + c > 0)))', /nests loops/],
    ['an expression over the length limit', `request.action == "${'x'.repeat(CONDITION_LIMITS.maxLength)}"`, /more than 4000 characters/],
    [
      'a list literal over the element limit',
      `request.action in [${Array.from({ length: 300 }, (_, n) => `"a${n}"`).join(', ')}]`,
      /maxListElements|limit/i,
    ],
    ['anything but agent, request and now', 'env.secret == "x"', /only agent, request and now/],
  ])('refuses %s', (_name, expression, reason) => {
    expect(conditionProblem(expression)).toMatch(reason);
  });

  it('accepts loops two deep, literal RE2 patterns and has()', () => {
    expect(conditionProblem('request.context.l.all(a, request.context.l.exists(b, a == b))')).toBeUndefined();
    expect(conditionProblem('has(request.context.x) && request.resource.matches("^invoices/[0-9]+$")')).toBeUndefined();
  });
});

describe('Function: compileCondition', () => {
  it('gives true, false, or a failure naming the error (a missing field, a wrong type)', () => {
    expect(run('request.context.amount > 100', input({ amount: 150 })).outcome).toBe(true);
    expect(run('request.context.amount > 100', input({ amount: 5 })).outcome).toBe(false);
    expect(run('request.context.amount > 100', input({})).outcome).toEqual({ error: expect.stringMatching(/amount/), overBudget: false });
    expect(run('request.context.amount > 100', input({ amount: '9999' })).outcome).toEqual({
      error: expect.any(String),
      overBudget: false,
    });
  });

  it('searches with RE2: matches() is true when any part matches, and a backtracking bomb is one pass', () => {
    expect(run('request.resource.matches("tom")', input({}, 'customers/tomato')).outcome).toBe(true);
    expect(run('request.resource.matches("^(a+)+$")', input({}, `${'a'.repeat(28)}!`)).outcome).toBe(false);
    expect(run('request.resource.matches("^(a+)+$")', input({}, 'a'.repeat(1000))).outcome).toBe(true);
  });

  it('turns a stored condition that breaks a limit into one that always fails, never an exception', () => {
    const condition = compileCondition('request.resource.matches(request.context.p)');
    expect(condition(input({ p: '.*' }), decisionBudget())).toEqual({
      error: expect.stringMatching(/cannot be evaluated/),
      overBudget: false,
    });
  });
});

describe('Metering', () => {
  it('costs an ordinary condition a few units', () => {
    for (const expression of [
      'request.context.amount > 100',
      'agent.labels.tier == "gold"',
      'request.resource.startsWith("customers/")',
      'request.action in ["pay", "refund"]',
    ]) {
      const { spent } = run(expression, input({ amount: 150 }));
      expect(spent, expression).toBeGreaterThan(0);
      expect(spent, expression).toBeLessThan(20);
    }
  });

  it('charges a loop for every turn before it starts, and refuses one the budget cannot pay for', () => {
    const small = run('request.context.l.all(x, x >= 0)', input({ l: Array.from({ length: 10 }, (_, n) => n) }));
    expect(small.outcome).toBe(true);
    const large = run('request.context.l.all(x, x >= 0)', input({ l: Array.from({ length: 1500 }, (_, n) => n) }));
    expect(large.outcome).toEqual({ error: expect.stringMatching(/budget/), overBudget: true });
    expect(small.spent).toBeGreaterThan(10 * 10);
  });

  it('stops a string doubled through a chain of maps', () => {
    const doubling = `[request.resource]${'.map(s, s + s)'.repeat(14)}.size() > 0`;
    expect(run(doubling, input({}, 'x'.repeat(1000))).outcome).toEqual({ error: expect.any(String), overBudget: true });
  });

  it('charges a search through a list by the list, not by one step', () => {
    const list = (length: number) => input({ l: Array.from({ length }, (_, n) => `item${n}`) });
    const few = run('"nope" in request.context.l', list(10)).spent;
    const many = run('"nope" in request.context.l', list(1000)).spent;
    expect(many - few).toBeGreaterThanOrEqual(990);
  });

  it('charges errors raised inside a loop, which CEL lets the loop go on past', () => {
    const withErrors = run('request.context.l.exists(x, x + 1 == -1)', input({ l: [0.5, 1.5, 2.5] }));
    const without = run('request.context.l.exists(x, x + 1.0 == -1.0)', input({ l: [0.5, 1.5, 2.5] }));
    expect(withErrors.spent - without.spent).toBeGreaterThanOrEqual(3 * 100);
  });

  it('fails at once with no budget left, and never leaves the budget negative', () => {
    const budget = decisionBudget(0);
    expect(compileCondition('request.context.amount > 100')(input({ amount: 1 }), budget)).toEqual({
      error: expect.any(String),
      overBudget: true,
    });
    expect(budget.remaining).toBe(0);
    expect(run('request.context.l.all(x, x >= 0)', input({ l: Array.from({ length: 5000 }, (_, n) => n) }), 50).spent).toBe(50);
  });
});
