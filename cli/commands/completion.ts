/**
 * `warden completion bash|zsh`: a completion script generated from the command tree itself, so it
 * never falls behind the commands. Install: `source <(warden completion bash)`.
 */
import type { Command } from 'commander';
import { type Io, UsageError } from '../support/context';

/** Every command path (space-separated, '' for the top) with the words that may follow it. */
export function completionTable(program: Command): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  const visit = (command: Command, path: string[], inherited: string[]) => {
    const own = command.options.map((option) => option.long).filter((flag): flag is string => flag !== undefined);
    const flags = [...inherited, ...own, '--help'];
    entries.set(path.join(' '), [...command.commands.map((sub) => sub.name()), ...new Set(flags)]);
    const passedDown = path.length === 0 ? own.filter((flag) => flag !== '--version') : inherited;
    for (const sub of command.commands) visit(sub, [...path, sub.name()], passedDown);
  };
  visit(program, [], []);
  return entries;
}

/** A bash completion script for the tree (zsh runs it through bashcompinit). */
export function bashCompletion(program: Command, shell: 'bash' | 'zsh'): string {
  const name = program.name();
  const cases = [...completionTable(program)]
    .sort(([a], [b]) => b.length - a.length)
    .map(([path, words]) => `    ${path === '' ? '""' : `"${path}"|"${path} "*`}) words="${words.join(' ')}" ;;`);
  return [
    ...(shell === 'zsh' ? ['autoload -U +X bashcompinit && bashcompinit'] : []),
    `_${name}_complete() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}" path="" words=""',
    '  local word',
    '  for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do',
    '    case "$word" in -*) ;; *) path="${path:+$path }$word" ;; esac',
    '  done',
    '  case "$path" in',
    ...cases,
    '  esac',
    '  COMPREPLY=( $(compgen -W "$words" -- "$cur") )',
    '}',
    `complete -o default -F _${name}_complete ${name}`,
    '',
  ].join('\n');
}

export function completionCommand(io: Io, program: Command) {
  program
    .command('completion')
    .description('Print a shell completion script: source <(warden completion bash)')
    .argument('<shell>', 'bash or zsh')
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh') throw new UsageError('completion is for bash or zsh');
      io.out(bashCompletion(program, shell));
    });
}
