import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import validator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, WORKFLOWS } from '../../../shared/manifest';

const root = join(import.meta.dirname, '../../..');

describe('The workflows of the manifest', () => {
  const workflows = Object.values(WORKFLOWS);

  it.each(workflows.map((workflow) => [workflow.id, workflow] as const))(
    '%s is valid Amazon States Language (asl-validator)',
    (_id, workflow) => {
      const definition = JSON.parse(readFileSync(join(root, workflow.definitionFile), 'utf8')) as unknown;
      const result = validator(definition);
      expect(result.errorsText('\n')).toBe('');
      expect(result.isValid).toBe(true);
    },
  );

  it.each(workflows.map((workflow) => [workflow.id, workflow] as const))(
    '%s uses exactly the placeholders the manifest substitutes, each naming a function',
    (_id, workflow) => {
      const text = readFileSync(join(root, workflow.definitionFile), 'utf8');
      const placeholders = new Set([...text.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]));
      expect([...placeholders].sort()).toEqual(Object.keys(workflow.functions).sort());
      for (const functionId of Object.values(workflow.functions)) expect(FUNCTIONS.map((fn) => fn.id)).toContain(functionId);
    },
  );

  it('catches an invalid definition (the validator is not a formality)', () => {
    const result = validator({ StartAt: 'Missing', States: { Only: { Type: 'Pass', Next: 'Nowhere' } } });
    expect(result.isValid).toBe(false);
  });
});
