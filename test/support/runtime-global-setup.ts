/**
 * End-to-end tests' global setup: one local runtime (test/support/test-runtime.ts) shared by the
 * e2e files, its URL, data directory and log file provided to them.
 */
import type { TestProject } from 'vitest/node';
import { startTestRuntime } from './test-runtime';

declare module 'vitest' {
  export interface ProvidedContext {
    runtimeUrl: string;
    runtimeDataDir: string;
    runtimeLogFile: string;
  }
}

export default async function setup(project: TestProject) {
  const runtime = await startTestRuntime();
  project.provide('runtimeUrl', runtime.url);
  project.provide('runtimeDataDir', runtime.dataDir);
  project.provide('runtimeLogFile', runtime.logFile);
  return () => runtime.stop();
}
