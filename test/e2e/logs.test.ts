/**
 * No log line contains an issued API key or a JWT: requests that carry them are logged (access
 * lines prove it), and the secrets themselves never appear.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { eventually, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const logFile = inject('runtimeLogFile');

describe('Logs', () => {
  it('never contain an issued API key or an operator JWT', async () => {
    const platform = await api.token({ roles: ['platform-admin'] });
    const tenant = unique('logs');
    await api.post('/v1/tenants', platform, { id: tenant, name: 'Logs', tier: 'business', environments: ['dev'] });
    const admin = await api.token({ roles: ['tenant-admin'], tenant });
    await api.post(`/v1/tenants/${tenant}/teams`, admin, { name: 'ops' });
    await api.put(`/v1/tenants/${tenant}/roles/bot`, admin, { description: 'A bot' });
    const registered = (
      await api.post(`/v1/tenants/${tenant}/agents`, admin, { name: 'x', team: 'ops', role: 'bot', environment: 'dev', owner: 'o' })
    ).body;
    const rotated = (await api.post(`/v1/tenants/${tenant}/agents/${registered.agent.id}/rotate-key`, admin, {})).body;
    const secrets = [platform, admin, registered.apiKey, rotated.apiKey];
    for (const key of [registered.apiKey, rotated.apiKey]) {
      await api.get('/v1/agent/self', key);
      await api.get('/v1/agent/self', `${key}tampered`);
    }
    await api.get(`/v1/tenants/${tenant}/agents`, `${admin}x`);

    const log = await eventually(async () => {
      const text = readFileSync(logFile, 'utf8');
      return text.includes(`"agentId":"${registered.agent.id}"`) &&
        text.includes('"route":"/v1/tenants/{tenantId}/agents/{agentId}/rotate-key"')
        ? text
        : undefined;
    });
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/wdn_[a-z0-9-]+_[A-Za-z0-9_-]{43}/);
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/);
  });
});
