/**
 * The maturity facts read from the ports (in memory, held to the same contracts as DynamoDB): what
 * each criterion judges comes from the tenant's own data.
 */
import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../../shared/kernel/clock';
import { gatherFacts, type MaturitySources } from '../../../shared/maturity/gather-facts';
import { assess } from '../../../shared/maturity/maturity-model';
import { DEFAULT_MONITORING_SETTINGS } from '../../../shared/monitoring/monitoring-settings';
import { tenantOwner } from '../../../shared/policy-lifecycle/policy-version';
import { changeOf } from '../../contract/contract-fixtures';
import { createInMemoryStores } from '../../support/in-memory';
import { createInMemoryMetricsStores } from '../../support/in-memory/in-memory-metrics-store';
import { createInMemoryMonitoringStore } from '../../support/in-memory/in-memory-monitoring-store';
import { createInMemoryNotificationStore } from '../../support/in-memory/in-memory-notification-store';
import { createInMemoryRemediationStore } from '../../support/in-memory/in-memory-remediation-store';
import { aKey, anAgent, aTenant } from '../../support/tenancy-fixtures';

const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const TENANT = 'acme';

function world() {
  const clock = createFixedClock(NOW);
  const stores = createInMemoryStores(clock);
  const monitoring = createInMemoryMonitoringStore(stores.tables);
  const channels = createInMemoryNotificationStore(stores.tables);
  const remediation = createInMemoryRemediationStore(stores.tables);
  const sources: MaturitySources = {
    tenancy: stores.tenancy,
    policies: stores.policies,
    approvals: stores.approvals,
    metrics: createInMemoryMetricsStores().metrics,
    monitoring,
    channels,
    remediation,
    clock,
  };
  return { stores, monitoring, channels, remediation, sources };
}

async function publishTenantPolicy(stores: ReturnType<typeof createInMemoryStores>, document: unknown) {
  const owner = tenantOwner(TENANT);
  const version = await stores.policies.appendVersion(
    owner,
    { scope: 'tenant', status: 'draft', document, contentHash: 'h', author: 'admin', createdAt: iso(NOW), reason: 'test' },
    () => changeOf(TENANT, 'policy.saved'),
  );
  const head = await stores.policies.getHead(owner, 'tenant');
  await stores.policies.publish(
    owner,
    { scope: 'tenant', version, expectedRevision: head!.revision, publishedAt: iso(NOW), publishedBy: 'admin', reason: 'go' },
    changeOf(TENANT, 'policy.published'),
  );
}

describe('Gathering the maturity facts', () => {
  it('counts idle agents, stale and long-lived keys against the tenant limits', async () => {
    const { stores, sources } = world();
    await stores.tenancy.createTenant(aTenant(TENANT, { settings: { apiKeyTtlDays: 180, approvalTimeoutMinutes: 240 } }), changeOf(TENANT));
    const fresh = anAgent(TENANT, {
      lastSeenAt: iso(NOW - DAY),
      keys: [{ keyId: 'key_a', keyHash: 'a', createdAt: iso(NOW - 10 * DAY), expiresAt: iso(NOW + 80 * DAY) }],
    });
    const idle = anAgent(TENANT, {
      createdAt: iso(NOW - 200 * DAY),
      keys: [{ keyId: 'key_b', keyHash: 'b', createdAt: iso(NOW - 190 * DAY), expiresAt: iso(NOW + 170 * DAY) }],
    });
    const gone = anAgent(TENANT, { status: 'decommissioned', createdAt: iso(NOW - 400 * DAY) });
    for (const agent of [fresh, idle, gone]) await stores.tenancy.createAgent(agent, aKey(TENANT, agent.id), changeOf(TENANT));

    const facts = await gatherFacts(sources, TENANT);
    expect(facts.tenantName).toBe(`Tenant ${TENANT}`);
    expect(facts.agents).toEqual({
      active: 2,
      withoutOwnerOrTeam: 0,
      inactive: 1,
      inactiveAgentDays: 30,
      staleKeys: 1,
      longLivedKeys: 1,
      keyMaxAgeDays: 180,
      capped: false,
    });
    const judged = assess(facts).criteria;
    expect(judged.find((criterion) => criterion.id === 'keys-expire')!.met).toBe(false);
    expect(judged.find((criterion) => criterion.id === 'no-inactive-agents')!.met).toBe(false);
  });

  it('reads the active policy: its prod default, guardrails, approval rules, and which scopes the tests exercise', async () => {
    const { stores, sources } = world();
    await stores.tenancy.createTenant(aTenant(TENANT), changeOf(TENANT));
    await publishTenantPolicy(stores, {
      defaults: { prod: 'deny', dev: 'allow' },
      rules: [
        { id: 'pii', effect: 'deny', actions: ['data:export'], tools: ['*'], resources: ['**'], risk: 'high', locked: true },
        {
          id: 'refunds',
          effect: 'require_approval',
          actions: ['payments:refund'],
          tools: ['*'],
          resources: ['**'],
          risk: 'high',
          locked: false,
        },
      ],
    });
    await stores.policies.putTestLibrary(
      tenantOwner(TENANT),
      {
        scenarios: [
          { name: 'reads', agent: { team: 'ops', role: 'bot', environment: 'prod' }, request: { action: 'tickets:read' }, expect: 'deny' },
        ],
        version: 1,
        updatedAt: iso(NOW),
        updatedBy: 'admin',
      },
      0,
      changeOf(TENANT, 'policy-tests.replaced'),
    );

    const { policies } = await gatherFacts(sources, TENANT);
    expect(policies).toEqual({
      tenantActiveVersion: 1,
      prodDefault: { effect: 'deny', from: 'tenant' },
      lockedRules: 1,
      approvalRules: 1,
      activeScopes: 1,
      testedScopes: 1,
      scenarios: 1,
    });
  });

  it('reads detectors, alert channels and playbooks, and falls back to deny for prod when no policy says', async () => {
    const { stores, monitoring, channels, remediation, sources } = world();
    await stores.tenancy.createTenant(aTenant(TENANT, { quotas: { decisionsPerDay: 1000 } }), changeOf(TENANT));
    await monitoring.putSettings(
      TENANT,
      {
        ...DEFAULT_MONITORING_SETTINGS,
        detectors: {
          ...DEFAULT_MONITORING_SETTINGS.detectors,
          new_action: { ...DEFAULT_MONITORING_SETTINGS.detectors.new_action, enabled: false },
        },
      },
      changeOf(TENANT, 'monitoring.updated'),
    );
    await channels.putChannel(
      {
        tenantId: TENANT,
        name: 'ops',
        kind: 'webhook',
        url: 'https://hooks.example/x',
        events: ['Incident.Opened'],
        secret: 's',
        createdAt: iso(NOW),
        updatedAt: iso(NOW),
        updatedBy: 'a',
      } as never,
      changeOf(TENANT, 'channel.saved'),
    );
    await remediation.putPlaybook(
      {
        tenantId: TENANT,
        id: 'p',
        trigger: { event: 'Anomaly.Detected' },
        steps: [{ type: 'suspend_agent' }],
        mode: 'dry_run',
        enabled: true,
        createdAt: iso(NOW),
        updatedAt: iso(NOW),
        updatedBy: 'a',
        version: 1,
      } as never,
      undefined,
      changeOf(TENANT, 'playbook.saved'),
    );

    const facts = await gatherFacts(sources, TENANT);
    expect(facts.monitoring).toEqual({ detectorsEnabled: 3, detectors: 4, channels: 1, alertChannels: 1 });
    expect(facts.remediation).toEqual({ enabledPlaybooks: 1, enforcingPlaybooks: 0, runs30d: 0 });
    expect(facts.quotas).toEqual({ tenant: true, teams: 0, teamsWithQuotas: 0 });
    expect(facts.policies.prodDefault).toEqual({ effect: 'deny', from: 'none' });
  });

  it('refuses a tenant that does not exist', async () => {
    const { sources } = world();
    await expect(gatherFacts(sources, 'nobody')).rejects.toMatchObject({ code: 'not_found' });
  });
});
