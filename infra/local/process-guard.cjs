#!/usr/bin/env node
/*
 * process-guard: runs one child process and makes sure it dies with its parent.
 *
 *   node process-guard.cjs <parentPid> <command> [args...]
 *
 * The guard kills the child (SIGTERM, then SIGKILL after 3 s) when the parent process is gone
 * (polled every 250 ms, and at once when the guard's stdin pipe closes), when the guard is told to
 * stop (SIGTERM/SIGINT/SIGHUP), and exits with the child. This is how DynamoDB Local's java
 * process never outlives `npm start` or a test run, however they end (even by SIGKILL).
 * SIGUSR1 pauses the child (SIGSTOP) and SIGUSR2 resumes it (SIGCONT): fault tests stall the
 * database this way, as a hung dependency would. CommonJS and dependency-free so it starts in
 * milliseconds.
 */
'use strict';
const { spawn } = require('node:child_process');

const [parentArg, command, ...args] = process.argv.slice(2);
const parentPid = Number(parentArg);
if (!Number.isInteger(parentPid) || !command) {
  process.stderr.write('usage: process-guard.cjs <parentPid> <command> [args...]\n');
  process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: process.env.GUARD_CWD || process.cwd() });
let stopping = false;

function stop() {
  if (stopping) return;
  stopping = true;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  }
}

const parentAlive = () => {
  try {
    process.kill(parentPid, 0);
    return true;
  } catch {
    return false;
  }
};

setInterval(() => {
  if (!parentAlive()) stop();
}, 250).unref();
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
process.on('SIGUSR1', () => child.kill('SIGSTOP'));
process.on('SIGUSR2', () => child.kill('SIGCONT'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
child.on('error', (error) => {
  process.stderr.write(`process-guard: cannot start ${command}: ${error.message}\n`);
  process.exit(127);
});
