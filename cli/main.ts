/**
 * `warden`'s entry: runs the program with the process's streams and environment and turns the
 * outcome into an exit code (0 success, 1 failure or a refused request, 2 bad usage).
 */
import { CommanderError } from 'commander';
import { createProgram } from './program';
import { CommandFailed, UsageError } from './support/context';
import { errorText } from './support/output';

const io = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
  env: process.env,
  progress: process.stderr.isTTY ? process.stderr : undefined,
};

try {
  await createProgram(io).parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof CommandFailed) {
    io.err(error.message);
    process.exitCode = 1;
  } else if (error instanceof UsageError) {
    io.err(`error: ${error.message}`);
    process.exitCode = 2;
  } else {
    io.err(errorText(error));
    process.exitCode = 1;
  }
}
