/**
 * What every command needs: where to print, the environment, and — from the global options, the
 * environment and the profile — the API client, the caller's tenant and the output format.
 */
import type { Command } from 'commander';
import { decodeJwt } from 'jose';
import { createApi } from './api-client';
import type { OutputFormat } from './output';
import { resolveTarget } from './profiles';

/** The process edges a command touches, passed in so that commands can be run in-process. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Where progress bars are drawn: stderr when it is a terminal, else nowhere. */
  readonly progress?: NodeJS.WritableStream | undefined;
}

/** The global options every command accepts. */
export interface GlobalOptions {
  readonly url?: string;
  readonly token?: string;
  readonly profile?: string;
  readonly tenant?: string;
  readonly output: OutputFormat;
  readonly timeout: string;
}

/** A usage problem: printed without a stack, exit code 2. */
export class UsageError extends Error {}

/** Ends a command with exit code 1 after it printed why (a policy problem, a failing test, a refused apply). */
export class CommandFailed extends Error {}

/** The claims of an operator token, read without checking it (the server checks it). */
export function claimsOf(token: string): { sub?: string; tenant?: string; roles?: string[]; teams?: string[]; exp?: number } {
  try {
    return decodeJwt(token) as ReturnType<typeof claimsOf>;
  } catch {
    return {};
  }
}

/** The API client and caller for `command`, from its global options. */
export function connect(io: Io, command: Command) {
  const options = command.optsWithGlobals<GlobalOptions>();
  const target = resolveTarget(io.env, options);
  if (!target.url) throw new UsageError('No server: run warden login --url <url>, or set WARDEN_URL');
  if (!target.token) throw new UsageError('Not signed in: run warden login, or set WARDEN_TOKEN');
  const api = createApi({ url: target.url, token: target.token, timeoutMs: Number(options.timeout) * 1000 });
  const claims = claimsOf(target.token);
  return {
    api,
    claims,
    output: options.output,
    profileName: target.profileName,
    /** The tenant of tenant-scoped commands: `--tenant`, else the token's. */
    tenant(): string {
      const tenant = options.tenant ?? claims.tenant;
      if (!tenant) throw new UsageError('No tenant: the token has none; pass --tenant <id>');
      return tenant;
    },
    /** `/v1/tenants/{tenant}` followed by `rest`. */
    tenantPath(rest: string): string {
      return `/v1/tenants/${encodeURIComponent(this.tenant())}${rest}`;
    },
    /** Prints `value` as JSON, or as `human(value)` for people. */
    print<T>(value: T, human: (value: T) => string) {
      io.out(options.output === 'json' ? JSON.stringify(value, null, 2) : human(value));
    },
  };
}
export type Connection = ReturnType<typeof connect>;
