/**
 * `npm run fleet -- [--url http://localhost:3000] [--tenants 2] [--agents 4] [--minutes 4]
 * [--inject deny_spike|volume_spike|none] [--webhook URL]`: drives the running local system
 * (`npm start`) with a simulated fleet, a minute at a time on the wall clock, with a progress line.
 * The detectors learn for 2 minutes; then (by default) one agent's burst of denials is injected,
 * and the anomaly and its incident show a minute or two later (and reach `--webhook`, if given).
 * The tenants run Warden's default playbooks: the spiking agent is quarantined, and the progress
 * line says how long after its burst began (the time to quarantine).
 */
import { parseArgs } from 'node:util';
import { signOperatorToken } from '../../../shared/auth/operator-token';
import { LOCAL_TOKEN_SETTINGS, loadOrCreateDevCredentials } from '../dev-credentials';
import { readLocalConfig } from '../local-config';
import { driveMinute, type FleetApi, type FleetPlan, type Injection, setUpFleet } from './fleet-generator';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: `http://localhost:${process.env.PORT ?? '3000'}` },
    tenants: { type: 'string', default: '2' },
    agents: { type: 'string', default: '4' },
    minutes: { type: 'string', default: '4' },
    inject: { type: 'string', default: 'deny_spike' },
    webhook: { type: 'string' },
  },
});
const count = (name: string, text: string, max: number) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    console.error(`--${name} must be a whole number from 1 to ${max}`);
    process.exit(2);
  }
  return value;
};
const minutes = count('minutes', values.minutes, 60);
const learningMinutes = 2;
if (!['deny_spike', 'volume_spike', 'none'].includes(values.inject)) {
  console.error('--inject must be deny_spike, volume_spike or none');
  process.exit(2);
}

const config = readLocalConfig();
const credentials = await loadOrCreateDevCredentials(config.dataDir);
const mint = (claims: { roles: string[]; tenant?: string; sub?: string }) =>
  signOperatorToken({ sub: claims.sub ?? `${claims.roles[0]}@fleet`, ...claims }, credentials.privateJwk, LOCAL_TOKEN_SETTINGS);
const api: FleetApi = {
  async request(method, path, options) {
    const response = await fetch(`${values.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  },
};

const plan: FleetPlan = {
  prefix: `fleet-${Math.random().toString(36).slice(2, 7)}`,
  tenants: count('tenants', values.tenants, 20),
  teams: ['support', 'finance'],
  agentsPerTeam: count('agents', values.agents, 50),
  decisionsPerAgentMinute: 20,
  learningMinutes,
  ...(values.webhook ? { webhookUrl: values.webhook } : {}),
  defaultPlaybooks: true,
};
const fleet = await setUpFleet(api, mint, plan);
console.log(`fleet: ${fleet.tenants.map((tenant) => tenant.id).join(', ')} — ${fleet.tenants[0]!.agents.length} agents each`);
const firstAdmin = fleet.tenants[0]!.admin;
const firstPath = `/v1/tenants/${fleet.tenants[0]!.id}`;

const spiking = fleet.tenants[0]!.agents[0]!;
/** When the injected burst began, and when the spiking agent was first seen quarantined (ms). */
let burstAt: number | undefined;
let quarantinedAt: number | undefined;
const quarantined = async () =>
  ((await api.request('GET', `${firstPath}/agents/${spiking.id}`, { token: firstAdmin })).body as { quarantine?: unknown } | undefined)
    ?.quarantine !== undefined;

/** Waits until `until` (ms), looking every 2 s for the quarantine once a burst was injected. */
async function waitUntil(until: number) {
  while (Date.now() < until) {
    if (burstAt !== undefined && quarantinedAt === undefined && (await quarantined())) {
      quarantinedAt = Date.now();
      console.log(`agent ${spiking.id} quarantined ${((quarantinedAt - burstAt) / 1000).toFixed(1)} s after its burst began`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, Math.max(0, until - Date.now()))));
  }
}

let total = 0;
for (let minute = 0; minute < minutes; minute++) {
  const started = Date.now();
  const inject: Injection | undefined =
    values.inject !== 'none' && minute === learningMinutes + 1
      ? { tenant: 0, agent: 0, kind: values.inject as Injection['kind'] }
      : undefined;
  if (inject) burstAt = Date.now();
  const traffic = await driveMinute(api, fleet, plan, minute + 1, inject);
  total += traffic.decisions;
  const countOf = async (path: string) =>
    ((await api.request('GET', `${firstPath}${path}`, { token: firstAdmin })).body as { items?: unknown[] } | undefined)?.items?.length ??
    0;
  const anomalies = await countOf('/anomalies');
  const incidents = await countOf('/incidents?status=open');
  process.stdout.write(
    `minute ${minute + 1}/${minutes}: ${traffic.decisions} decisions (${traffic.denied} denied, ${traffic.approvalsRequired} to approve)` +
      `${inject ? `, injected a ${inject.kind}` : ''} — ${total} in all; ${fleet.tenants[0]!.id}: ${anomalies} anomalies, ${incidents} open incidents\n`,
  );
  if (minute < minutes - 1) await waitUntil(started + 60_000);
}
if (burstAt !== undefined && quarantinedAt === undefined) await waitUntil(Date.now() + 120_000);
if (burstAt !== undefined && quarantinedAt === undefined)
  console.log(`agent ${spiking.id} was not quarantined within 2 minutes of the last minute`);
console.log(
  `see: curl -s "${values.url}${firstPath}/incidents" -H "authorization: Bearer $(npm run -s token -- --role tenant-admin --tenant ${fleet.tenants[0]!.id})"`,
);
