import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FOLDER_LIMITS, fileOfScope, readPolicyFolder, scopeOfFile, writePolicyFolder } from '../../../cli/policy-as-code/folder';

const folderWith = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-folder-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
};

describe('the folder layout', () => {
  it('maps files to scopes and back', () => {
    expect(scopeOfFile('tenant.yaml')).toBe('tenant');
    expect(scopeOfFile('org.json')).toBe('org');
    expect(scopeOfFile('teams/support.yml')).toBe('team:support');
    expect(scopeOfFile('roles/bot.yaml')).toBe('role:bot');
    expect(scopeOfFile('agents/agt_01ARZ3NDEKTSV4RRFFQ69G5FAV.yaml')).toBe('agent:agt_01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(scopeOfFile('team.yaml')).toBeUndefined();
    expect(scopeOfFile('teams/a/b.yaml')).toBeUndefined();
    expect(scopeOfFile('teams/support.txt')).toBeUndefined();
    expect(fileOfScope('team:support')).toBe(join('teams', 'support.yaml'));
    expect(fileOfScope('tenant')).toBe('tenant.yaml');
  });

  it('reads YAML and JSON documents and test files, a bare list of scenarios included', () => {
    const folder = readPolicyFolder(
      folderWith({
        'tenant.yaml': 'rules: []',
        'teams/support.json': '{"rules": []}',
        'tests/a.yaml': 'scenarios: [{name: a}]',
        'tests/b.yaml': '- name: b',
        'README.md': '# ours',
      }),
    );
    expect(folder.problems).toEqual([]);
    expect(folder.scopes.map((scope) => scope.scope)).toEqual(['team:support', 'tenant']);
    expect(folder.tests.map((test) => test.scenarios)).toEqual([[{ name: 'a' }], [{ name: 'b' }]]);
  });

  it('names every problem with its file: outside the layout, unreadable, a scope written twice', () => {
    const folder = readPolicyFolder(
      folderWith({
        'tenant.yaml': 'rules: []',
        'tenant.json': '{"rules": []}',
        'team.yaml': 'rules: []',
        'teams/support.yaml': 'rules: [unclosed',
        'notes.txt': 'hello',
      }),
    );
    expect(folder.problems).toEqual([
      { file: 'notes.txt', message: expect.stringContaining('not part of the layout') },
      { file: 'team.yaml', message: expect.stringContaining('not part of the layout') },
      { file: join('teams', 'support.yaml'), message: expect.stringContaining('not valid YAML or JSON') },
      { file: 'tenant.yaml', message: 'scope tenant is already written in tenant.json' },
    ]);
  });

  it('refuses a file over the size limit without parsing it', () => {
    const folder = readPolicyFolder(folderWith({ 'tenant.yaml': `# ${'x'.repeat(FOLDER_LIMITS.maxFileBytes)}` }));
    expect(folder.problems[0]?.message).toMatch(/bytes; a file may be at most/);
  });

  it('reports a missing folder as a problem', () => {
    expect(readPolicyFolder('/nonexistent/warden').problems).toEqual([{ file: '/nonexistent/warden', message: 'not a folder' }]);
  });

  it('writes what pull fetched in the layout, readable back as the same documents', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-pull-'));
    const documents = new Map<string, unknown>([
      ['tenant', { rules: [{ id: 'a', effect: 'allow', actions: ['x'] }] }],
      ['role:bot', { rules: [] }],
    ]);
    const written = writePolicyFolder(dir, documents, [{ name: 's' }]);
    expect(written).toEqual(['tenant.yaml', join('roles', 'bot.yaml'), join('tests', 'library.yaml')]);
    const back = readPolicyFolder(dir);
    expect(new Map(back.scopes.map((scope) => [scope.scope, scope.content]))).toEqual(documents);
    expect(readFileSync(join(dir, 'tests', 'library.yaml'), 'utf8')).toContain('- name: s');
  });
});
