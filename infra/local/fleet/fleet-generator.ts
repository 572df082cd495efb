/**
 * A simulated fleet for the running system, over its public HTTP API only: a few tenants, each
 * with teams of agents under one policy (reads allowed, exports denied, refunds to an approver),
 * driven minute by minute with mostly routine traffic — a share of denials and approvals — and,
 * on request, an injected anomaly (a burst of denials, or a surge of volume, by one agent).
 * `npm run fleet` drives a local runtime with it; the e2e tests drive theirs with it, moving the
 * test clock instead of waiting for minutes to pass.
 */
import { seededRandom } from '../../../shared/kernel/seeded-random';

/** What the generator needs of an HTTP client. */
export interface FleetApi {
  request(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: unknown }>;
}

/** Mints operator tokens (the local dev key). */
export type MintToken = (claims: { roles: string[]; tenant?: string; sub?: string }) => Promise<string>;

export interface FleetPlan {
  /** Prefix of the tenant ids (lowercase letters, digits, hyphens). */
  readonly prefix: string;
  readonly tenants: number;
  readonly teams: readonly string[];
  readonly agentsPerTeam: number;
  /** Routine decisions an agent asks for per minute, on average. */
  readonly decisionsPerAgentMinute: number;
  /** The detectors' learning period set on the fleet's tenants (short, so anomalies show soon). */
  readonly learningMinutes: number;
  /**
   * Whether the tenants' `new_action` detector is on (default off: the fleet's rarer tools, exports
   * and refunds, first come up after so short a learning period and would each be reported once).
   */
  readonly newAction?: boolean;
  /** A webhook every tenant's `fleet` channel delivers incidents, anomalies, approvals and remediation notices to. */
  readonly webhookUrl?: string;
  /** Whether the tenants enable Warden's default remediation playbooks (a deny spike quarantines the agent). */
  readonly defaultPlaybooks?: boolean;
}

export interface FleetAgent {
  readonly id: string;
  readonly key: string;
  readonly team: string;
}

export interface FleetTenant {
  readonly id: string;
  readonly admin: string;
  readonly agents: readonly FleetAgent[];
  /** The `fleet` channel's secret, when a webhook was given. */
  readonly channelSecret?: string;
}

export interface Fleet {
  readonly tenants: readonly FleetTenant[];
}

/** An anomaly to inject in a minute: which tenant's which agent does what. */
export interface Injection {
  readonly tenant: number;
  readonly agent: number;
  readonly kind: 'deny_spike' | 'volume_spike';
}

/** What one minute of traffic did. */
export interface MinuteTraffic {
  readonly decisions: number;
  readonly denied: number;
  readonly approvalsRequired: number;
}

const POLICY = {
  reason: 'fleet simulation',
  defaults: { prod: 'deny' },
  rules: [
    { id: 'reads', effect: 'allow', actions: ['tool:invoke'], tools: ['crm.read', 'zendesk.read', 'docs.search'] },
    { id: 'refunds', effect: 'require_approval', actions: ['tool:invoke'], tools: ['payments.refund'], risk: 'low', grantMinutes: 5 },
  ],
};
const ROUTINE = ['crm.read', 'zendesk.read', 'docs.search'];

async function expectOk<T = unknown>(answer: Promise<{ status: number; body: unknown }>, what: string): Promise<T> {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
  return body as T;
}

/** Onboards the fleet's tenants, teams, policy, agents, detector settings and (optionally) channels. */
export async function setUpFleet(api: FleetApi, mint: MintToken, plan: FleetPlan): Promise<Fleet> {
  const platform = await mint({ roles: ['platform-admin'] });
  const tenants: FleetTenant[] = [];
  for (let t = 0; t < plan.tenants; t++) {
    const id = `${plan.prefix}-${t + 1}`;
    await expectOk(
      api.request('POST', '/v1/tenants', {
        token: platform,
        body: { id, name: `Fleet ${t + 1}`, tier: 'business', environments: ['prod'] },
      }),
      `onboard ${id}`,
    );
    const admin = await mint({ roles: ['tenant-admin'], tenant: id, sub: `admin@${id}` });
    const registrar = await mint({ roles: ['tenant-admin'], tenant: id, sub: `registrar@${id}` });
    const path = (rest: string) => `/v1/tenants/${id}${rest}`;
    for (const team of plan.teams)
      await expectOk(api.request('POST', path('/teams'), { token: admin, body: { name: team } }), `team ${team}`);
    await expectOk(api.request('PUT', path('/roles/assistant'), { token: admin, body: { description: 'Fleet assistant' } }), 'role');
    const draft = await expectOk<{ version: number }>(
      api.request('PUT', path('/policies/tenant'), { token: admin, body: POLICY }),
      'policy',
    );
    await expectOk(
      api.request('POST', path(`/policies/tenant/versions/${draft.version}/publish`), { token: admin, body: { reason: 'fleet' } }),
      'publish',
    );
    await expectOk(
      api.request('PUT', path('/monitoring'), {
        token: admin,
        body: { learningMinutes: plan.learningMinutes, detectors: { new_action: { enabled: plan.newAction ?? false } } },
      }),
      'monitoring',
    );
    let channelSecret: string | undefined;
    if (plan.webhookUrl) {
      const channel = await expectOk<{ secret?: string }>(
        api.request('PUT', path('/channels/fleet'), {
          token: admin,
          body: {
            kind: 'webhook',
            url: plan.webhookUrl,
            events: ['Incident.Opened', 'Anomaly.Detected', 'Approval.Requested', 'Remediation.Notified'],
          },
        }),
        'channel',
      );
      channelSecret = channel.secret;
    }
    if (plan.defaultPlaybooks)
      await expectOk(api.request('POST', path('/playbooks/defaults'), { token: admin, body: {} }), 'default playbooks');
    const agents: FleetAgent[] = [];
    for (const team of plan.teams)
      for (let a = 0; a < plan.agentsPerTeam; a++) {
        const registered = await expectOk<{ agent: { id: string }; apiKey: string }>(
          api.request('POST', path('/agents'), {
            token: registrar,
            body: { name: `${team}-${a + 1}`, team, role: 'assistant', environment: 'prod', owner: `lead@${id}` },
          }),
          'agent',
        );
        agents.push({ id: registered.agent.id, key: registered.apiKey, team });
      }
    tenants.push({ id, admin, agents, ...(channelSecret ? { channelSecret } : {}) });
  }
  return { tenants };
}

/**
 * One minute of traffic: every agent asks for about `decisionsPerAgentMinute` decisions in one
 * batch (mostly reads, ~4 % exports that are denied, ~1 % refunds that need approval), and the
 * injection, if any, adds its burst.
 */
export async function driveMinute(api: FleetApi, fleet: Fleet, plan: FleetPlan, seed: number, inject?: Injection): Promise<MinuteTraffic> {
  const next = seededRandom(seed);
  const traffic = { decisions: 0, denied: 0, approvalsRequired: 0 };
  const calls = fleet.tenants.flatMap((tenant, t) =>
    tenant.agents.map((agent, a) => {
      const count = Math.max(1, Math.round(plan.decisionsPerAgentMinute * (0.7 + 0.6 * next())));
      const requests = Array.from({ length: count }, (_, i) => {
        const roll = next();
        const tool = roll < 0.04 ? 'crm.export' : roll < 0.05 ? 'payments.refund' : ROUTINE[i % ROUTINE.length]!;
        return { action: 'tool:invoke', tool, resource: `records/${Math.floor(next() * 10_000)}` };
      });
      if (inject && inject.tenant === t && inject.agent === a) {
        const burst = inject.kind === 'deny_spike' ? 40 : plan.decisionsPerAgentMinute * 10 + 40;
        const tool = inject.kind === 'deny_spike' ? 'vault.read' : 'crm.read';
        for (let i = 0; i < burst; i++) requests.push({ action: 'tool:invoke', tool, resource: `records/${i}` });
      }
      return { agent, requests };
    }),
  );
  await Promise.all(
    calls.map(async ({ agent, requests }, call) => {
      for (let start = 0; start < requests.length; start += 100) {
        // An agent retries a 503 with the same Idempotency-Key: the same answers, recorded once.
        const key = `fleet-${seed}-${call}-${start}`;
        let answer = { status: 0, body: undefined as unknown };
        for (let attempt = 0; attempt < 4; attempt++) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          answer = await api.request('POST', '/v1/authorize/batch', {
            token: agent.key,
            headers: { 'idempotency-key': key },
            body: { requests: requests.slice(start, start + 100) },
          });
          if (answer.status !== 503) break;
        }
        const { results } = await expectOk<{ results: { effect: string }[] }>(Promise.resolve(answer), 'authorize');
        for (const result of results) {
          traffic.decisions++;
          if (result.effect === 'deny') traffic.denied++;
          if (result.effect === 'require_approval') traffic.approvalsRequired++;
        }
      }
    }),
  );
  return traffic;
}
