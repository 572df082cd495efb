/**
 * `npm run token -- --role <role> [--tenant <id>] [--teams a,b] [--sub <name>] [--expires 12h]`
 * prints an operator JWT signed by the local dev key (made at first start under WARDEN_DATA_DIR),
 * for curl and scripts.
 */
import { parseArgs } from 'node:util';
import { signOperatorToken } from '../../shared/auth/operator-token';
import { OperatorRoleSchema } from '../../shared/auth/principal';
import { LOCAL_TOKEN_SETTINGS, loadOrCreateDevCredentials } from './dev-credentials';
import { readLocalConfig } from './local-config';

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    tenant: { type: 'string' },
    teams: { type: 'string' },
    sub: { type: 'string' },
    expires: { type: 'string', default: '12h' },
  },
});

const roles = (values.role ?? []).flatMap((role) => role.split(','));
const unknown = roles.filter((role) => !OperatorRoleSchema.safeParse(role).success);
if (roles.length === 0 || unknown.length > 0) {
  console.error(`usage: npm run token -- --role <${OperatorRoleSchema.options.join('|')}> [--tenant <id>] [--teams a,b] [--sub <name>]`);
  if (unknown.length > 0) console.error(`unknown role: ${unknown.join(', ')}`);
  process.exit(2);
}

const credentials = await loadOrCreateDevCredentials(readLocalConfig().dataDir);
const token = await signOperatorToken(
  {
    sub: values.sub ?? `${roles[0]}@local`,
    roles,
    ...(values.tenant === undefined ? {} : { tenant: values.tenant }),
    ...(values.teams === undefined ? {} : { teams: values.teams.split(',').filter(Boolean) }),
  },
  credentials.privateJwk,
  { ...LOCAL_TOKEN_SETTINGS, expiresIn: values.expires },
);
console.log(token);
