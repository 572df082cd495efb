import { beforeEach, describe, expect, it, vi } from 'vitest';

const assumed = vi.hoisted(() => [] as { params: { RoleArn: string; RoleSessionName: string; Tags?: { Key: string; Value: string }[] } }[]);
vi.mock('@aws-sdk/credential-providers', () => ({
  fromTemporaryCredentials: (options: (typeof assumed)[number]) => {
    assumed.push(options);
    return async () => ({ accessKeyId: 'a', secretAccessKey: 'b' });
  },
}));

const { singleClient, tenantRoleClients } = await import('../../../shared/adapters/dynamodb/tenant-clients');
const { createDocumentClient } = await import('../../../shared/adapters/dynamodb/document-client');

const ROLE = 'arn:aws:iam::123456789012:role/tenant-access';

describe('Function: tenantRoleClients', () => {
  beforeEach(() => {
    assumed.splice(0);
  });

  it('gives each tenant a client under the role assumed with its tenant tag, made once', () => {
    // Prepare
    const clients = tenantRoleClients(createDocumentClient({ region: 'eu-west-1' }), ROLE);
    // Act
    const acme = clients.forTenant('acme');
    // Assess
    expect(clients.forTenant('acme')).toBe(acme);
    expect(assumed.map((options) => options.params)).toEqual([
      { RoleArn: ROLE, RoleSessionName: 'warden-acme', Tags: [{ Key: 'tenant', Value: 'acme' }], DurationSeconds: 3600 },
    ]);
  });

  it('reads shared items under the role assumed without a tenant tag, never with the platform credentials', () => {
    const platform = createDocumentClient({ region: 'eu-west-1' });
    const clients = tenantRoleClients(platform, ROLE);
    const shared = clients.shared;
    expect(shared).not.toBe(platform);
    expect(clients.shared).toBe(shared);
    expect(assumed).toHaveLength(1);
    expect(assumed[0]!.params).toEqual({ RoleArn: ROLE, RoleSessionName: 'warden-shared-read', DurationSeconds: 3600 });
  });

  it('refuses to tag a session with anything but a tenant id: a shared prefix, a `#` or a wildcard', () => {
    const clients = tenantRoleClients(createDocumentClient({ region: 'eu-west-1' }), ROLE);
    for (const id of ['~org', '~platform', 'acme#AGENT', '*', 'ac?e', ''])
      expect(() => clients.forTenant(id), id).toThrow(/Not a tenant id/);
    expect(assumed).toEqual([]);
  });
});

describe('Function: singleClient', () => {
  it('serves tenants, shared reads and platform work with the one client', () => {
    const client = createDocumentClient({ region: 'eu-west-1' });
    const clients = singleClient(client);
    expect([clients.forTenant('acme'), clients.shared, clients.platform]).toEqual([client, client, client]);
  });
});
