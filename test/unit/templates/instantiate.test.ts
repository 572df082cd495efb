import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/kernel/errors';
import type { Rule } from '../../../shared/policy/document';
import type { Scenario } from '../../../shared/policy/test-runner';
import { builtinAgentType, builtinPolicyPattern } from '../../../shared/templates/builtin-templates';
import {
  instantiateAgentTemplate,
  instantiatePolicyPattern,
  mergeRules,
  mergeScenarios,
  resolveParameters,
} from '../../../shared/templates/instantiate';
import { PolicyPatternSchema } from '../../../shared/templates/template';
import { failuresOf, runScenarios } from './run-scenarios';

/** The paths named by the ValidationError `run` throws. */
function pathsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details.map((detail) => detail.path ?? '');
  }
  throw new Error('expected a ValidationError');
}

const payments = builtinPolicyPattern('payments-behind-approval')!;
const leastPrivilege = builtinPolicyPattern('production-least-privilege')!;

/** A small pattern exercising every kind of placeholder. */
const sample = PolicyPatternSchema.parse({
  id: 'sample-pattern',
  kind: 'policy',
  title: 'Sample',
  description: 'A pattern for the tests.',
  parameters: [
    { name: 'prefix', description: 'A tool prefix.', type: 'string', default: 'crm', pattern: '[a-z]+' },
    { name: 'tier', description: 'A label value.', type: 'string', default: 'gold', enum: ['gold', 'silver'] },
    { name: 'limit', description: 'A number.', type: 'number', default: 10, integer: true, minimum: 1 },
    { name: 'paths', description: 'Resource globs.', type: 'string-list', default: ['customers/**', 'leads/*'] },
    { name: 'note', description: 'Free text.', type: 'string', required: false },
    { name: 'owner', description: 'Required text.', type: 'string' },
  ],
  scopes: ['tenant', 'team'],
  rules: [
    {
      id: 'r1',
      effect: 'require_approval',
      actions: ['tool:invoke'],
      tools: ['{{prefix}}.*', 'other.{{prefix}}'],
      resources: ['{{paths}}', 'archive/{{paths[0]}}'],
      when: 'agent.labels.tier == {{tier}} && request.context.count > {{limit}} && request.context.owner != {{owner}}',
      message: '{{prefix}} above {{limit}} for {{owner}}; {{paths}}{{note}}',
    },
  ],
  scenarios: [
    {
      name: 'a big one needs approval',
      agent: { environment: 'prod', labels: { tier: '{{tier}}' } },
      request: {
        action: 'tool:invoke',
        tool: '{{prefix}}.export',
        resource: '{{paths[1]|sample}}',
        context: { count: '{{limit+1}}', owner: 'not-{{owner}}', tags: ['x', '{{paths}}'] },
      },
      expect: 'require_approval',
      expectRule: 'r1',
    },
  ],
});

describe('resolveParameters', () => {
  it('applies defaults and keeps the given values', () => {
    expect(resolveParameters(sample, { owner: 'ann', limit: 5 })).toEqual({
      prefix: 'crm',
      tier: 'gold',
      limit: 5,
      paths: ['customers/**', 'leads/*'],
      owner: 'ann',
    });
  });

  it('refuses an unknown parameter, naming it', () => {
    expect(pathsOf(() => resolveParameters(sample, { owner: 'ann', colour: 'red' }))).toEqual(['parameters.colour']);
  });

  it('refuses a missing required parameter, naming it', () => {
    expect(pathsOf(() => resolveParameters(sample, {}))).toEqual(['parameters.owner']);
  });

  it('refuses a value of the wrong type, naming each one', () => {
    expect(pathsOf(() => resolveParameters(sample, { owner: 3, limit: '10', paths: 'customers/**' }))).toEqual([
      'parameters.limit',
      'parameters.paths',
      'parameters.owner',
    ]);
    expect(pathsOf(() => resolveParameters(sample, { owner: 'ann', paths: ['ok', 7] }))).toEqual(['parameters.paths']);
    expect(pathsOf(() => resolveParameters(sample, { owner: 'ann', limit: Number.NaN }))).toEqual(['parameters.limit']);
  });

  it('refuses a string that does not match the whole pattern, or not in the enum, and a number out of bounds', () => {
    expect(pathsOf(() => resolveParameters(sample, { owner: 'ann', prefix: 'crm"' }))).toEqual(['parameters.prefix']);
    expect(pathsOf(() => resolveParameters(sample, { owner: 'ann', prefix: 'CRM' }))).toEqual(['parameters.prefix']);
    expect(pathsOf(() => resolveParameters(sample, { owner: 'ann', tier: 'bronze' }))).toEqual(['parameters.tier']);
    expect(pathsOf(() => resolveParameters(sample, { owner: 'ann', limit: 0 }))).toEqual(['parameters.limit']);
    expect(pathsOf(() => resolveParameters(sample, { owner: 'ann', limit: 2.5 }))).toEqual(['parameters.limit']);
  });

  it('refuses strings over 256 characters, lists over 32 entries and more than 20 parameters', () => {
    expect(pathsOf(() => resolveParameters(sample, { owner: 'a'.repeat(257) }))).toEqual(['parameters.owner']);
    expect(pathsOf(() => resolveParameters(sample, { owner: 'ann', paths: Array.from({ length: 33 }, (_, i) => `p${i}`) }))).toEqual([
      'parameters.paths',
    ]);
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`p${i}`, 'x']));
    expect(pathsOf(() => resolveParameters(sample, many))).toEqual(['parameters']);
    expect(pathsOf(() => resolveParameters(sample, ['owner']))).toEqual(['parameters']);
  });

  it('refuses a number that must be greater than another and is not', () => {
    expect(pathsOf(() => resolveParameters(payments, { approvalAbove: 500, hardCap: 500 }))).toEqual(['parameters.hardCap']);
    expect(resolveParameters(payments, { approvalAbove: 500, hardCap: 501 })).toMatchObject({ approvalAbove: 500, hardCap: 501 });
  });
});

describe('instantiatePolicyPattern', () => {
  it('substitutes placeholders inside strings and expands whole-list entries', () => {
    const { rules, scenarios } = instantiatePolicyPattern(sample, { owner: 'ann', paths: ['a/**', 'b'] }, 'team:sales');
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      id: 'tpl.sample-pattern.r1',
      tools: ['crm.*', 'other.crm'],
      resources: ['a/**', 'b', 'archive/a/**'],
      when: 'agent.labels.tier == "gold" && request.context.count > 10 && request.context.owner != "ann"',
      message: 'crm above 10 for ann; a/**, b',
    });
    expect(scenarios).toEqual([
      {
        name: '[sample-pattern] a big one needs approval',
        agent: { team: 'sales', role: 'any-role', environment: 'prod', labels: { tier: 'gold' } },
        request: {
          action: 'tool:invoke',
          tool: 'crm.export',
          resource: 'b',
          context: { count: 11, owner: 'not-ann', tags: ['x', 'a/**', 'b'] },
        },
        expect: 'require_approval',
        expectRule: 'tpl.sample-pattern.r1',
      },
    ]);
  });

  it('writes values into a condition as CEL literals, so no value changes its shape', async () => {
    const sneaky = 'x" || true || "';
    const { rules, scenarios } = instantiatePolicyPattern(sample, { owner: sneaky }, 'tenant');
    expect(rules[0]!.when).toContain(`request.context.owner != ${JSON.stringify(sneaky)}`);
    expect(failuresOf(await runScenarios('tenant', { rules }, scenarios))).toEqual([]);
  });

  it('keeps its scenarios passing with parameters other than the defaults', async () => {
    const given = { paymentTools: ['acme.pay', 'acme.refund'], approvalAbove: 250, hardCap: 1000, grantMinutes: 15 };
    const applied = instantiatePolicyPattern(payments, given, 'role:billing');
    expect(applied.rules.find((rule) => rule.effect === 'require_approval')).toMatchObject({
      tools: ['acme.pay', 'acme.refund'],
      grantMinutes: 15,
    });
    expect(applied.scenarios.map((scenario) => scenario.request.context?.amount)).toEqual([250, 1000, 1001, undefined, '10']);
    expect(failuresOf(await runScenarios('role:billing', { rules: applied.rules }, applied.scenarios))).toEqual([]);
  });

  it('leaves out a rule whose list came out empty, and the scenarios written for it or for an entry the list lacks', async () => {
    const applied = instantiatePolicyPattern(leastPrivilege, { allowedActions: [], devEnvironments: [] }, 'team:ops');
    expect(applied.rules.map((rule) => rule.id)).toEqual([
      'tpl.production-least-privilege.prod-allowed-tools',
      'tpl.production-least-privilege.prod-deny-unlisted',
    ]);
    expect(applied.rules[1]!.when).toContain('!(request.action in [])');
    expect(applied.scenarios.map((scenario) => scenario.name)).toEqual([
      '[production-least-privilege] prod: a listed tool is allowed',
      '[production-least-privilege] prod: an unlisted action is denied',
      '[production-least-privilege] prod: an unlisted tool is denied',
    ]);
    expect(failuresOf(await runScenarios('team:ops', { rules: applied.rules }, applied.scenarios))).toEqual([]);
  });

  it('refuses a scope kind the pattern does not allow, and a malformed scope, naming scope', () => {
    expect(pathsOf(() => instantiatePolicyPattern(leastPrivilege, {}, 'org'))).toEqual(['scope']);
    expect(pathsOf(() => instantiatePolicyPattern(leastPrivilege, {}, 'agent:agt_01ABCDEFGHJKMNPQRSTVWXYZ00'))).toEqual(['scope']);
    for (const scope of ['team:', 'team:bad name', 'role', 'agent:nope', 'galaxy:x', ''])
      expect(
        pathsOf(() => instantiatePolicyPattern(leastPrivilege, {}, scope)),
        scope,
      ).toEqual(['scope']);
  });

  it('names the parameter whose value makes a rule invalid', () => {
    const readOnly = builtinPolicyPattern('read-only-data-access')!;
    expect(pathsOf(() => instantiatePolicyPattern(readOnly, { resources: ['data/a**'] }, 'tenant'))).toEqual([
      'parameters.resources',
      'parameters.resources',
      'parameters.resources',
      'parameters.resources',
    ]);
    expect(pathsOf(() => instantiatePolicyPattern(sample, { owner: 'ann', paths: [] }, 'tenant'))).toEqual(['parameters.paths']);
  });

  it('names the parameter whose value makes a scenario invalid', () => {
    // The rule's globs stay within 256 characters; the scenario's tool goes over a request's 200.
    expect(pathsOf(() => instantiatePolicyPattern(sample, { owner: 'ann', prefix: 'a'.repeat(250) }, 'tenant'))).toEqual([
      'parameters.prefix',
    ]);
  });

  it('refuses bad parameters before anything else, naming them', () => {
    expect(pathsOf(() => instantiatePolicyPattern(payments, { hardCap: 'lots' }, 'tenant'))).toEqual(['parameters.hardCap']);
  });
});

describe('instantiateAgentTemplate', () => {
  it('gives the role, its scope and the defaults of its agents', () => {
    const applied = instantiateAgentTemplate(builtinAgentType('customer-support-assistant')!, { roleName: 'tier1-support', refundCap: 80 });
    expect(applied.role).toEqual({
      name: 'tier1-support',
      description: expect.stringContaining('support'),
      quotas: { decisionsPerDay: 20000, decisionsPerMonth: 500000 },
    });
    expect(applied.scope).toBe('role:tier1-support');
    expect(applied.agentDefaults).toEqual({
      role: 'tier1-support',
      labels: { template: 'customer-support-assistant', function: 'support' },
      quotas: { decisionsPerDay: 20000, decisionsPerMonth: 500000 },
    });
    expect(applied.rules.find((rule) => rule.id.endsWith('refunds-over-cap'))!.when).toContain('> 80');
  });

  it('passes list parameters on to its pattern whole', async () => {
    const applied = instantiateAgentTemplate(builtinAgentType('data-analyst')!, { datasets: ['lake/finance/**'] });
    expect(applied.rules.every((rule) => rule.resources.join() === 'lake/finance/**')).toBe(true);
    expect(failuresOf(await runScenarios(applied.scope, { rules: applied.rules }, applied.scenarios))).toEqual([]);
  });

  it('names its own parameter when a value it passes on is refused by the pattern', () => {
    expect(pathsOf(() => instantiateAgentTemplate(builtinAgentType('data-analyst')!, { datasets: ['bad glob'] }))).toEqual([
      'parameters.datasets',
    ]);
    expect(pathsOf(() => instantiateAgentTemplate(builtinAgentType('customer-support-assistant')!, { refundCap: -1 }))).toEqual([
      'parameters.refundCap',
    ]);
  });

  it('refuses a role name that is not a scope name, naming the parameter', () => {
    expect(pathsOf(() => instantiateAgentTemplate(builtinAgentType('coding-assistant')!, { roleName: 'no spaces' }))).toEqual([
      'parameters.roleName',
    ]);
    expect(pathsOf(() => instantiateAgentTemplate(builtinAgentType('coding-assistant')!, { roleName: 7 }))).toEqual([
      'parameters.roleName',
    ]);
  });
});

describe('mergeRules', () => {
  const own: Rule = { id: 'mine', effect: 'allow', actions: ['*'], tools: ['*'], resources: ['**'], risk: 'low', locked: false };

  it('appends new rules after the document’s own and replaces those with the same id in place', () => {
    const first = instantiatePolicyPattern(payments, {}, 'tenant');
    const merged = mergeRules({ defaults: { dev: 'allow' }, rules: [own] }, first.rules);
    expect(merged.rules.map((rule) => rule.id)).toEqual(['mine', ...first.rules.map((rule) => rule.id)]);
    expect(merged.defaults).toEqual({ dev: 'allow' });
    const again = instantiatePolicyPattern(payments, { approvalAbove: 10 }, 'tenant');
    const remerged = mergeRules(merged, again.rules);
    expect(remerged.rules.map((rule) => rule.id)).toEqual(merged.rules.map((rule) => rule.id));
    expect(remerged.rules[2]!.when).toContain('> 10');
  });

  it('is idempotent: applying the same template again changes nothing', () => {
    const { rules } = instantiatePolicyPattern(builtinPolicyPattern('pii-guardrail')!, {}, 'org');
    const once = mergeRules(undefined, rules);
    expect(mergeRules(once, rules)).toEqual(once);
    expect(once).toEqual({ rules });
  });

  it('sets defaults per environment over the document’s', () => {
    expect(mergeRules({ defaults: { dev: 'allow', prod: 'allow' }, rules: [] }, [], { prod: 'deny' }).defaults).toEqual({
      dev: 'allow',
      prod: 'deny',
    });
  });
});

describe('mergeScenarios', () => {
  const scenario = (name: string, expect: Scenario['expect'] = 'allow'): Scenario => ({
    name,
    agent: { team: 't', role: 'r', environment: 'prod' },
    request: { action: 'a:b' },
    expect,
  });

  it('replaces scenarios of the same name in place, appends the others, and is idempotent', () => {
    const { scenarios } = instantiatePolicyPattern(payments, {}, 'tenant');
    const once = mergeScenarios([scenario('mine')], scenarios);
    expect(once.map((entry) => entry.name)).toEqual(['mine', ...scenarios.map((entry) => entry.name)]);
    expect(mergeScenarios(once, scenarios)).toEqual(once);
    expect(mergeScenarios(undefined, [scenario('x'), scenario('x', 'deny')])).toEqual([scenario('x', 'deny')]);
  });

  it('refuses a library of more than 2,000 scenarios, naming scenarios', () => {
    const existing = Array.from({ length: 1998 }, (_, i) => scenario(`s${i}`));
    expect(mergeScenarios(existing, [scenario('s1'), scenario('new1'), scenario('new2')])).toHaveLength(2000);
    expect(pathsOf(() => mergeScenarios(existing, [scenario('new1'), scenario('new2'), scenario('new3')]))).toEqual(['scenarios']);
  });
});
