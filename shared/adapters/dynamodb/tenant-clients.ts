/**
 * Which DynamoDB client serves which work. Locally one client serves all. On AWS, tenant-scoped
 * work runs under credentials of a role assumed with the session tag `tenant=<id>`, whose policy
 * allows only items whose partition key is `<id>` or begins with `<id>#` (dynamodb:LeadingKeys):
 * a bug that built another tenant's key would be refused by IAM, not just by code review. Items
 * every tenant may read (the org's policies, `~org#…`; platform items, `~platform#…`) are read
 * under the same role assumed without a tenant tag, which allows only reads of those partitions.
 * The function's own credentials (`platform`) reach the tables only in functions the manifest
 * marks cross-tenant (docs/decisions/tenant-isolation.md).
 */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LRUCache } from 'lru-cache';
import { upTo } from '../../kernel/cache-bound';
import { isTenantId } from '../../kernel/tenant-id';
import { CLIENT_TIMEOUTS } from '../client-timeouts';
import { createDocumentClient } from './document-client';

export interface TenantClients {
  /** Client for one tenant's items (keys equal to the tenant id or beginning with `<id>#`). */
  forTenant(tenantId: string): DynamoDBDocumentClient;
  /** Read-only client for items every tenant may read: `~org#…` (policies) and `~platform#…` (control). */
  readonly shared: DynamoDBDocumentClient;
  /**
   * Client for work across tenants and for writes of org and platform items (listing tenants,
   * org policy writes, price plans, closed periods). Only cross-tenant functions may use it.
   */
  readonly platform: DynamoDBDocumentClient;
}

/** One client for everything (local runtime, tests). */
export function singleClient(client: DynamoDBDocumentClient): TenantClients {
  return { forTenant: () => client, shared: client, platform: client };
}

const SESSION_SECONDS = 3600;

/** Per-tenant clients under an assumed, tenant-tagged role, cached per tenant; shared reads under the role untagged. */
export function tenantRoleClients(platform: DynamoDBDocumentClient, tenantRoleArn: string, maxTenants = 500): TenantClients {
  const clients = new LRUCache<string, DynamoDBDocumentClient>(upTo(maxTenants));
  let shared: DynamoDBDocumentClient | undefined;
  return {
    platform,
    get shared() {
      shared ??= createDocumentClient({
        credentials: fromTemporaryCredentials({
          clientConfig: CLIENT_TIMEOUTS,
          params: { RoleArn: tenantRoleArn, RoleSessionName: 'warden-shared-read', DurationSeconds: SESSION_SECONDS },
        }),
      });
      return shared;
    },
    forTenant(tenantId) {
      let client = clients.get(tenantId);
      if (!client) {
        // The id becomes the session tag IAM matches keys against: never one of the shared prefixes (`~org`), a `#` or a wildcard.
        if (!isTenantId(tenantId)) throw new Error(`Not a tenant id: ${JSON.stringify(tenantId.slice(0, 64))}`);
        client = createDocumentClient({
          credentials: fromTemporaryCredentials({
            clientConfig: CLIENT_TIMEOUTS,
            params: {
              RoleArn: tenantRoleArn,
              RoleSessionName: `warden-${tenantId}`.slice(0, 64),
              Tags: [{ Key: 'tenant', Value: tenantId }],
              DurationSeconds: SESSION_SECONDS,
            },
          }),
        });
        clients.set(tenantId, client);
      }
      return client;
    },
  };
}
