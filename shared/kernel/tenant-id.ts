/**
 * The shape of a tenant id, without zod: the tenant clients check every id they make a session
 * for, and the agent authorizer loads no validation library for it (docs/decisions/cold-starts.md).
 */

/** Lowercase letters, digits and inner hyphens, 1 to 40 characters: a tenant id begins every key of the tenant's data. */
export const TENANT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** Whether `value` is a well-formed tenant id. */
export const isTenantId = (value: string): boolean => TENANT_ID_PATTERN.test(value);
