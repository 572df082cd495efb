/**
 * The metered usage route.
 */
import { UsageQuerySchema } from '../../usage/usage';
import type { RouteSpec } from '../route-spec';
import { TENANT_PATH } from './route-parts';

export const USAGE_ROUTES = {
  usage: {
    method: 'GET',
    path: `${TENANT_PATH}/usage`,
    function: 'usage',
    auth: 'operator',
    permission: 'usage:read',
    tag: 'usage',
    summary: "A month's metered usage: totals, by team, agent and day, and distinct active agents",
    query: UsageQuerySchema,
  },
} as const satisfies Record<string, RouteSpec>;
