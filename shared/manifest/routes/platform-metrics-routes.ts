/**
 * The platform metrics route: every tenant's metrics and the system's health, for platform admins.
 */
import { PlatformMetricsQuerySchema, PlatformMetricsSchema } from '../../metrics/platform-metrics';
import type { RouteSpec } from '../route-spec';

export const PLATFORM_METRICS_ROUTES = {
  platformMetrics: {
    method: 'GET',
    path: '/v1/metrics',
    function: 'platform-metrics',
    auth: 'operator',
    permission: 'metrics:platform-read',
    tag: 'metrics',
    summary:
      "Every tenant's metrics for a window (1h, 24h, 7d, 30d), busiest first, and the system's stream lag, dead letters, error rate and latency",
    query: PlatformMetricsQuerySchema,
    response: PlatformMetricsSchema,
  },
} as const satisfies Record<string, RouteSpec>;
