/**
 * The hygiene sweep over the local runtime, on the test clock: a month after registration a key
 * nearing its expiry is announced (`Key.Expiring`, signed to the tenant's channel), an idle agent
 * is reported for review (`Agent.Inactive`), and a key older than the tenant's maximum age is
 * expired (`Key.Expired`: the key answers 401 from then on); three months after, the idle agent
 * is reported again as due for decommissioning. Each once, by the actor `system:hygiene`.
 * A tenant running the default playbooks has its idle agent suspended at 31 days and
 * decommissioned at 91 (its key revoked), by `system:playbook:<id>`; a tenant whose playbook is a
 * dry run sees every step recorded as what it would have done, and nothing changed.
 *
 * The tenants' ids begin with `0` so they come first in the day's round (tenants are swept in id
 * order, at most 200 per run).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, tenantWithAgent, wardenClient } from '../support/warden-client';
import { type ReceivedDelivery, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const DAY = 86_400_000;
const run = Math.random().toString(36).slice(2, 8);

/**
 * Whether a delivery carries a Standard Webhooks signature made with `secret`. Checked by hand:
 * the library also refuses timestamps five minutes from the wall clock, and these come from the
 * test clock, a month ahead.
 */
function signedWith(secret: string, request: ReceivedDelivery): boolean {
  const content = `${String(request.headers['webhook-id'])}.${String(request.headers['webhook-timestamp'])}.${request.body}`;
  const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
    .update(content)
    .digest();
  return String(request.headers['webhook-signature'])
    .split(' ')
    .some((signature) => {
      const given = Buffer.from(signature.replace(/^v1,/, ''), 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

describe('Hygiene sweep', () => {
  const keysTenant = `0hyg-keys-${run}`;
  const ageTenant = `0hyg-age-${run}`;
  let keysAdmin: string;
  let keysAgent: { id: string; apiKey: string };
  let ageAgent: { id: string; apiKey: string };
  let secret: string;
  let receiver: WebhookReceiver;
  const playTenant = `0hyg-play-${run}`;
  const dryTenant = `0hyg-dry-${run}`;
  let playAdmin: string;
  let playAgent: { id: string; apiKey: string };
  let dryAdmin: string;
  let dryAgent: { id: string; apiKey: string };

  /** Onboards a tenant (its id given) with one agent, and returns a tenant admin's token and the agent. */
  async function onboard(tenantId: string, onboarding: Record<string, unknown>) {
    const { admin, agentId, apiKey } = await tenantWithAgent(api, 'hygiene', undefined, { id: tenantId, onboarding });
    return { admin, agent: { id: agentId, apiKey } };
  }

  /** The events of a detail-type about one tenant. */
  const eventsOf = async (detailType: string, tenantId: string) =>
    (await api.events(detailType)).filter((event: { detail: { tenantId: string } }) => event.detail.tenantId === tenantId);

  beforeAll(async () => {
    receiver = await startWebhookReceiver();

    // Keys live 35 days here, so a month on the key has four days left (the warning is at 7).
    ({ admin: keysAdmin, agent: keysAgent } = await onboard(keysTenant, { settings: { apiKeyTtlDays: 35, approvalTimeoutMinutes: 240 } }));
    ({ agent: ageAgent } = await onboard(ageTenant, { hygiene: { keyMaxAgeDays: 30 } }));
    const channel = await api.put(`/v1/tenants/${keysTenant}/channels/hygiene`, keysAdmin, {
      kind: 'webhook',
      url: `${receiver.url}/hygiene`,
      events: ['Key.Expiring', 'Agent.Inactive'],
    });
    expect(channel.status).toBe(201);
    secret = channel.body.secret;

    ({ admin: playAdmin, agent: playAgent } = await onboard(playTenant, {}));
    expect((await api.post(`/v1/tenants/${playTenant}/playbooks/defaults`, playAdmin, {})).status).toBe(200);
    // This tenant's agent also holds a grant (an hour long) the sweep finds expired a month on.
    const dry = await tenantWithAgent(
      api,
      'hygiene',
      { rules: [{ id: 'refunds', effect: 'require_approval', actions: ['payments:refund'], risk: 'low', grantMinutes: 60 }] },
      { id: dryTenant, onboarding: {} },
    );
    ({ admin: dryAdmin } = dry);
    dryAgent = { id: dry.agentId, apiKey: dry.apiKey };
    const asked = await api.request('POST', '/v1/authorize', { token: dryAgent.apiKey, body: { action: 'payments:refund' } });
    const lead = await api.token({ roles: ['team-lead'], tenant: dryTenant, teams: ['ops'] });
    expect((await api.post(`/v1/tenants/${dryTenant}/approvals/${asked.body.approvalId}/approve`, lead, {})).status).toBe(200);
    const dryIdle = await api.put(`/v1/tenants/${dryTenant}/playbooks/dry-idle`, dryAdmin, {
      trigger: { event: 'Agent.Inactive' },
      steps: [
        { type: 'wait_for_approval' },
        { type: 'suspend_agent' },
        { type: 'quarantine_agent', hours: 4 },
        { type: 'revoke_grants' },
        { type: 'expire_key' },
        { type: 'wait', minutes: 30 },
        { type: 'decommission_agent' },
        { type: 'notify' },
      ],
      mode: 'dry_run',
    });
    expect(dryIdle.status).toBe(201);
  });

  /** The tenant's runs of a playbook, once one has ended. */
  const endedRuns = (tenantId: string, admin: string, playbookId: string) =>
    eventually(
      async () => {
        const runs = (await api.get(`/v1/tenants/${tenantId}/remediations`, admin)).body.items.filter(
          (item: { playbookId: string; status: string }) => item.playbookId === playbookId && item.status === 'succeeded',
        );
        return runs.length > 0 ? runs : undefined;
      },
      { timeoutMs: 60_000 },
    );

  afterAll(async () => {
    await api.setClockOffset(0);
    await receiver.close();
  });

  it('keeps a tenant’s hygiene limits, and refuses limits out of bounds naming the field', async () => {
    const saved = await api.patch(`/v1/tenants/${keysTenant}`, keysAdmin, { hygiene: { keyExpiryWarningDays: 7 } });
    expect(saved.status).toBe(403); // a tenant admin does not change tenant settings; platform admins do
    const platform = await api.token({ roles: ['platform-admin'] });
    const kept = await api.patch(`/v1/tenants/${keysTenant}`, platform, { hygiene: { keyExpiryWarningDays: 7, inactiveAgentDays: 30 } });
    expect(kept.status).toBe(200);
    expect(kept.body.hygiene).toEqual({ keyExpiryWarningDays: 7, inactiveAgentDays: 30 });

    const zero = await api.patch(`/v1/tenants/${keysTenant}`, platform, { hygiene: { inactiveAgentDays: 0 } });
    expect(zero.status).toBe(400);
    expect(JSON.stringify(zero.body)).toContain('hygiene.inactiveAgentDays');
    const backwards = await api.patch(`/v1/tenants/${keysTenant}`, platform, {
      hygiene: { inactiveAgentDays: 60, decommissionInactiveAfterDays: 30 },
    });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('decommissionInactiveAfterDays');
    const unknown = await api.patch(`/v1/tenants/${keysTenant}`, platform, { hygiene: { sweepEveryHours: 1 } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('sweepEveryHours');
  });

  it('a month on: announces the expiring key and the idle agent once, signed to the channel, and expires the key past its age', async () => {
    expect((await api.post('/v1/authorize', undefined, {})).status).toBe(401);
    await api.setClockOffset(31 * DAY);

    const [expiring] = await eventually(
      async () => {
        const found = await eventsOf('Key.Expiring', keysTenant);
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(expiring!.detail).toMatchObject({ agentId: keysAgent.id, owner: 'owner@test', daysLeft: 4 });
    const [inactive] = await eventually(
      async () => {
        const found = await eventsOf('Agent.Inactive', keysTenant);
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(inactive!.detail).toMatchObject({ agentId: keysAgent.id, inactiveDays: 31, thresholdDays: 30, dueFor: 'review' });

    // The tenant's channel got both, signed with its secret.
    const types = await eventually(
      async () => {
        const seen = receiver.received
          .filter((request) => signedWith(secret, request))
          .map((request) => (JSON.parse(request.body) as { type: string }).type);
        return seen.length >= 2 ? seen.sort() : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(receiver.received.every((request) => signedWith(secret, request))).toBe(true);
    expect(signedWith('whsec_' + Buffer.alloc(32, 1).toString('base64'), receiver.received[0]!)).toBe(false);
    expect(types).toEqual(['Agent.Inactive', 'Key.Expiring']);

    // The key past the other tenant's maximum age is expired: announced, and refused from now on.
    const [expired] = await eventually(
      async () => {
        const found = await eventsOf('Key.Expired', ageTenant);
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(expired!.detail).toMatchObject({ agentId: ageAgent.id, maxAgeDays: 30 });
    expect((await api.request('POST', '/v1/authorize', { token: ageAgent.apiKey, body: { action: 'tickets:read' } })).status).toBe(401);
  });

  it('a month on: the default playbook suspends the idle agent; a dry run says what it would do and changes nothing', async () => {
    const [suspension] = await endedRuns(playTenant, playAdmin, 'inactive-30-suspend');
    expect(suspension).toMatchObject({ agentId: playAgent.id, trigger: { event: 'Agent.Inactive' }, effects: { suspended: true } });
    expect((await api.get(`/v1/tenants/${playTenant}/agents/${playAgent.id}`, playAdmin)).body.status).toBe('suspended');
    const changes = (await api.get(`/v1/tenants/${playTenant}/audit?kind=change&agentId=${playAgent.id}`, playAdmin)).body.items;
    expect(changes).toContainEqual(
      expect.objectContaining({ action: 'agent.suspended', actor: { type: 'system', name: 'playbook:inactive-30-suspend' } }),
    );

    const [dry] = await endedRuns(dryTenant, dryAdmin, 'dry-idle');
    expect(dry.mode).toBe('dry_run');
    expect(dry.steps.map((step: { status: string }) => step.status)).toEqual(Array(8).fill('skipped'));
    expect(dry.steps.map((step: { detail: string }) => step.detail)).toEqual([
      "would wait for a person's approval",
      `would suspend ${dryAgent.id}`,
      `would quarantine ${dryAgent.id} for 4 h`,
      `would revoke the grants of ${dryAgent.id}`,
      `would expire the key of ${dryAgent.id}`,
      'would wait 30 min',
      `would decommission ${dryAgent.id} (revoking its keys)`,
      'would notify the subscribed channels',
    ]);
    expect(dry.effects).toEqual({});
    const agent = (await api.get(`/v1/tenants/${dryTenant}/agents/${dryAgent.id}`, dryAdmin)).body;
    expect(agent).toMatchObject({ status: 'active' });
    expect(agent.quarantine).toBeUndefined();
    const dryChanges = (await api.get(`/v1/tenants/${dryTenant}/audit?kind=change`, dryAdmin)).body.items;
    expect(dryChanges.filter((record: { actor: { name?: string } }) => record.actor.name?.startsWith('playbook:'))).toEqual([]);
    // The sweep removed the grant that expired a month ago.
    expect(dryChanges).toContainEqual(
      expect.objectContaining({ action: 'grant.revoked', actor: { type: 'system', name: 'hygiene' }, reason: 'expired' }),
    );
  });

  it('three months on: reports the idle agent again, as due for decommissioning', async () => {
    await api.setClockOffset(91 * DAY);
    const due = await eventually(
      async () => {
        const found = (await eventsOf('Agent.Inactive', keysTenant)).filter(
          (event: { detail: { dueFor: string } }) => event.detail.dueFor === 'decommission',
        );
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(due).toHaveLength(1);
    expect(due[0]!.detail).toMatchObject({ agentId: keysAgent.id, inactiveDays: 91, thresholdDays: 90 });
    // Each finding once, however many runs and days went by: one review, one decommission, one warning.
    expect(
      (await eventsOf('Agent.Inactive', keysTenant)).map((event: { detail: { dueFor: string } }) => event.detail.dueFor).sort(),
    ).toEqual(['decommission', 'review']);
    expect(await eventsOf('Key.Expiring', keysTenant)).toHaveLength(1);
    expect(await eventsOf('Key.Expired', ageTenant)).toHaveLength(1);
  });

  it('three months on: the default playbook decommissions the idle agent (its key revoked); its suspension cannot be reverted now', async () => {
    const [decommissioning] = await endedRuns(playTenant, playAdmin, 'inactive-90-decommission');
    expect(decommissioning).toMatchObject({ agentId: playAgent.id, effects: { decommissioned: true } });
    expect((await api.get(`/v1/tenants/${playTenant}/agents/${playAgent.id}`, playAdmin)).body.status).toBe('decommissioned');
    expect((await api.request('POST', '/v1/authorize', { token: playAgent.apiKey, body: { action: 'tickets:read' } })).status).toBe(401);

    const [suspension] = await endedRuns(playTenant, playAdmin, 'inactive-30-suspend');
    const reverted = await api.post(`/v1/tenants/${playTenant}/remediations/${suspension.id}/revert`, playAdmin, {});
    expect(reverted.status).toBe(200);
    expect(reverted.body).toMatchObject({
      reverted: [],
      notReverted: [{ type: 'suspend_agent', detail: `agent ${playAgent.id} is decommissioned now` }],
    });
    const undone = await api.post(`/v1/tenants/${playTenant}/remediations/${decommissioning.id}/revert`, playAdmin, {});
    expect(undone.body.notReverted).toEqual([expect.objectContaining({ type: 'decommission_agent' })]);
  });
});
