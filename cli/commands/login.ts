/**
 * `warden login` and `warden whoami`. Login saves a profile (server URL and token): with `--token`
 * as given; against the local runtime through its development sign-in (`--role`, `--tenant`,
 * `--team`); on AWS through the issuer's device authorization flow, which the server's
 * `/config.json` names (the console's configuration).
 */
import type { Command } from 'commander';
import * as z from 'zod';
import { ApiError, createApi } from '../support/api-client';
import { claimsOf, type GlobalOptions, type Io, UsageError } from '../support/context';
import { deviceSignIn } from '../support/device-sign-in';
import { fields } from '../support/output';
import { resolveTarget, saveProfile } from '../support/profiles';

const ConsoleConfigSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('dev') }),
  z.object({ mode: z.literal('oidc'), oidc: z.object({ issuer: z.url(), clientId: z.string(), scopes: z.array(z.string()).optional() }) }),
]);

const collect = (value: string, previous: string[] = []) => [...previous, value];

async function consoleConfig(url: string) {
  const response = await fetch(`${url.replace(/\/+$/, '')}/config.json`, { signal: AbortSignal.timeout(15_000) }).catch(
    (error: unknown) => {
      throw new ApiError(0, 'unreachable', `Cannot reach ${url}: ${String((error as Error).cause ?? error)}`);
    },
  );
  if (!response.ok) throw new UsageError(`${url} does not say how to sign in (GET /config.json answered ${response.status}): pass --token`);
  return ConsoleConfigSchema.parse(await response.json());
}

export function loginCommands(io: Io, program: Command) {
  program
    .command('login')
    .description('Sign in and save a profile (server URL and token)')
    .option('--role <role>', 'local development sign-in: a role (repeatable)', collect)
    .option('--team <team>', 'local development sign-in: a team of a team lead (repeatable)', collect)
    .option('--sub <sub>', 'local development sign-in: who you are')
    .option('--client-id <id>', "the CLI's client id at the issuer (default: the console's)")
    .action(async (options: { role?: string[]; team?: string[]; sub?: string; clientId?: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const name = globals.profile ?? 'default';
      const url = globals.url ?? resolveTarget(io.env, {}).url;
      if (!url) throw new UsageError('Which server? Pass --url <url>');
      let token = globals.token;
      if (!token) {
        const config = await consoleConfig(url);
        if (config.mode === 'dev') {
          if (!options.role?.length) throw new UsageError('The local runtime signs you in as a role: pass --role (and --tenant, --team)');
          const answer = await createApi({ url }).post<{ token: string }>('/_local/sign-in', {
            roles: options.role,
            ...(globals.tenant ? { tenant: globals.tenant } : {}),
            ...(options.team ? { teams: options.team } : {}),
            ...(options.sub ? { sub: options.sub } : {}),
          });
          token = answer.token;
        } else {
          token = await deviceSignIn({
            issuer: config.oidc.issuer,
            clientId: options.clientId ?? config.oidc.clientId,
            scopes: config.oidc.scopes ?? ['openid', 'profile', 'email'],
            prompt: (where, code) => io.err(`To sign in, open ${where} and enter the code ${code}`),
          });
        }
      }
      const claims = claimsOf(token);
      const file = saveProfile(io.env, name, { url, token, ...(claims.sub ? { signedInAs: claims.sub } : {}) });
      io.out(`Signed in to ${url} as ${claims.sub ?? 'unknown'} (${(claims.roles ?? []).join(', ')}); profile "${name}" saved in ${file}`);
    });

  program
    .command('whoami')
    .description('Who the current profile or token signs you in as')
    .action((_options: unknown, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const target = resolveTarget(io.env, globals);
      if (!target.token) throw new UsageError('Not signed in: run warden login');
      const claims = claimsOf(target.token);
      const view = {
        url: target.url,
        profile: target.profileName,
        sub: claims.sub,
        tenant: claims.tenant,
        roles: claims.roles ?? [],
        teams: claims.teams ?? [],
        expiresAt: claims.exp ? new Date(claims.exp * 1000).toISOString() : undefined,
      };
      io.out(
        globals.output === 'json'
          ? JSON.stringify(view, null, 2)
          : fields([
              ['server', view.url],
              ['profile', view.profile],
              ['sub', view.sub],
              ['tenant', view.tenant],
              ['roles', view.roles],
              ['teams', view.teams],
              ['expires', view.expiresAt],
            ]),
      );
    });
}
