import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readPolicyFolder } from '../../../cli/policy-as-code/folder';
import { testFolder, validateFolder } from '../../../cli/policy-as-code/offline';

const folderWith = (files: Record<string, unknown>) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-offline-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), typeof content === 'string' ? content : stringify(content));
  }
  return readPolicyFolder(dir);
};
const agent = { team: 'support', role: 'bot', environment: 'prod' };

describe('offline validation', () => {
  it('reports what the server would refuse when saving, with the file and the path in the document', () => {
    const validation = validateFolder(
      folderWith({
        'tenant.yaml': { rules: [{ id: 'a', effect: 'allow', actions: ['x'], locked: true }] },
        'teams/support.yaml': { defaults: { prod: 'deny' }, rules: [] },
        'roles/bad name.yaml': { rules: [] },
        'agents/not-an-id.yaml': { rules: [] },
      }),
    );
    expect(validation.ok).toBe(false);
    const problems = validation.ok ? [] : validation.problems;
    expect(problems).toContainEqual({
      file: 'tenant.yaml',
      path: 'rules.0.locked',
      message: expect.stringContaining('an allow cannot be locked'),
    });
    expect(problems).toContainEqual({
      file: join('teams', 'support.yaml'),
      path: 'defaults',
      message: expect.stringContaining('only in the org and tenant'),
    });
    expect(problems.map((problem) => problem.file)).toEqual(
      expect.arrayContaining([join('roles', 'bad name.yaml'), join('agents', 'not-an-id.yaml')]),
    );
  });

  it('refuses scenarios the server would refuse, and the same name in two files', () => {
    const scenario = { name: 'reads', agent, request: { action: 'x' }, expect: 'allow' };
    const validation = validateFolder(
      folderWith({
        'tests/a.yaml': { scenarios: [scenario] },
        'tests/b.yaml': { scenarios: [scenario, { name: 'no agent', request: { action: 'x' }, expect: 'allow' }] },
      }),
    );
    const problems = validation.ok ? [] : validation.problems;
    expect(problems).toContainEqual({ file: join('tests', 'b.yaml'), path: 'scenarios.1.agent', message: 'give agent or agentId' });
    const duplicate = validateFolder(folderWith({ 'tests/a.yaml': { scenarios: [scenario] }, 'tests/b.yaml': [scenario] }));
    expect(duplicate.ok ? [] : duplicate.problems).toEqual([
      { file: join('tests', 'b.yaml'), path: 'scenarios.0.name', message: `"reads" is also a scenario of ${join('tests', 'a.yaml')}` },
    ]);
  });
});

describe('offline tests', () => {
  it('decides each scenario with every scope of the folder, org first, as the server assembles them', async () => {
    const validation = validateFolder(
      folderWith({
        'org.yaml': { rules: [{ id: 'org-guard', effect: 'deny', actions: ['data:wipe'], locked: true }] },
        'tenant.yaml': { defaults: { prod: 'deny' }, rules: [{ id: 'wipe', effect: 'allow', actions: ['data:*'] }] },
        'teams/support.yaml': {
          rules: [{ id: 'big-refunds', effect: 'require_approval', actions: ['refund'], when: 'request.context.amount > 10' }],
        },
        'tests/t.yaml': {
          scenarios: [
            { name: 'the org guard wins', agent, request: { action: 'data:wipe' }, expect: 'deny', expectRule: 'org-guard' },
            { name: 'a condition decides', agent, request: { action: 'refund', context: { amount: 50 } }, expect: 'require_approval' },
            { name: 'the default denies', agent, request: { action: 'refund', context: { amount: 5 } }, expect: 'deny' },
            { name: 'a wrong expectation fails', agent, request: { action: 'data:read' }, expect: 'deny' },
            { name: 'a real agent', agentId: 'agt_01ARZ3NDEKTSV4RRFFQ69G5FAV', request: { action: 'x' }, expect: 'allow' },
          ],
        },
      }),
    );
    if (!validation.ok) throw new Error(JSON.stringify(validation.problems));
    const results = await testFolder(validation.folder, Date.parse('2026-12-07T00:00:00Z'));
    expect(results.map((result) => [result.test, result.skipped === undefined ? result.passed : 'skipped'])).toEqual([
      ['the org guard wins', true],
      ['a condition decides', true],
      ['the default denies', true],
      ['a wrong expectation fails', false],
      ['a real agent', 'skipped'],
    ]);
    expect(results[3]).toMatchObject({ actual: 'allow', rule: { id: 'wipe', scope: 'tenant', version: 0 }, file: join('tests', 't.yaml') });
  });
});
