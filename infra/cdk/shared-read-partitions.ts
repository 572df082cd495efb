/**
 * What the tenant access role lets every session read beyond its own tenant's items: plain data
 * (no CDK import), so tests that emulate the role's policy read the same lists.
 */
import type { TableId } from '../../shared/manifest/tables';

/** Reads of shared partitions: items only (no index, no scan), never a write. */
export const SHARED_READ_ACTIONS: readonly string[] = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];

/**
 * Partitions (dynamodb:LeadingKeys patterns) every tenant may read, by table: the org's policies
 * (`~org#…`, read by every tenant's decisions) and platform items (`~platform#…`: price plans,
 * closed periods). `~` cannot begin a tenant id (shared/adapters/dynamodb/keys.ts).
 */
export const SHARED_READ_PARTITIONS: Readonly<Partial<Record<TableId, readonly string[]>>> = {
  policies: ['~org#*'],
  control: ['~platform#*'],
};
