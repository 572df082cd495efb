import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../shared/audit/change-record';
import type { OperatorPrincipal } from '../../../shared/auth/principal';
import { createFixedClock, isoAt } from '../../../shared/kernel/clock';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../shared/kernel/errors';
import type { IdGenerator } from '../../../shared/kernel/ids';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';
import type { RemediationNote } from '../../../shared/monitoring/incident';
import type { Playbook, Step } from '../../../shared/remediation/playbook';
import type { RemediationActions, RemediationStore, RemediationWorkflow } from '../../../shared/remediation/remediation-ports';
import { MAX_RUNS_PER_AGENT_HOUR, runIdOf, RunIdSchema } from '../../../shared/remediation/remediation-run';
import { createRemediations, StepNotWaiting } from '../../../shared/remediation/remediations';
import type { TriggeringEvent } from '../../../shared/remediation/trigger-match';
import type { Agent } from '../../../shared/tenancy/agent';
import type { ChangeAuthor, LifecycleMove } from '../../../shared/tenancy/agent-registry';
import { createInMemoryRemediationStore, createInMemoryTables } from '../../support/in-memory';
import { aChange, anAgent } from '../../support/tenancy-fixtures';

const TENANT = 'acme';
const AGENT = 'agt_01ABCDEFGHJKMNPQRSTVWXYZ00';
const OTHER_AGENT = 'agt_01ABCDEFGHJKMNPQRSTVWXYZ99';
const T0 = Date.parse('2026-12-07T03:10:00.000Z');
const HOUR = 3_600_000;

const admin: OperatorPrincipal = { kind: 'operator', sub: 'alice', tenantId: TENANT, roles: ['tenant-admin'], teams: [] };
const security: OperatorPrincipal = { kind: 'operator', sub: 'sec-1', tenantId: TENANT, roles: ['security'], teams: [] };
const auditor: OperatorPrincipal = { kind: 'operator', sub: 'audrey', tenantId: TENANT, roles: ['auditor'], teams: [] };
const lead: OperatorPrincipal = { kind: 'operator', sub: 'lee', tenantId: TENANT, roles: ['team-lead'], teams: ['ops'] };
const otherAdmin: OperatorPrincipal = { kind: 'operator', sub: 'mallory', tenantId: 'globex', roles: ['tenant-admin'], teams: [] };

let eventCounter = 0;
/** A deny spike of `agentId`, with a new audit id unless one is given. */
const denySpike = (agentId = AGENT, auditId = `aud_01ABCDEFGHJKMNPQRSTV${String(++eventCounter).padStart(6, '0')}`): TriggeringEvent => ({
  detailType: 'Anomaly.Detected',
  auditId,
  detail: { tenantId: TENANT, anomalyId: 'anm_1', kind: 'deny_spike', agentId, team: 'ops', score: 7, observed: 0.7, baseline: 0.02 },
});

const playbookOf = (id: string, steps: Step[], overrides: Partial<Playbook> = {}): Playbook => ({
  tenantId: TENANT,
  id,
  trigger: { event: 'Anomaly.Detected', match: { kind: 'deny_spike' } },
  steps,
  mode: 'enforce',
  enabled: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  updatedBy: 'alice',
  version: 3,
  ...overrides,
});

/** The domain operations, on agents in a Map, recording every call that changes something. */
function fakeActions(clock: { nowMs(): number }) {
  const agents = new Map<string, Agent>();
  const grants = new Map<string, string[]>();
  const notes: RemediationNote[] = [];
  const calls: string[] = [];
  const authors: ChangeAuthor[] = [];
  const reasons: string[] = [];
  const transitions: Record<LifecycleMove, { from: string[]; to: Agent['status'] }> = {
    suspend: { from: ['active'], to: 'suspended' },
    reinstate: { from: ['suspended'], to: 'active' },
    decommission: { from: ['active', 'suspended'], to: 'decommissioned' },
  };
  const requireAgent = (agentId: string) => {
    const agent = agents.get(agentId);
    if (!agent) throw new Error(`no agent ${agentId}`);
    return agent;
  };
  const noted = (call: string, by: ChangeAuthor, reason: string) => {
    calls.push(call);
    authors.push(by);
    reasons.push(reason);
  };
  const actions: RemediationActions = {
    agents: {
      get: async (_tenantId, agentId) => agents.get(agentId),
      async changeLifecycleAs(by, _tenantId, agentId, move, reason) {
        const current = requireAgent(agentId);
        const transition = transitions[move];
        if (current.status === transition.to) return current;
        if (!transition.from.includes(current.status))
          throw new ConflictError(`Cannot ${move} an agent that is ${current.status}`, 'invalid_transition');
        noted(`${move} ${agentId}`, by, reason);
        const next: Agent = { ...current, status: transition.to, version: current.version + 1 };
        agents.set(agentId, next);
        return next;
      },
      async quarantine(by, _tenantId, agentId, mark) {
        const current = requireAgent(agentId);
        if (current.status === 'decommissioned') return undefined;
        if (current.quarantine && current.quarantine.until >= mark.until) return current;
        noted(`quarantine ${agentId}`, by, mark.reason);
        const next: Agent = { ...current, quarantine: { ...mark, by: by.name }, version: current.version + 1 };
        agents.set(agentId, next);
        return next;
      },
      async liftQuarantineAs(by, _tenantId, agentId, options) {
        const current = requireAgent(agentId);
        if (options.runId !== undefined && current.quarantine?.runId !== options.runId) return undefined;
        if (!current.quarantine) return undefined;
        noted(`lift ${agentId}`, by, options.reason);
        const { quarantine: _lifted, ...rest } = current;
        const next: Agent = { ...rest, version: current.version + 1 };
        agents.set(agentId, next);
        return next;
      },
      async expireKeysAs(by, _tenantId, agentId, options) {
        const current = requireAgent(agentId);
        const nowMs = clock.nowMs();
        const ending = current.keys.filter(
          (key) => Date.parse(key.expiresAt) > nowMs && (options.keyId === undefined || key.keyId === options.keyId),
        );
        if (ending.length === 0) return [];
        noted(`expire-keys ${agentId}`, by, options.reason);
        const ended = new Set(ending.map((key) => key.keyId));
        const keys = current.keys.map((key) => (ended.has(key.keyId) ? { ...key, expiresAt: isoAt(nowMs) } : key));
        agents.set(agentId, { ...current, keys, version: current.version + 1 });
        return [...ended];
      },
    },
    grants: {
      async revokeGrantsOf(_tenantId, agentId, actor, because) {
        const revoked = grants.get(agentId) ?? [];
        grants.set(agentId, []);
        noted(`revoke-grants ${agentId}`, { actor, name: 'grants' }, because);
        return revoked;
      },
    },
    incidents: {
      async recordRemediation(note) {
        calls.push(`incident ${note.agentId}`);
        notes.push(note);
        return 'inc_1';
      },
    },
  };
  return { actions, agents, grants, notes, calls, authors, reasons };
}

/** A workflow that records what it was asked. */
function fakeWorkflow() {
  const starts: { tenantId: string; runId: string }[] = [];
  const completions: string[] = [];
  const stops: { runId: string; cause: string }[] = [];
  const workflow: RemediationWorkflow = {
    start: async (input) => void starts.push(input),
    complete: async (token) => void completions.push(token),
    stop: async (runId, cause) => void stops.push({ runId, cause }),
  };
  return { workflow, starts, completions, stops };
}

/**
 * The in-memory store (held to the store contract), with what these tests look at: the change
 * records written through it, the runs counted per `tenant/agent/hour`, and a save that loses a race.
 */
function observedStore() {
  const inner = createInMemoryRemediationStore(createInMemoryTables());
  const changes: ChangeRecord[] = [];
  const countedRuns = new Map<string, Set<string>>();
  let losing = false;
  const store: RemediationStore = {
    ...inner,
    async putPlaybook(playbook, expectedVersion, change) {
      await inner.putPlaybook(playbook, expectedVersion, change);
      changes.push(change);
    },
    async recordChange(change) {
      await inner.recordChange(change);
      changes.push(change);
    },
    async saveRun(run, expectedVersion) {
      if (losing) {
        losing = false;
        throw new ConflictError(`Run ${run.id} moved`, 'version_conflict');
      }
      await inner.saveRun(run, expectedVersion);
    },
    async countRun(tenantId, agentId, hour, runId, max) {
      const counted = await inner.countRun(tenantId, agentId, hour, runId, max);
      const key = `${tenantId}/${agentId}/${hour}`;
      if (counted) countedRuns.set(key, (countedRuns.get(key) ?? new Set()).add(runId));
      return counted;
    },
  };
  return Object.assign(store, {
    changes,
    counted: {
      get: (key: string) => countedRuns.get(key)?.size,
      get size() {
        return countedRuns.size;
      },
    },
    /** Makes the next `saveRun` lose a race (a ConflictError), as if someone saved the run meanwhile. */
    loseNextSave: () => {
      losing = true;
    },
  });
}

/** Remediations over an in-memory store, a recording workflow, fake actions, a fixed clock and counted ids. */
async function setUp(playbooks: Playbook[]) {
  const clock = createFixedClock(T0);
  const store = observedStore();
  for (const playbook of playbooks) await store.putPlaybook(playbook, undefined, aChange(TENANT));
  store.changes.length = 0;
  const fake = fakeActions(clock);
  fake.agents.set(
    AGENT,
    anAgent(TENANT, {
      id: AGENT,
      keys: [
        { keyId: 'key_live', keyHash: 'h1', createdAt: '2026-11-01T00:00:00.000Z', expiresAt: '2027-02-01T00:00:00.000Z' },
        { keyId: 'key_old', keyHash: 'h2', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-06-01T00:00:00.000Z' },
      ],
    }),
  );
  fake.agents.set(OTHER_AGENT, anAgent(TENANT, { id: OTHER_AGENT }));
  fake.grants.set(AGENT, ['grt_1', 'grt_2']);
  const flow = fakeWorkflow();
  let idCounter = 0;
  const ids: IdGenerator = { next: (prefix) => `${prefix}_${String(++idCounter).padStart(26, '0')}` };
  const remediations = createRemediations({
    store,
    workflow: flow.workflow,
    actions: fake.actions,
    clock,
    ids,
    cursors: createPageCursorCodec('a-test-secret-of-at-least-32-bytes!!'),
  });
  /** Runs a run's steps from `index` as the state machine would until it waits or is done. */
  async function drive(runId: string, index = 0) {
    const answers = [];
    for (let at = index; ;) {
      const answer = await remediations.runStep(TENANT, runId, at);
      answers.push(answer);
      if (answer.next !== 'step') return answers;
      at = answer.index;
    }
  }
  const runOf = async (runId: string) => (await store.getRun(TENANT, runId))!;
  return { clock, store, remediations, drive, runOf, ...fake, ...flow };
}

const quarantineSteps: Step[] = [{ type: 'quarantine_agent', hours: 4 }, { type: 'open_incident', severity: 'high' }, { type: 'notify' }];

describe('Remediation runs: starting', () => {
  it('starts one run per (event, playbook), named from the audit id and the playbook id', async () => {
    const t = await setUp([playbookOf('quarantine', quarantineSteps), playbookOf('tell', [{ type: 'notify' }])]);
    const event = denySpike();
    const runs = await t.remediations.onEvent(event);
    expect(runs.map((run) => run.id)).toEqual([runIdOf('quarantine', event.auditId), runIdOf('tell', event.auditId)]);
    expect(runs.every((run) => RunIdSchema.safeParse(run.id).success)).toBe(true);
    expect(runs[0]).toMatchObject({
      status: 'running',
      mode: 'enforce',
      agentId: AGENT,
      team: 'ops',
      playbookVersion: 3,
      trigger: { event: 'Anomaly.Detected', eventId: event.auditId, summary: `deny_spike of agent ${AGENT}, score 7` },
      steps: [
        { type: 'quarantine_agent', status: 'pending' },
        { type: 'open_incident', status: 'pending' },
        { type: 'notify', status: 'pending' },
      ],
      startedAt: isoAt(T0),
      version: 1,
    });
    expect(t.starts).toEqual(runs.map((run) => ({ tenantId: TENANT, runId: run.id })));
  });

  it('starts nothing new however often the same event arrives, and starts the workflow again only while the run has not ended', async () => {
    const t = await setUp([playbookOf('quarantine', quarantineSteps)]);
    const event = denySpike();
    const [first] = await t.remediations.onEvent(event);
    await t.drive(first!.id);
    // A run not ended yet: its redelivered event starts its workflow again (a start by the same name is a no-op).
    const pending = denySpike();
    const [second] = await t.remediations.onEvent(pending);
    const again = await t.remediations.onEvent(pending);
    expect(again).toEqual([second]);
    expect(t.starts.filter((start) => start.runId === second!.id)).toHaveLength(2);
    // The first run ended: its redelivered event neither starts it nor counts it again.
    expect((await t.runOf(first!.id)).status).toBe('succeeded');
    const redelivered = await t.remediations.onEvent(event);
    expect(redelivered.map((run) => [run.id, run.status])).toEqual([[first!.id, 'succeeded']]);
    expect(t.starts.filter((start) => start.runId === first!.id)).toHaveLength(1);
    expect(t.store.counted.get(`${TENANT}/${AGENT}/2026-12-07T03`)).toBe(2);
    expect((await t.store.listRuns(TENANT, { limit: 10 })).items).toHaveLength(2);
  });

  it('counts a run whose first delivery failed between creating and counting it, once', async () => {
    const t = await setUp([playbookOf('enforcing', quarantineSteps)]);
    const event = denySpike();
    const countRun = t.store.countRun;
    t.store.countRun = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    await expect(t.remediations.onEvent(event)).rejects.toThrow();
    t.store.countRun = countRun;
    const statuses = (await t.remediations.onEvent(event)).map((run) => run.status);
    // Delivered a third time: counted already, it takes no second place.
    statuses.push(...(await t.remediations.onEvent(event)).map((run) => run.status));
    for (let i = 1; i < MAX_RUNS_PER_AGENT_HOUR + 1; i++)
      statuses.push(...(await t.remediations.onEvent(denySpike())).map((run) => run.status));
    expect(statuses).toEqual(['running', 'running', 'running', 'running', 'throttled']);
  });

  it(`throttles the ${MAX_RUNS_PER_AGENT_HOUR + 1}th enforcing run of an agent in an hour: its steps skipped, no workflow, dry runs not counted`, async () => {
    const t = await setUp([playbookOf('enforcing', quarantineSteps), playbookOf('rehearsal', quarantineSteps, { mode: 'dry_run' })]);
    const batches = [];
    for (let i = 0; i < MAX_RUNS_PER_AGENT_HOUR + 1; i++) batches.push(await t.remediations.onEvent(denySpike()));
    const enforcing = batches.map((runs) => runs.find((run) => run.playbookId === 'enforcing')!);
    const dry = batches.map((runs) => runs.find((run) => run.playbookId === 'rehearsal')!);
    expect(enforcing.map((run) => run.status)).toEqual(['running', 'running', 'running', 'throttled']);
    expect(dry.map((run) => run.status)).toEqual(['running', 'running', 'running', 'running']);
    const throttled = await t.runOf(enforcing[3]!.id);
    expect(throttled).toMatchObject({
      status: 'throttled',
      endedAt: isoAt(T0),
      note: `agent ${AGENT} had ${MAX_RUNS_PER_AGENT_HOUR} remediation runs this hour already`,
    });
    expect(throttled.steps.every((step) => step.status === 'skipped' && step.detail === 'throttled')).toBe(true);
    expect(t.starts.map((start) => start.runId)).not.toContain(throttled.id);
    expect(t.starts).toHaveLength(MAX_RUNS_PER_AGENT_HOUR + dry.length);
    // The throttled run does nothing when its step is asked for.
    expect(await t.remediations.runStep(TENANT, throttled.id, 0)).toEqual({ next: 'done', index: 0, waitSeconds: 0 });
    expect(t.calls).toEqual([]);
  });

  it('counts runs per agent and per hour', async () => {
    const t = await setUp([playbookOf('enforcing', quarantineSteps)]);
    for (let i = 0; i < MAX_RUNS_PER_AGENT_HOUR; i++) await t.remediations.onEvent(denySpike());
    const [otherAgent] = await t.remediations.onEvent(denySpike(OTHER_AGENT));
    expect(otherAgent!.status).toBe('running');
    t.clock.set(Date.parse('2026-12-07T04:00:00.000Z'));
    const [nextHour] = await t.remediations.onEvent(denySpike());
    expect(nextHour!.status).toBe('running');
  });

  it('starts nothing for an event no playbook listens to, a disabled playbook, or an event of another kind', async () => {
    const t = await setUp([
      playbookOf('off', quarantineSteps, { enabled: false }),
      playbookOf('volume', quarantineSteps, { trigger: { event: 'Anomaly.Detected', match: { kind: 'volume_spike' } } }),
    ]);
    expect(await t.remediations.onEvent(denySpike())).toEqual([]);
    expect(await t.remediations.onEvent({ ...denySpike(), detailType: 'Agent.Registered' })).toEqual([]);
    expect(t.starts).toEqual([]);
  });

  it("runs on a team's quota without an agent: not counted, and its agent steps skipped saying why", async () => {
    const t = await setUp([
      playbookOf('quota', [{ type: 'suspend_agent' }, { type: 'notify' }], { trigger: { event: 'Quota.Threshold' } }),
    ]);
    const [run] = await t.remediations.onEvent({
      detailType: 'Quota.Threshold',
      auditId: 'aud_01ABCDEFGHJKMNPQRSTVWXYZ77',
      detail: {
        tenantId: TENANT,
        scope: 'team',
        subject: 'ops',
        period: 'day',
        periodKey: '2026-12-07',
        limit: 100,
        used: 96,
        threshold: 0.95,
      },
    });
    expect(run).toMatchObject({ status: 'running', trigger: { summary: 'team ops at 95 % of its day quota (96 of 100)' } });
    expect(run!.agentId).toBeUndefined();
    expect(t.store.counted.size).toBe(0);
    await t.drive(run!.id);
    expect((await t.runOf(run!.id)).steps.map((step) => [step.status, step.detail])).toEqual([
      ['skipped', 'nothing to suspend the agent: Quota.Threshold names no agent'],
      ['done', 'notified the subscribed channels'],
    ]);
    expect(t.calls).toEqual([]);
  });
});

describe('Remediation runs: steps', () => {
  it('does the steps in order, records each once, and succeeds after the last', async () => {
    const t = await setUp([playbookOf('quarantine', quarantineSteps)]);
    const [run] = await t.remediations.onEvent(denySpike());
    const runId = run!.id;
    expect(await t.remediations.runStep(TENANT, runId, 0)).toEqual({ next: 'step', index: 1, waitSeconds: 0 });
    // The state machine restarted: the same step asked again does nothing again.
    expect(await t.remediations.runStep(TENANT, runId, 0)).toEqual({ next: 'step', index: 1, waitSeconds: 0 });
    expect(t.calls).toEqual([`quarantine ${AGENT}`]);
    const until = isoAt(T0 + 4 * HOUR);
    expect(t.agents.get(AGENT)!.quarantine).toEqual({
      until,
      reason: `remediation ${runId}`,
      runId,
      by: 'system:playbook:quarantine',
    });
    expect(await t.remediations.runStep(TENANT, runId, 1)).toEqual({ next: 'step', index: 2, waitSeconds: 0 });
    expect(await t.remediations.runStep(TENANT, runId, 1)).toEqual({ next: 'step', index: 2, waitSeconds: 0 });
    expect(t.notes).toHaveLength(1);
    expect(t.notes[0]).toMatchObject({ runId, agentId: AGENT, team: 'ops', actor: 'system:playbook:quarantine', severity: 'high' });
    expect(await t.remediations.runStep(TENANT, runId, 2)).toEqual({ next: 'step', index: 3, waitSeconds: 0 });
    expect(await t.remediations.runStep(TENANT, runId, 2)).toEqual({ next: 'step', index: 3, waitSeconds: 0 });
    expect(t.store.changes).toHaveLength(1);
    expect(t.store.changes[0]).toMatchObject({
      action: 'remediation.notified',
      actor: { type: 'system', name: 'playbook:quarantine' },
      reason: `remediation ${runId}`,
      target: { type: 'remediation', id: runId },
      event: { detailType: 'Remediation.Notified', detail: { runId, playbookId: 'quarantine', agentId: AGENT, mode: 'enforce' } },
    });
    expect(await t.remediations.runStep(TENANT, runId, 3)).toEqual({ next: 'done', index: 3, waitSeconds: 0 });
    const finished = await t.runOf(runId);
    expect(finished).toMatchObject({ status: 'succeeded', endedAt: isoAt(T0), effects: { quarantinedUntil: until, incidentId: 'inc_1' } });
    expect(finished.steps.map((step) => [step.type, step.status, step.detail])).toEqual([
      ['quarantine_agent', 'done', `quarantined agent ${AGENT} until ${until}`],
      ['open_incident', 'done', 'recorded on incident inc_1'],
      ['notify', 'done', 'notified the subscribed channels'],
    ]);
    expect(await t.remediations.runStep(TENANT, runId, 3)).toEqual({ next: 'done', index: 3, waitSeconds: 0 });
    expect(await t.remediations.runStep(TENANT, runId, 0)).toEqual({ next: 'done', index: 0, waitSeconds: 0 });
    expect(t.calls).toEqual([`quarantine ${AGENT}`, `incident ${AGENT}`]);
  });

  it('makes every change as system:playbook:<id> with the run as the reason', async () => {
    const t = await setUp([playbookOf('lockdown', [{ type: 'suspend_agent' }, { type: 'revoke_grants' }, { type: 'expire_key' }])]);
    const [run] = await t.remediations.onEvent(denySpike());
    await t.drive(run!.id);
    expect(t.calls).toEqual([`suspend ${AGENT}`, `revoke-grants ${AGENT}`, `expire-keys ${AGENT}`]);
    expect(t.authors.every((by) => by.actor.type === 'system' && by.actor.name === 'playbook:lockdown')).toBe(true);
    expect(t.reasons).toEqual(Array(3).fill(`remediation ${run!.id}`));
    expect((await t.runOf(run!.id)).effects).toEqual({ suspended: true, revokedGrants: ['grt_1', 'grt_2'], expiredKeys: ['key_live'] });
  });

  it('records every step of a dry run as skipped, saying what it would do, and changes nothing', async () => {
    const steps: Step[] = [
      { type: 'suspend_agent' },
      { type: 'quarantine_agent', hours: 2 },
      { type: 'wait', minutes: 30 },
      { type: 'revoke_grants' },
      { type: 'wait_for_approval' },
      { type: 'expire_key' },
      { type: 'open_incident', severity: 'critical' },
      { type: 'notify', channel: 'security' },
      { type: 'decommission_agent' },
    ];
    const t = await setUp([playbookOf('rehearsal', steps, { mode: 'dry_run' })]);
    const [run] = await t.remediations.onEvent(denySpike());
    const answers = await t.drive(run!.id);
    expect(answers.map((answer) => answer.next)).toEqual([...Array<string>(steps.length).fill('step'), 'done']);
    const finished = await t.runOf(run!.id);
    expect(finished.status).toBe('succeeded');
    expect(finished.steps.map((step) => [step.status, step.detail])).toEqual([
      ['skipped', `would suspend ${AGENT}`],
      ['skipped', `would quarantine ${AGENT} for 2 h`],
      ['skipped', 'would wait 30 min'],
      ['skipped', `would revoke the grants of ${AGENT}`],
      ['skipped', "would wait for a person's approval"],
      ['skipped', `would expire the key of ${AGENT}`],
      ['skipped', `would record the run on an incident of ${AGENT} (severity critical)`],
      ['skipped', 'would notify channel security'],
      ['skipped', `would decommission ${AGENT} (revoking its keys)`],
    ]);
    expect(finished.effects).toEqual({});
    expect(t.calls).toEqual([]);
    expect(t.store.changes).toEqual([]);
    expect(t.agents.get(AGENT)).toMatchObject({ status: 'active' });
  });

  it('waits: says how long, and once the time has passed moves on', async () => {
    const t = await setUp([playbookOf('slow', [{ type: 'wait', minutes: 10 }, { type: 'suspend_agent' }])]);
    const [run] = await t.remediations.onEvent(denySpike());
    expect(await t.remediations.runStep(TENANT, run!.id, 0)).toEqual({ next: 'wait', index: 1, waitSeconds: 600 });
    expect((await t.runOf(run!.id)).steps[0]).toMatchObject({ status: 'done', until: isoAt(T0 + 600_000) });
    t.clock.advance(4 * 60_000);
    expect(await t.remediations.runStep(TENANT, run!.id, 0)).toEqual({ next: 'wait', index: 1, waitSeconds: 360 });
    t.clock.advance(6 * 60_000);
    expect(await t.remediations.runStep(TENANT, run!.id, 0)).toEqual({ next: 'step', index: 1, waitSeconds: 0 });
    expect(t.calls).toEqual([]);
    expect(await t.remediations.runStep(TENANT, run!.id, 1)).toEqual({ next: 'step', index: 2, waitSeconds: 0 });
    expect(t.calls).toEqual([`suspend ${AGENT}`]);
  });

  it('reads the run again when a save loses a race', async () => {
    const t = await setUp([playbookOf('quarantine', quarantineSteps)]);
    const [run] = await t.remediations.onEvent(denySpike());
    t.store.loseNextSave();
    await t.remediations.runStep(TENANT, run!.id, 0);
    expect((await t.runOf(run!.id)).steps[0]!.status).toBe('done');
  });

  it('fails a run the state machine gave up on, once', async () => {
    const t = await setUp([playbookOf('quarantine', quarantineSteps)]);
    const [run] = await t.remediations.onEvent(denySpike());
    await t.remediations.failRun(TENANT, run!.id, 'States.TaskFailed: dependency down');
    const failed = await t.runOf(run!.id);
    expect(failed).toMatchObject({ status: 'failed', note: 'States.TaskFailed: dependency down', endedAt: isoAt(T0) });
    await t.remediations.failRun(TENANT, run!.id, 'again');
    expect(await t.runOf(run!.id)).toEqual(failed);
    expect(await t.remediations.runStep(TENANT, run!.id, 0)).toMatchObject({ next: 'done' });
  });
});

describe('Remediation runs: approval', () => {
  async function waitingRun() {
    const t = await setUp([playbookOf('ask-first', [{ type: 'wait_for_approval' }, { type: 'suspend_agent' }])]);
    const [run] = await t.remediations.onEvent(denySpike());
    return { ...t, runId: run!.id };
  }

  it('waits for a person, keeps the workflow token, and the approval completes it and marks the step', async () => {
    const t = await waitingRun();
    expect(await t.remediations.runStep(TENANT, t.runId, 0)).toEqual({ next: 'approval', index: 0, waitSeconds: 0 });
    expect(await t.runOf(t.runId)).toMatchObject({
      status: 'waiting_for_approval',
      steps: [{ status: 'waiting', detail: "waiting for a person's approval" }, { status: 'pending' }],
    });
    await t.remediations.awaitStep(TENANT, t.runId, 0, 'token-1');
    expect((await t.runOf(t.runId)).taskToken).toBe('token-1');
    expect(await t.remediations.get(auditor, TENANT, t.runId)).not.toHaveProperty('taskToken');

    t.clock.advance(60_000);
    const approved = await t.remediations.approve(security, TENANT, t.runId);
    expect(t.completions).toEqual(['token-1']);
    expect(approved).toMatchObject({
      status: 'running',
      steps: [{ type: 'wait_for_approval', status: 'done', detail: 'approved by sec-1' }, {}],
    });
    expect(approved).not.toHaveProperty('taskToken');
    expect((await t.runOf(t.runId)).taskToken).toBeUndefined();
    expect(t.calls).toEqual([]);

    expect(await t.remediations.runStep(TENANT, t.runId, 0)).toEqual({ next: 'step', index: 1, waitSeconds: 0 });
    await t.drive(t.runId, 1);
    expect(t.calls).toEqual([`suspend ${AGENT}`]);
    expect((await t.runOf(t.runId)).status).toBe('succeeded');
  });

  it('refuses to approve a run that does not wait (409 not_waiting)', async () => {
    const t = await waitingRun();
    const notWaiting = t.remediations.approve(admin, TENANT, t.runId);
    await expect(notWaiting).rejects.toBeInstanceOf(ConflictError);
    await expect(notWaiting).rejects.toMatchObject({ code: 'not_waiting' });
    await t.remediations.runStep(TENANT, t.runId, 0);
    await t.remediations.approve(admin, TENANT, t.runId);
    await expect(t.remediations.approve(admin, TENANT, t.runId)).rejects.toMatchObject({ code: 'not_waiting' });
    expect(t.completions).toEqual([]);
  });

  it("approved before the workflow's await task kept its token: that task finds the step no longer waiting", async () => {
    const t = await waitingRun();
    await t.remediations.runStep(TENANT, t.runId, 0);
    await t.remediations.approve(admin, TENANT, t.runId);
    expect(t.completions).toEqual([]);
    await expect(t.remediations.awaitStep(TENANT, t.runId, 0, 'late-token')).rejects.toBeInstanceOf(StepNotWaiting);
    expect((await t.runOf(t.runId)).taskToken).toBeUndefined();
  });

  it('asked again for the waiting step (a restart), still waits without a second record', async () => {
    const t = await waitingRun();
    await t.remediations.runStep(TENANT, t.runId, 0);
    await t.remediations.awaitStep(TENANT, t.runId, 0, 'token-1');
    expect(await t.remediations.runStep(TENANT, t.runId, 0)).toEqual({ next: 'approval', index: 0, waitSeconds: 0 });
    expect((await t.runOf(t.runId)).status).toBe('waiting_for_approval');
  });
});

describe('Remediation runs: cancel and revert', () => {
  it('cancels a run: it ends, its workflow stops, no further step runs', async () => {
    const t = await setUp([playbookOf('ask-first', [{ type: 'wait_for_approval' }, { type: 'suspend_agent' }])]);
    const [run] = await t.remediations.onEvent(denySpike());
    await t.remediations.runStep(TENANT, run!.id, 0);
    await t.remediations.awaitStep(TENANT, run!.id, 0, 'token-1');
    const cancelled = await t.remediations.cancel(admin, TENANT, run!.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', note: 'cancelled by alice', endedAt: isoAt(T0) });
    expect(t.stops).toEqual([{ runId: run!.id, cause: 'cancelled by alice' }]);
    expect((await t.runOf(run!.id)).taskToken).toBeUndefined();
    expect(await t.remediations.runStep(TENANT, run!.id, 1)).toMatchObject({ next: 'done' });
    expect(t.calls).toEqual([]);
    await expect(t.remediations.cancel(admin, TENANT, run!.id)).rejects.toMatchObject({ code: 'run_ended' });
    await expect(t.remediations.approve(admin, TENANT, run!.id)).rejects.toMatchObject({ code: 'not_waiting' });
  });

  it('reverts: lifts the quarantine and reinstates the suspension it made, lists what stays', async () => {
    const steps: Step[] = [
      { type: 'quarantine_agent', hours: 4 },
      { type: 'suspend_agent' },
      { type: 'revoke_grants' },
      { type: 'expire_key' },
    ];
    const t = await setUp([playbookOf('lockdown', steps)]);
    const [run] = await t.remediations.onEvent(denySpike());
    await t.drive(run!.id);
    expect(t.agents.get(AGENT)).toMatchObject({ status: 'suspended', quarantine: { runId: run!.id } });

    const outcome = await t.remediations.revert(security, TENANT, run!.id);
    expect(outcome.reverted).toEqual([
      { type: 'quarantine_agent', detail: `lifted the quarantine of agent ${AGENT}` },
      { type: 'suspend_agent', detail: `reinstated agent ${AGENT}` },
    ]);
    expect(outcome.notReverted).toEqual([
      { type: 'revoke_grants', detail: 'grants grt_1, grt_2 stay revoked' },
      { type: 'expire_key', detail: 'keys key_live stay expired' },
    ]);
    expect(outcome.run).toMatchObject({ status: 'reverted', note: 'reverted by sec-1' });
    const agent = t.agents.get(AGENT)!;
    expect(agent.status).toBe('active');
    expect(agent.quarantine).toBeUndefined();
    expect(t.calls.slice(-2)).toEqual([`lift ${AGENT}`, `reinstate ${AGENT}`]);
    expect(t.authors.slice(-2).map((by) => by.actor)).toEqual([
      { type: 'operator', sub: 'sec-1' },
      { type: 'operator', sub: 'sec-1' },
    ]);
    expect(t.reasons.slice(-2)).toEqual(Array(2).fill(`revert of remediation ${run!.id}`));
    expect(t.stops).toEqual([]);

    const twice = t.remediations.revert(security, TENANT, run!.id);
    await expect(twice).rejects.toBeInstanceOf(ConflictError);
    await expect(twice).rejects.toMatchObject({ code: 'run_reverted' });
  });

  it('lists a decommissioning in notReverted: it cannot be undone', async () => {
    const t = await setUp([playbookOf('retire', [{ type: 'decommission_agent' }])]);
    const [run] = await t.remediations.onEvent(denySpike());
    await t.drive(run!.id);
    const outcome = await t.remediations.revert(admin, TENANT, run!.id);
    expect(outcome.reverted).toEqual([]);
    expect(outcome.notReverted).toEqual([
      { type: 'decommission_agent', detail: `agent ${AGENT} stays decommissioned: it cannot be undone` },
    ]);
    expect(t.agents.get(AGENT)!.status).toBe('decommissioned');
  });

  it('leaves alone what changed since: a quarantine replaced by another run, an agent reinstated meanwhile', async () => {
    const t = await setUp([playbookOf('lockdown', [{ type: 'quarantine_agent', hours: 1 }, { type: 'suspend_agent' }])]);
    const [run] = await t.remediations.onEvent(denySpike());
    await t.drive(run!.id);
    const agent = t.agents.get(AGENT)!;
    t.agents.set(AGENT, { ...agent, status: 'active', quarantine: { ...agent.quarantine!, runId: 'rem_other' } });
    const outcome = await t.remediations.revert(admin, TENANT, run!.id);
    expect(outcome.reverted).toEqual([]);
    expect(outcome.notReverted).toEqual([
      { type: 'quarantine_agent', detail: 'the quarantine was lifted or replaced meanwhile' },
      { type: 'suspend_agent', detail: `agent ${AGENT} is active now` },
    ]);
    expect(t.agents.get(AGENT)!.quarantine?.runId).toBe('rem_other');
  });

  it('stops a run still going before reverting it', async () => {
    const t = await setUp([
      playbookOf('slow', [{ type: 'quarantine_agent', hours: 4 }, { type: 'wait', minutes: 60 }, { type: 'suspend_agent' }]),
    ]);
    const [run] = await t.remediations.onEvent(denySpike());
    await t.drive(run!.id);
    const outcome = await t.remediations.revert(admin, TENANT, run!.id);
    expect(t.stops).toEqual([{ runId: run!.id, cause: 'reverted by alice' }]);
    expect(outcome.reverted.map((entry) => entry.type)).toEqual(['quarantine_agent']);
    expect(outcome.run).toMatchObject({ status: 'reverted', endedAt: isoAt(T0) });
    expect(await t.remediations.runStep(TENANT, run!.id, 2)).toMatchObject({ next: 'done' });
    expect(t.calls).toEqual([`quarantine ${AGENT}`, `lift ${AGENT}`]);
  });
});

describe('Remediation runs: reading and permissions', () => {
  it('lists runs newest first with filters, showing each step with its settings and no token or stored copy', async () => {
    const t = await setUp([playbookOf('quarantine', quarantineSteps)]);
    const [older] = await t.remediations.onEvent(denySpike());
    const [newer] = await t.remediations.onEvent(denySpike(OTHER_AGENT));
    await t.remediations.failRun(TENANT, older!.id, 'broken');
    const all = await t.remediations.list(auditor, TENANT, { limit: 10 });
    expect(all.items.map((run) => run.id)).toEqual([newer!.id, older!.id]);
    expect(all.nextCursor).toBeUndefined();
    expect(all.items[0]).not.toHaveProperty('definition');
    expect(all.items[0]).not.toHaveProperty('tenantId');
    expect(all.items[0]!.steps[0]).toEqual({ type: 'quarantine_agent', hours: 4, status: 'pending' });
    expect((await t.remediations.list(auditor, TENANT, { limit: 10, status: 'failed' })).items.map((run) => run.id)).toEqual([older!.id]);
    expect((await t.remediations.list(auditor, TENANT, { limit: 10, agentId: OTHER_AGENT })).items.map((run) => run.id)).toEqual([
      newer!.id,
    ]);
    const first = await t.remediations.list(auditor, TENANT, { limit: 1 });
    expect(first.items.map((run) => run.id)).toEqual([newer!.id]);
    const second = await t.remediations.list(auditor, TENANT, { limit: 1, cursor: first.nextCursor });
    expect(second.items.map((run) => run.id)).toEqual([older!.id]);
  });

  it('lets an auditor read runs but not approve, cancel or revert them', async () => {
    const t = await setUp([playbookOf('ask-first', [{ type: 'wait_for_approval' }])]);
    const [run] = await t.remediations.onEvent(denySpike());
    await t.remediations.runStep(TENANT, run!.id, 0);
    await expect(t.remediations.list(auditor, TENANT, { limit: 10 })).resolves.toMatchObject({ items: [{ id: run!.id }] });
    await expect(t.remediations.get(auditor, TENANT, run!.id)).resolves.toMatchObject({ status: 'waiting_for_approval' });
    await expect(t.remediations.approve(auditor, TENANT, run!.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(t.remediations.cancel(auditor, TENANT, run!.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(t.remediations.revert(auditor, TENANT, run!.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await t.runOf(run!.id)).status).toBe('waiting_for_approval');
  });

  it("refuses a team lead and another tenant's admin, and says a missing run is not found", async () => {
    const t = await setUp([playbookOf('quarantine', quarantineSteps)]);
    const [run] = await t.remediations.onEvent(denySpike());
    await expect(t.remediations.list(lead, TENANT, { limit: 10 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(t.remediations.approve(lead, TENANT, run!.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(t.remediations.get(otherAdmin, TENANT, run!.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(t.remediations.revert(otherAdmin, TENANT, run!.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(t.remediations.get(admin, TENANT, 'rem_01ABCDEFGHJKMNPQRSTVWXYZ00-nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.remediations.revert(admin, TENANT, 'rem_01ABCDEFGHJKMNPQRSTVWXYZ00-nope')).rejects.toBeInstanceOf(NotFoundError);
  });
});
