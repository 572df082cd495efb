import { describe, expect, it } from 'vitest';
import { issueApiKey } from '../../../shared/auth/api-key';
import { createFixedClock } from '../../../shared/kernel/clock';
import type { ApiKeyRecord } from '../../../shared/tenancy/agent';
import { createAgentKeyAuthenticator } from '../../../shared/tenancy/agent-key-authenticator';
import { createTenantStateCache } from '../../../shared/tenancy/tenant-state-cache';
import type { Tenant } from '../../../shared/tenancy/tenant';
import { aKey, anAgent, aTenant } from '../../support/tenancy-fixtures';

/**
 * A store whose reads answer as scripted, in the order the authenticator makes them: each read
 * takes the next answer of its kind, the last one repeating. `getTenantAndApiKey` stands for two
 * reads in no order, so a script can pair a key read before a change with a tenant read after it.
 */
function scriptedStore(script: { tenants: Tenant[]; keys: ApiKeyRecord[]; agent: ReturnType<typeof anAgent> }) {
  const reads: string[] = [];
  const next = <T>(answers: T[]) => (answers.length > 1 ? answers.shift()! : answers[0]!);
  return {
    reads,
    store: {
      async getTenant() {
        reads.push('tenant');
        return next(script.tenants);
      },
      async getApiKey() {
        reads.push('key');
        return next(script.keys);
      },
      async getAgent() {
        reads.push('agent');
        return script.agent;
      },
      async touchAgentLastSeen() {
        reads.push('touch');
      },
      async getTenantAndApiKey() {
        reads.push('tenant+key');
        return { tenant: next(script.tenants), key: next(script.keys) };
      },
      async noteAgentSeen() {
        reads.push('noted');
        return script.agent;
      },
    },
  };
}

describe('AgentKeyAuthenticator', () => {
  const clock = createFixedClock(Date.parse('2026-11-24T10:00:00.000Z'));
  const issued = issueApiKey('race');
  const agent = anAgent('race');

  it("does not reuse a first use's concurrent reads: a revocation between them is seen at the key's next use", async () => {
    // The key was read before a revocation, the tenant after it: the revocation's epoch (2) with the key as it was.
    const { store, reads } = scriptedStore({
      tenants: [aTenant('race', { epoch: 2 })],
      keys: [
        aKey('race', agent.id, { keyHash: issued.keyHash }),
        aKey('race', agent.id, { keyHash: issued.keyHash, revokedAt: '2026-11-24T09:59:59.000Z' }),
      ],
      agent,
    });
    const authenticator = createAgentKeyAuthenticator({
      store,
      clock,
      tenants: createTenantStateCache({ store, clock, stalenessMs: 60_000 }),
    });

    // Concurrent with the revocation, the first request may be answered either way; this one passes.
    expect((await authenticator.authenticate(issued.apiKey)).principal.agentId).toBe(agent.id);
    expect(reads).toEqual(['tenant+key', 'noted']);

    // The tenant is cached at epoch 2, and nothing will raise it again: the key must be read again now.
    reads.length = 0;
    await expect(authenticator.authenticate(issued.apiKey)).rejects.toMatchObject({ code: 'invalid_api_key' });
    expect(reads).toEqual(['key', 'agent']);
  });

  it('reuses a key read after its tenant until the epoch changes', async () => {
    const { store, reads } = scriptedStore({
      tenants: [aTenant('race', { epoch: 3 })],
      keys: [aKey('race', agent.id, { keyHash: issued.keyHash })],
      agent,
    });
    const authenticator = createAgentKeyAuthenticator({
      store,
      clock,
      tenants: createTenantStateCache({ store, clock, stalenessMs: 60_000 }),
    });
    await authenticator.authenticate(issued.apiKey);
    await authenticator.authenticate(issued.apiKey);
    reads.length = 0;
    for (let i = 0; i < 5; i++) await authenticator.authenticate(issued.apiKey);
    expect(reads).toEqual([]);
  });

  it('does not note an agent seen for a key that is revoked or expired', async () => {
    const { store, reads } = scriptedStore({
      tenants: [aTenant('race')],
      keys: [aKey('race', agent.id, { keyHash: issued.keyHash, expiresAt: '2026-11-24T09:00:00.000Z' })],
      agent,
    });
    const authenticator = createAgentKeyAuthenticator({ store, clock, tenants: createTenantStateCache({ store, clock, stalenessMs: 0 }) });
    await expect(authenticator.authenticate(issued.apiKey)).rejects.toMatchObject({ code: 'invalid_api_key' });
    expect(reads).toEqual(['tenant+key']);
  });
});
