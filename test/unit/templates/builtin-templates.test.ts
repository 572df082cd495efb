import { describe, expect, it } from 'vitest';
import {
  builtinAgentType,
  builtinPolicyPattern,
  builtinTemplate,
  builtinTemplateSummaries,
  builtinTemplates,
  parseTemplates,
} from '../../../shared/templates/builtin-templates';
import { instantiateAgentTemplate, instantiatePolicyPattern } from '../../../shared/templates/instantiate';
import type { PolicyPattern, TemplateScopeKind } from '../../../shared/templates/template';
import { AGENT_ID, failuresOf, runScenarios } from './run-scenarios';

const PATTERNS = builtinTemplates().filter((template): template is PolicyPattern => template.kind === 'policy');
const AGENT_TYPES = builtinTemplates().filter((template) => template.kind === 'agent');

const SCOPE_OF: Record<TemplateScopeKind, string> = {
  org: 'org',
  tenant: 'tenant',
  team: 'team:support',
  role: 'role:support-bot',
  agent: `agent:${AGENT_ID}`,
};

/** Every (pattern, scope) pair a built-in pattern may be applied at. */
const APPLICATIONS = PATTERNS.flatMap((pattern) => pattern.scopes.map((kind) => [pattern.id, SCOPE_OF[kind]] as const));

describe('the built-in templates', () => {
  it('include the required policy patterns and agent types', () => {
    for (const id of ['read-only-data-access', 'pii-guardrail', 'payments-behind-approval', 'production-least-privilege'])
      expect(builtinPolicyPattern(id)?.kind, id).toBe('policy');
    for (const id of ['customer-support-assistant', 'data-analyst', 'coding-assistant', 'internal-automation-bot'])
      expect(builtinAgentType(id)?.kind, id).toBe('agent');
    expect(builtinTemplate('no-such-template')).toBeUndefined();
    expect(builtinPolicyPattern('data-analyst')).toBeUndefined();
    expect(builtinAgentType('pii-guardrail')).toBeUndefined();
  });

  it('are parsed, frozen and listed as summaries of id, kind, title, description and parameters', () => {
    expect(builtinTemplates().length).toBeGreaterThanOrEqual(10);
    expect(Object.isFrozen(builtinTemplates())).toBe(true);
    expect(Object.isFrozen(builtinTemplates()[0]!.parameters)).toBe(true);
    const summaries = builtinTemplateSummaries();
    expect(summaries.map((summary) => summary.id)).toEqual(builtinTemplates().map((template) => template.id));
    for (const summary of summaries) expect(Object.keys(summary).sort()).toEqual(['description', 'id', 'kind', 'parameters', 'title']);
    expect(builtinTemplateSummaries('agent').every((summary) => summary.kind === 'agent')).toBe(true);
    expect(builtinTemplateSummaries('policy')).toHaveLength(PATTERNS.length);
    const roleName = builtinAgentType('data-analyst')!.parameters.find((parameter) => parameter.name === 'roleName')!;
    expect(roleName).toMatchObject({ type: 'string', default: 'data-analyst', required: false });
  });

  it('parse each template once, on first use: the one looked up is the one listed', () => {
    const looked = builtinTemplate('data-analyst');
    expect(builtinTemplates().find((template) => template.id === 'data-analyst')).toBe(looked);
    expect(builtinTemplate('data-analyst')).toBe(looked);
    expect(builtinTemplates()).toBe(builtinTemplates());
  });

  it('know no template by a name that is not a file of theirs', () => {
    for (const id of ['constructor', '__proto__', 'toString', '../package', '']) expect(builtinTemplate(id), id).toBeUndefined();
  });

  it('mark pii-guardrail a guardrail whose rules are all locked', () => {
    const pattern = builtinPolicyPattern('pii-guardrail')!;
    expect(pattern.guardrail).toBe(true);
    const { rules } = instantiatePolicyPattern(pattern, {}, 'org');
    expect(rules.every((rule) => rule.locked && rule.effect !== 'allow')).toBe(true);
  });

  it('ship at least 3 scenarios a pattern, covering each effect its rules have, most naming the rule they expect', () => {
    for (const pattern of PATTERNS) {
      expect(pattern.scenarios.length, pattern.id).toBeGreaterThanOrEqual(3);
      const effects = new Set(pattern.rules.map((rule) => rule.effect));
      expect(new Set(pattern.scenarios.map((scenario) => scenario.expect)), pattern.id).toEqual(effects);
      for (const rule of pattern.rules)
        expect(
          pattern.scenarios.some((scenario) => scenario.expectRule === rule.id),
          `${pattern.id}: a scenario expects ${rule.id}`,
        ).toBe(true);
    }
  });
});

describe('each built-in policy pattern applied with its defaults', () => {
  it.each(APPLICATIONS)('%s at %s: validates, and its scenarios pass against the engine', async (id, scope) => {
    const pattern = builtinPolicyPattern(id)!;
    const applied = instantiatePolicyPattern(pattern, {}, scope, { agentEnvironment: 'prod' });
    expect(applied.rules).toHaveLength(pattern.rules.length);
    expect(applied.rules.every((rule) => rule.id.startsWith(`tpl.${id}.`))).toBe(true);
    expect(applied.scenarios.every((scenario) => scenario.name.startsWith(`[${id}] `))).toBe(true);
    if (scope.startsWith('agent:')) {
      expect(applied.scenarios.length).toBeGreaterThan(0);
      expect(applied.scenarios.every((scenario) => scenario.agentId === AGENT_ID && scenario.agent === undefined)).toBe(true);
    } else expect(applied.scenarios).toHaveLength(pattern.scenarios.length);
    if (scope.startsWith('team:')) expect(applied.scenarios.every((scenario) => scenario.agent?.team === 'support')).toBe(true);
    if (scope.startsWith('role:')) expect(applied.scenarios.every((scenario) => scenario.agent?.role === 'support-bot')).toBe(true);
    if (scope === 'tenant' || scope === 'org')
      expect(applied.scenarios.every((scenario) => scenario.agent?.team === 'any-team' && scenario.agent.role === 'any-role')).toBe(true);
    const results = await runScenarios(
      scope,
      { rules: applied.rules, ...(applied.defaults ? { defaults: applied.defaults } : {}) },
      applied.scenarios,
    );
    expect(failuresOf(results)).toEqual([]);
    expect(results.every((result) => result.passed)).toBe(true);
  });

  it.each(PATTERNS.map((pattern) => pattern.id))('%s: its scenarios fail without its rules, and without any one of them', async (id) => {
    const pattern = builtinPolicyPattern(id)!;
    const scope = SCOPE_OF[pattern.scopes.includes('role') ? 'role' : 'tenant'];
    const applied = instantiatePolicyPattern(pattern, {}, scope);
    const none = await runScenarios(scope, { rules: [] }, applied.scenarios);
    expect(none.some((result) => !result.passed)).toBe(true);
    for (const dropped of applied.rules) {
      const rest = applied.rules.filter((rule) => rule !== dropped);
      const results = await runScenarios(scope, { rules: rest }, applied.scenarios);
      expect(
        results.some((result) => !result.passed),
        `dropping ${dropped.id} fails a scenario`,
      ).toBe(true);
    }
  });

  it('brings no scenarios at agent scope unless it knows the agent’s environment, and only those of that environment', () => {
    const pattern = builtinPolicyPattern('coding-assistant-access')!;
    expect(instantiatePolicyPattern(pattern, {}, `agent:${AGENT_ID}`).scenarios).toEqual([]);
    const dev = instantiatePolicyPattern(pattern, {}, `agent:${AGENT_ID}`, { agentEnvironment: 'dev' }).scenarios;
    expect(dev.map((scenario) => scenario.name)).not.toContain('[coding-assistant-access] may not deploy');
    expect(dev.length).toBe(pattern.scenarios.filter((scenario) => scenario.agent.environment === 'dev').length);
  });
});

describe('each built-in agent type applied with its defaults', () => {
  it.each(AGENT_TYPES.map((agentType) => agentType.id))('%s: gives a role and its policy, whose scenarios pass', async (id) => {
    const agentType = builtinAgentType(id)!;
    const applied = instantiateAgentTemplate(agentType, {});
    expect(applied.scope).toBe(`role:${applied.role.name}`);
    expect(applied.role.description.length).toBeGreaterThan(0);
    expect(applied.role.quotas.decisionsPerDay).toBeGreaterThan(0);
    expect(applied.agentDefaults).toEqual({ role: applied.role.name, labels: agentType.labels, quotas: applied.role.quotas });
    expect(applied.rules.every((rule) => rule.id.startsWith(`tpl.${agentType.pattern.id}.`))).toBe(true);
    expect(applied.scenarios.length).toBeGreaterThanOrEqual(3);
    expect(applied.scenarios.every((scenario) => scenario.agent?.role === applied.role.name)).toBe(true);
    const results = await runScenarios(applied.scope, { rules: applied.rules }, applied.scenarios);
    expect(failuresOf(results)).toEqual([]);
    const none = await runScenarios(applied.scope, { rules: [] }, applied.scenarios);
    expect(none.some((result) => !result.passed)).toBe(true);
  });

  it('default to the role names support-assistant, data-analyst, coding-assistant and automation-bot', () => {
    expect(
      ['customer-support-assistant', 'data-analyst', 'coding-assistant', 'internal-automation-bot'].map(
        (id) => instantiateAgentTemplate(builtinAgentType(id)!, {}).role.name,
      ),
    ).toEqual(['support-assistant', 'data-analyst', 'coding-assistant', 'automation-bot']);
  });
});

describe('parseTemplates', () => {
  const pattern = () => JSON.parse(JSON.stringify(builtinPolicyPattern('payments-behind-approval'))) as Record<string, unknown>;

  it('refuses a malformed file, naming it', () => {
    expect(() => parseTemplates({ 'payments-behind-approval.json': { ...pattern(), rules: 'nope' } })).toThrow(
      /payments-behind-approval\.json is invalid/,
    );
    expect(() => parseTemplates({ 'payments-behind-approval.json': { ...pattern(), surprise: true } })).toThrow(/is invalid/);
  });

  it('refuses a file whose id is not its name', () => {
    expect(() => parseTemplates({ 'other.json': pattern() })).toThrow(/has the id payments-behind-approval/);
  });

  it('refuses placeholders naming no parameter, and scenarios expecting a rule the pattern does not have', () => {
    const bad = pattern();
    (bad.rules as Record<string, unknown>[])[0]!.when = 'request.context.amount <= {{nope}}';
    expect(() => parseTemplates({ 'payments-behind-approval.json': bad })).toThrow(/\{\{nope\}\}: no such parameter/);
    const wrongRule = pattern();
    (wrongRule.scenarios as Record<string, unknown>[])[0]!.expectRule = 'missing';
    expect(() => parseTemplates({ 'payments-behind-approval.json': wrongRule })).toThrow(/no rule missing/);
  });

  it('refuses a guardrail with an unlocked rule, and defaults on a pattern for team scope', () => {
    const guard = JSON.parse(JSON.stringify(builtinPolicyPattern('pii-guardrail'))) as { rules: { locked?: boolean }[] };
    guard.rules[0]!.locked = false;
    expect(() => parseTemplates({ 'pii-guardrail.json': guard })).toThrow(/only locked deny and require_approval/);
    expect(() => parseTemplates({ 'payments-behind-approval.json': { ...pattern(), defaults: { prod: 'deny' } } })).toThrow(
      /defaults are only for patterns applied at tenant or org scope/,
    );
  });

  it('refuses an agent type naming a pattern that does not exist or a parameter the pattern lacks', () => {
    const agentType = JSON.parse(JSON.stringify(builtinAgentType('data-analyst'))) as { pattern: { id: string; parameters: object } };
    expect(() => parseTemplates({ 'data-analyst.json': { ...agentType, pattern: { id: 'missing', parameters: {} } } })).toThrow(
      /not a policy pattern/,
    );
    const files = { 'read-only-data-access.json': builtinPolicyPattern('read-only-data-access') };
    expect(() =>
      parseTemplates({
        ...files,
        'data-analyst.json': { ...agentType, pattern: { id: 'read-only-data-access', parameters: { nope: 1 } } },
      }),
    ).toThrow(/passes nope/);
  });

  it('refuses a parameter default that breaks its own constraints', () => {
    const bad = pattern();
    (bad.parameters as Record<string, unknown>[])[1]!.default = -5;
    expect(() => parseTemplates({ 'payments-behind-approval.json': bad })).toThrow(/the default must be at least 0/);
  });
});
