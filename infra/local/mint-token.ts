/**
 * `npm run token -- --role <role> [--tenant <id>] [--teams a,b] [--sub <name>] [--expires 12h]`
 * prints an operator JWT signed by the local dev key (made at first start under WARDEN_DATA_DIR),
 * for curl and scripts. `--expires` (`<n>` seconds, or `<n>s|m|h|d`) defaults to, and may not
 * exceed, WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS (12 h unless set).
 */
import { parseArgs } from 'node:util';
import { signOperatorToken } from '../../shared/auth/operator-token';
import { OperatorRoleSchema } from '../../shared/auth/principal';
import { LOCAL_TOKEN_SETTINGS, loadOrCreateDevCredentials } from './dev-credentials';
import { readLocalConfig } from './local-config';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds of a duration such as `90`, `30m`, `12h` or `1d`; undefined when it is not one. */
function durationSeconds(text: string): number | undefined {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match?.[1]) return undefined;
  return Number(match[1]) * (UNIT_SECONDS[match[2] || 's'] ?? 1);
}

const usage = `usage: npm run token -- --role <${OperatorRoleSchema.options.join('|')}> [--tenant <id>] [--teams a,b] [--sub <name>] [--expires 12h]`;
const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    tenant: { type: 'string' },
    teams: { type: 'string' },
    sub: { type: 'string' },
    expires: { type: 'string' },
  },
});

const config = readLocalConfig();
const maxSeconds = config.operatorTokenMaxLifetimeSeconds;
const roles = (values.role ?? []).flatMap((role) => role.split(','));
const unknown = roles.filter((role) => !OperatorRoleSchema.safeParse(role).success);
const lifetimeSeconds = values.expires === undefined ? maxSeconds : durationSeconds(values.expires);
const problems = [
  ...(roles.length === 0 ? ['give at least one --role'] : []),
  ...(unknown.length > 0 ? [`unknown role: ${unknown.join(', ')}`] : []),
  ...(lifetimeSeconds === undefined || lifetimeSeconds <= 0
    ? [`--expires must be a duration such as 30m or 12h, not ${values.expires}`]
    : []),
  ...(lifetimeSeconds !== undefined && lifetimeSeconds > maxSeconds
    ? [
        `--expires ${values.expires} is longer than the maximum token lifetime of ${maxSeconds} s (WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS)`,
      ]
    : []),
];
if (problems.length > 0) {
  console.error([usage, ...problems].join('\n'));
  process.exit(2);
}

const credentials = await loadOrCreateDevCredentials(config.dataDir);
const token = await signOperatorToken(
  {
    sub: values.sub ?? `${roles[0]}@local`,
    roles,
    ...(values.tenant === undefined ? {} : { tenant: values.tenant }),
    ...(values.teams === undefined ? {} : { teams: values.teams.split(',').filter(Boolean) }),
  },
  credentials.privateJwk,
  { ...LOCAL_TOKEN_SETTINGS, lifetimeSeconds },
);
console.log(token);
