import { describe, expect, it } from 'vitest';
import { runTestLibrary, ScenarioSchema, summarizeResults } from '../../../shared/policy/test-runner';
import { agent, scopes } from '../../support/policy/build';

const policy = scopes({
  tenant: { defaults: { prod: 'deny' }, rules: [{ id: 'read', effect: 'allow', actions: ['tool:invoke'], tools: ['zendesk.read'] }] },
});
const resolve = async () => ({ agent, scopes: policy });

describe('Function: runTestLibrary', () => {
  it('reports each scenario with expected, actual and the deciding rule', async () => {
    const scenarios = [
      {
        name: 'reads',
        agent: { team: 'support', role: 'bot', environment: 'prod' },
        request: { action: 'tool:invoke', tool: 'zendesk.read' },
        expect: 'allow',
        expectRule: 'read',
      },
      {
        name: 'writes',
        agent: { team: 'support', role: 'bot', environment: 'prod' },
        request: { action: 'tool:invoke', tool: 'zendesk.write' },
        expect: 'allow',
      },
      {
        name: 'wrong rule',
        agent: { team: 'support', role: 'bot', environment: 'prod' },
        request: { action: 'tool:invoke', tool: 'zendesk.read' },
        expect: 'allow',
        expectRule: 'other',
      },
    ].map((scenario) => ScenarioSchema.parse(scenario));
    const summary = summarizeResults(await runTestLibrary(scenarios, resolve, 0));
    expect(summary).toMatchObject({ passed: 1, failed: 2 });
    expect(summary.results[0]).toMatchObject({
      test: 'reads',
      passed: true,
      actual: 'allow',
      rule: { id: 'read', scope: 'tenant', version: 1 },
    });
    expect(summary.results[1]).toMatchObject({ test: 'writes', passed: false, expected: 'allow', actual: 'deny' });
    expect(summary.results[1]).not.toHaveProperty('rule');
    expect(summary.results[2]).toMatchObject({ passed: false, expectedRule: 'other', rule: { id: 'read' } });
  });

  it('fails a scenario whose agent does not exist', async () => {
    const [result] = await runTestLibrary(
      [ScenarioSchema.parse({ name: 'ghost', agentId: 'agt_01TEST0000000000000000000Z', request: { action: 'x' }, expect: 'deny' })],
      async () => undefined,
      0,
    );
    expect(result).toMatchObject({ passed: false, actual: 'error' });
  });

  it('refuses a scenario with both or neither of agent and agentId', () => {
    expect(ScenarioSchema.safeParse({ name: 'n', request: { action: 'x' }, expect: 'deny' }).success).toBe(false);
  });
});
