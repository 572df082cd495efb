/**
 * Which DynamoDB client serves which tenant. Locally one client serves all. On AWS, tenant-scoped
 * work runs under credentials of a role assumed with the session tag `tenant=<id>`, whose policy
 * allows only items whose partition key is `<id>` or begins with `<id>#` (dynamodb:LeadingKeys):
 * a bug that built another tenant's key would be refused by IAM, not just by code review.
 */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LRUCache } from 'lru-cache';
import { createDocumentClient } from './document-client';

export interface TenantClients {
  /** Client for one tenant's items. */
  forTenant(tenantId: string): DynamoDBDocumentClient;
  /** Client for platform work across tenants (listing tenants, relays, consumers). */
  readonly platform: DynamoDBDocumentClient;
}

/** One client for everything (local runtime, tests). */
export function singleClient(client: DynamoDBDocumentClient): TenantClients {
  return { forTenant: () => client, platform: client };
}

/** Per-tenant clients under an assumed, tenant-tagged role; cached per tenant. */
export function tenantRoleClients(platform: DynamoDBDocumentClient, tenantRoleArn: string, maxTenants = 500): TenantClients {
  const clients = new LRUCache<string, DynamoDBDocumentClient>({ max: maxTenants });
  return {
    platform,
    forTenant(tenantId) {
      let client = clients.get(tenantId);
      if (!client) {
        client = createDocumentClient({
          credentials: fromTemporaryCredentials({
            params: {
              RoleArn: tenantRoleArn,
              RoleSessionName: `warden-${tenantId}`.slice(0, 64),
              Tags: [{ Key: 'tenant', Value: tenantId }],
              DurationSeconds: 3600,
            },
          }),
        });
        clients.set(tenantId, client);
      }
      return client;
    },
  };
}
