/**
 * The fleet metrics routes.
 */
import { MetricsQuerySchema } from '../../metrics/metrics-report';
import type { RouteSpec } from '../route-spec';
import { TENANT_PATH } from './route-parts';

export const METRICS_ROUTES = {
  tenantMetrics: {
    method: 'GET',
    path: `${TENANT_PATH}/metrics`,
    function: 'metrics',
    auth: 'operator',
    permission: 'metrics:read',
    tag: 'metrics',
    summary: "The fleet's metrics for a window (1h, 24h, 7d, 30d): decisions, deny rate, latency, a series, the most active agents",
    query: MetricsQuerySchema,
  },
} as const satisfies Record<string, RouteSpec>;
