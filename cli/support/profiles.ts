/**
 * Where the CLI keeps who you are: profiles (a server URL and a token) in
 * `$WARDEN_CONFIG_DIR`, else `$XDG_CONFIG_HOME/warden`, else `~/.config/warden`, in `config.json`
 * readable by the user only. `--url`/`--token` and `WARDEN_URL`/`WARDEN_TOKEN` win over the profile.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';

const ProfileSchema = z.object({ url: z.url(), token: z.string().min(1), signedInAs: z.string().optional() });
const ConfigSchema = z.object({ current: z.string().optional(), profiles: z.record(z.string(), ProfileSchema).default({}) });
export type Profile = z.infer<typeof ProfileSchema>;
type Config = z.infer<typeof ConfigSchema>;

/** The folder of the CLI's configuration. */
export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.WARDEN_CONFIG_DIR) return env.WARDEN_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'warden');
}

export function readConfig(env: NodeJS.ProcessEnv): Config {
  const file = join(configDir(env), 'config.json');
  if (!existsSync(file)) return { profiles: {} };
  const parsed = ConfigSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a Warden configuration: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Saves `profile` under `name` and makes it the current one. */
export function saveProfile(env: NodeJS.ProcessEnv, name: string, profile: Profile): string {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const config = readConfig(env);
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ current: name, profiles: { ...config.profiles, [name]: profile } }, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

/** The server and token to use: flags, then environment, then the named or current profile. */
export function resolveTarget(env: NodeJS.ProcessEnv, flags: { url?: string; token?: string; profile?: string }) {
  const config = readConfig(env);
  const name = flags.profile ?? (env.WARDEN_PROFILE || undefined) ?? config.current ?? 'default';
  const profile = config.profiles[name];
  if (flags.profile && !profile) throw new Error(`No profile "${flags.profile}": run warden login --profile ${flags.profile}`);
  // An empty variable counts as unset.
  const url = flags.url ?? (env.WARDEN_URL || undefined) ?? profile?.url;
  const token = flags.token ?? (env.WARDEN_TOKEN || undefined) ?? profile?.token;
  return { profileName: name, url, token };
}
