import { describe, expect, it } from 'vitest';
import { readDocumentText } from '../../../shared/policy/document-text';
import { validatePolicyDocument } from '../../../shared/policy/validate';

/** The details of the ValidationError `validatePolicyDocument` throws. */
function refusal(scope: string, input: unknown): { path?: string; ruleId?: string; message: string }[] {
  try {
    validatePolicyDocument(scope, input);
  } catch (error) {
    expect(error).toMatchObject({ name: 'ValidationError', code: 'invalid_policy' });
    return (error as { details: { path?: string; ruleId?: string; message: string }[] }).details;
  }
  throw new Error('the document was accepted');
}

describe('Function: validatePolicyDocument', () => {
  it('accepts the POLICY.md example and applies the defaults', () => {
    const document = validatePolicyDocument('tenant', {
      defaults: { dev: 'allow', prod: 'deny' },
      rules: [
        {
          id: 'no-prod-customer-export',
          effect: 'deny',
          actions: ['data:export'],
          tools: ['crm.*'],
          resources: ['customers/**'],
          environments: ['prod'],
          when: 'request.context.classification in ["restricted", "confidential"]',
          risk: 'high',
          locked: true,
          message: 'Exporting customer data from prod is not allowed',
        },
        { id: 'plain', effect: 'allow' },
      ],
    });
    expect(document.rules[1]).toEqual({
      id: 'plain',
      effect: 'allow',
      actions: ['*'],
      tools: ['*'],
      resources: ['**'],
      risk: 'low',
      locked: false,
    });
  });

  it('refuses unknown fields, naming the rule and the field', () => {
    const [detail] = refusal('tenant', { rules: [{ id: 'r1', effect: 'deny', colour: 'red' }] });
    expect(detail).toMatchObject({ path: 'rules.0', ruleId: 'r1' });
    expect(detail!.message).toContain('colour');
    expect(refusal('tenant', { rules: [], extra: 1 })[0]!.message).toContain('extra');
  });

  it('refuses duplicate rule ids', () => {
    expect(
      refusal('tenant', {
        rules: [
          { id: 'same', effect: 'deny' },
          { id: 'same', effect: 'allow' },
        ],
      }),
    ).toEqual([expect.objectContaining({ path: 'rules.1.id', ruleId: 'same', message: expect.stringContaining('duplicate') })]);
  });

  it('refuses a locked allow', () => {
    expect(refusal('org', { rules: [{ id: 'open', effect: 'allow', locked: true }] })).toEqual([
      expect.objectContaining({ path: 'rules.0.locked', ruleId: 'open' }),
    ]);
  });

  it('refuses defaults outside the org and tenant scopes', () => {
    for (const scope of ['team:a', 'role:b', 'agent:agt_01TEST0000000000000000000A'])
      expect(refusal(scope, { defaults: { dev: 'allow' }, rules: [] })).toEqual([expect.objectContaining({ path: 'defaults' })]);
    expect(validatePolicyDocument('org', { defaults: { dev: 'allow' }, rules: [] }).defaults).toEqual({ dev: 'allow' });
  });

  it('refuses grantMinutes on a rule that is not require_approval', () => {
    expect(refusal('tenant', { rules: [{ id: 'g', effect: 'deny', grantMinutes: 30 }] })).toEqual([
      expect.objectContaining({ path: 'rules.0.grantMinutes', ruleId: 'g' }),
    ]);
  });

  it.each([
    ['an empty glob', { actions: [''] }, 'rules.0.actions.0'],
    ['a glob with spaces', { tools: ['crm read'] }, 'rules.0.tools.0'],
    ['"**" inside a segment', { resources: ['customers**'] }, 'rules.0.resources.0'],
    ['an empty resource segment', { resources: ['a//b'] }, 'rules.0.resources.0'],
  ])('refuses a bad glob: %s', (_name, fields, path) => {
    expect(refusal('tenant', { rules: [{ id: 'bad', effect: 'deny', ...fields }] })).toEqual([
      expect.objectContaining({ path, ruleId: 'bad' }),
    ]);
  });

  it.each([
    ['that does not parse', 'request.action =='],
    ['that refers to something else than agent, request and now', 'secrets.leak == true'],
    ['that is not a boolean', '1 + 2'],
  ])('refuses a CEL condition %s', (_name, when) => {
    expect(refusal('tenant', { rules: [{ id: 'cond', effect: 'deny', when }] })).toEqual([
      expect.objectContaining({ path: 'rules.0.when', ruleId: 'cond' }),
    ]);
  });

  it('reports every problem at once', () => {
    expect(
      refusal('team:x', {
        defaults: { dev: 'allow' },
        rules: [
          { id: 'a', effect: 'allow', locked: true },
          { id: 'b', effect: 'deny', when: 'x' },
        ],
      }),
    ).toHaveLength(3);
  });
});

describe('Function: readDocumentText', () => {
  it('reads YAML and JSON to the same document', () => {
    const yaml = 'defaults:\n  dev: allow\nrules:\n  - id: r\n    effect: deny\n    actions: ["data:export"]\n';
    const json = JSON.stringify({ defaults: { dev: 'allow' }, rules: [{ id: 'r', effect: 'deny', actions: ['data:export'] }] });
    expect(validatePolicyDocument('tenant', readDocumentText(yaml))).toEqual(validatePolicyDocument('tenant', readDocumentText(json)));
  });
});
