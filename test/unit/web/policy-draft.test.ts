/** The console's policy editor reads a draft as typed, in JSON or YAML, and writes a document back in either. */
import { describe, expect, it } from 'vitest';
import { readDraft, writeDraft } from '../../../web/src/views/policy-draft';

const document = { defaults: { prod: 'deny' }, rules: [{ id: 'read', effect: 'allow', actions: ['tickets:read'] }] };

describe('Policy drafts in the console', () => {
  it.each(['json', 'yaml'] as const)('reads back what it wrote in %s', (format) => {
    expect(readDraft(writeDraft(document, format), format)).toEqual({ document });
  });

  it('says where the YAML breaks, with line and column', () => {
    const read = readDraft('rules:\n  - id: [unclosed\n', 'yaml');
    expect(read).toMatchObject({ problem: expect.stringMatching(/^Not YAML yet: .*line 3/s) });
  });

  it('says what JSON lacks while it is being typed', () => {
    expect(readDraft('{ "rules": [', 'json')).toMatchObject({ problem: expect.stringMatching(/^Not JSON yet/) });
  });

  it('asks for a rules array', () => {
    expect(readDraft('defaults:\n  prod: deny\n', 'yaml')).toEqual({ problem: 'The document needs a "rules" array' });
  });

  it('refuses YAML that expands aliases past the cap', () => {
    const names = 'abcdefghijklm'.split('');
    const level = (name: string, previous: string) => `${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`;
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...names.slice(1).map((name, index) => level(name, names[index]!)),
      'rules: []',
    ].join('\n');
    expect(readDraft(bomb, 'yaml')).toMatchObject({ problem: expect.stringMatching(/^Not YAML yet/) });
  });
});
