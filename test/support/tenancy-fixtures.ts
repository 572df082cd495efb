/**
 * Domain objects for tests, valid by construction.
 */
import type { ChangeRecord } from '../../shared/audit/change-record';
import { domainEvent } from '../../shared/events/catalog';
import type { Agent, ApiKeyRecord } from '../../shared/tenancy/agent';
import type { Tenant } from '../../shared/tenancy/tenant';

let counter = 0;
const nextId = () => String(++counter).padStart(26, '0');

export function aTenant(id: string, overrides: Partial<Tenant> = {}): Tenant {
  const now = '2026-11-24T10:00:00.000Z';
  return {
    id,
    name: `Tenant ${id}`,
    tier: 'business',
    environments: ['dev', 'prod'],
    quotas: {},
    retentionDays: 90,
    settings: { apiKeyTtlDays: 90, approvalTimeoutMinutes: 240 },
    status: 'active',
    createdAt: now,
    createdBy: 'platform',
    updatedAt: now,
    epoch: 1,
    version: 1,
    ...overrides,
  };
}

export function anAgent(tenantId: string, overrides: Partial<Agent> = {}): Agent {
  const now = '2026-11-24T10:00:00.000Z';
  return {
    tenantId,
    id: `agt_${nextId()}`,
    name: 'bot',
    team: 'ops',
    role: 'bot',
    environment: 'dev',
    owner: 'o',
    labels: {},
    quotas: {},
    status: 'active',
    createdAt: now,
    createdBy: 'admin',
    updatedAt: now,
    keys: [],
    version: 1,
    ...overrides,
  };
}

export function aKey(tenantId: string, agentId: string, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  const hash = nextId().padStart(64, 'a');
  return {
    tenantId,
    agentId,
    keyHash: hash,
    keyId: `key_${hash.slice(0, 12)}`,
    createdAt: '2026-11-24T10:00:00.000Z',
    expiresAt: '2027-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function aChange(tenantId: string, targetId = tenantId): ChangeRecord {
  return {
    kind: 'change',
    id: `aud_${nextId()}`,
    tenantId,
    at: '2026-11-24T10:00:00.000Z',
    actor: { type: 'operator', sub: 'tester' },
    action: 'test.changed',
    target: { type: 'tenant', id: targetId },
    event: domainEvent('Team.Created', { tenantId, team: 'ops', actor: 'tester' }),
  };
}
