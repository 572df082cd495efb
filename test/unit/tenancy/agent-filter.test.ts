import { describe, expect, it } from 'vitest';
import { matchesAgentFilter } from '../../../shared/tenancy/agent-registry';
import { agentCountDeltas } from '../../../shared/tenancy/tenant-stats';
import { domainEvent } from '../../../shared/events/catalog';
import { anAgent } from '../../support/tenancy-fixtures';

const now = Date.parse('2026-11-24T10:00:00.000Z');

describe('Function: matchesAgentFilter', () => {
  const agent = anAgent('acme', {
    team: 'red',
    role: 'bot',
    environment: 'prod',
    status: 'active',
    createdAt: '2026-11-01T00:00:00.000Z',
    lastSeenAt: '2026-11-20T10:00:00.000Z',
  });

  it('matches every filter that holds and refuses any that does not', () => {
    expect(matchesAgentFilter(agent, { team: 'red', role: 'bot', environment: 'prod', status: 'active' }, now)).toBe(true);
    expect(matchesAgentFilter(agent, { team: 'blue' }, now)).toBe(false);
    expect(matchesAgentFilter(agent, { status: 'suspended' }, now)).toBe(false);
  });

  it('counts inactivity from lastSeenAt, or from creation for an agent never seen', () => {
    expect(matchesAgentFilter(agent, { inactiveSinceDays: 3 }, now)).toBe(true);
    expect(matchesAgentFilter(agent, { inactiveSinceDays: 5 }, now)).toBe(false);
    const neverSeen = anAgent('acme', { createdAt: '2026-11-01T00:00:00.000Z' });
    expect(matchesAgentFilter(neverSeen, { inactiveSinceDays: 20 }, now)).toBe(true);
  });
});

describe('Function: agentCountDeltas', () => {
  const base = { tenantId: 'a', agentId: 'x', team: 't', role: 'r', environment: 'dev', actor: 'u' };

  it('moves one agent between statuses', () => {
    expect(agentCountDeltas(domainEvent('Agent.Registered', { ...base, owner: 'o' }))).toEqual({ active: 1 });
    expect(agentCountDeltas(domainEvent('Agent.Suspended', { ...base, fromStatus: 'active' }))).toEqual({ active: -1, suspended: 1 });
    expect(agentCountDeltas(domainEvent('Agent.Decommissioned', { ...base, fromStatus: 'suspended' }))).toEqual({
      suspended: -1,
      decommissioned: 1,
    });
  });

  it('ignores events that change no status', () => {
    expect(agentCountDeltas(domainEvent('Agent.Updated', { ...base, changed: ['labels'] }))).toBeUndefined();
  });
});
