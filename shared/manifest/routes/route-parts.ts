/**
 * Pieces the route modules share: path prefixes and the shape of a page of items.
 */
import * as z from 'zod';

export const TENANT_PATH = '/v1/tenants/{tenantId}';
export const AGENT_PATH = `${TENANT_PATH}/agents/{agentId}`;
export const POLICIES_PATH = `${TENANT_PATH}/policies`;
export const SCOPE_PATH = `${POLICIES_PATH}/{scope}`;

/** A page of `item`s with the cursor of the next page. */
export const listOf = (item: z.ZodType) => z.object({ items: z.array(item), nextCursor: z.string().optional() });
