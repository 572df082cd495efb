/**
 * The DynamoDB clients of a function: one document client, and the per-tenant clients under the
 * tenant access role where the configuration names one (docs/decisions/tenant-isolation.md).
 */
import { createDocumentClient } from '../../../shared/adapters/dynamodb/document-client';
import { singleClient, type TenantClients, tenantRoleClients } from '../../../shared/adapters/dynamodb/tenant-clients';
import { config } from '../config';
import { once } from './once';

/** The function's own document client. */
export const documentClient = once(createDocumentClient);

/** Which client serves which work: tenant-scoped, shared reads, cross-tenant. */
export const tableClients = once((): TenantClients => {
  const { tenantRoleArn } = config();
  return tenantRoleArn ? tenantRoleClients(documentClient(), tenantRoleArn) : singleClient(documentClient());
});

/** The table names. */
export const tables = () => config().tables;
