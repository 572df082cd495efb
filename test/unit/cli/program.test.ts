import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { bashCompletion, completionTable } from '../../../cli/commands/completion';
import { createProgram } from '../../../cli/program';
import { table } from '../../../cli/support/output';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (text: string) => out.push(text), err: (text: string) => err.push(text), env: {} };
  return { io, out, err };
};

/** Every command path of the tree, leaves and groups. */
const paths = (command: Command, prefix: string[] = []): string[][] =>
  command.commands.flatMap((sub) => [[...prefix, sub.name()], ...paths(sub, [...prefix, sub.name()])]);

describe('the warden program', () => {
  it('offers every command the issue lists', () => {
    const all = paths(createProgram(capture().io)).map((path) => path.join(' '));
    for (const wanted of [
      'login',
      'whoami',
      'policy validate',
      'policy test',
      'policy pull',
      'policy plan',
      'policy apply',
      'policy rollback',
      'agents ls',
      'agents show',
      'agents register',
      'agents rotate-key',
      'agents suspend',
      'agents reinstate',
      'agents decommission',
      'approvals ls',
      'approvals approve',
      'approvals reject',
      'grants ls',
      'grants revoke',
      'audit ls',
      'audit tail',
      'simulate',
      'usage',
      'billing export',
      'incidents ls',
      'incidents ack',
      'incidents resolve',
      'maturity',
      'completion',
    ])
      expect(all).toContain(wanted);
  });

  it('answers --help on every command with its usage and exit code 0', async () => {
    const program = createProgram(capture().io);
    for (const path of paths(program)) {
      const { io, out } = capture();
      const error = await createProgram(io)
        .parseAsync(['node', 'warden', ...path, '--help'])
        .then(
          () => undefined,
          (thrown: { exitCode?: number }) => thrown,
        );
      expect(error?.exitCode, path.join(' ')).toBe(0);
      expect(out.join('\n'), path.join(' ')).toContain(`Usage: warden ${path.join(' ')}`);
    }
  });

  it('gives -o json to every command that prints, and billing export its -o file', () => {
    const program = createProgram(capture().io);
    const leaf = (path: string[]) => path.reduce<Command>((command, name) => command.commands.find((sub) => sub.name() === name)!, program);
    expect(leaf(['agents', 'ls']).options.find((option) => option.short === '-o')?.long).toBe('--output');
    expect(leaf(['billing', 'export']).options.find((option) => option.short === '-o')?.long).toBe('--out');
  });

  it('completes from the command tree: subcommands after a group, options after a command', () => {
    const program = createProgram(capture().io);
    const words = completionTable(program);
    expect(words.get('')).toEqual(expect.arrayContaining(['policy', 'agents', '--url', '--help']));
    expect(words.get('policy')).toEqual(expect.arrayContaining(['validate', 'test', 'pull', 'plan', 'apply', 'rollback']));
    expect(words.get('policy apply')).toEqual(expect.arrayContaining(['--reason', '--output', '--url']));
    expect(words.get('policy apply')).not.toContain('--version');
    const script = bashCompletion(program, 'bash');
    expect(script).toContain('complete -o default -F _warden_complete warden');
    expect(bashCompletion(program, 'zsh')).toMatch(/^autoload -U \+X bashcompinit && bashcompinit/);
  });
});

describe('table', () => {
  it('aligns columns, upper-cases headers, marks empty cells and cuts long ones', () => {
    const text = table(
      [
        { id: 'a', name: 'short', note: undefined },
        { id: 'bbbb', name: 'x'.repeat(80), note: ['p', 'q'] },
      ],
      [
        { header: 'id', get: (row) => row.id },
        { header: 'name', get: (row) => row.name },
        { header: 'note', get: (row) => row.note },
      ],
      10,
    );
    expect(text.split('\n')).toEqual(['ID    NAME        NOTE', 'a     short       -', `bbbb  ${'x'.repeat(9)}…  p,q`]);
  });
});
