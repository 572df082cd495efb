/**
 * The HTTP API: every route with its function, authentication, permission and schemas. The CDK
 * app and the local runtime read the plain part; handlers validate with the schemas; the OpenAPI
 * document is generated from the whole.
 */
import * as z from 'zod';
import { AGENT_ROUTES } from './routes/agent-routes';
import { APPROVAL_ROUTES } from './routes/approval-routes';
import { AUDIT_ROUTES } from './routes/audit-routes';
import { BILLING_ROUTES } from './routes/billing-routes';
import { DECISION_ROUTES } from './routes/decision-routes';
import { MATURITY_ROUTES } from './routes/maturity-routes';
import { METRICS_ROUTES } from './routes/metrics-routes';
import { MONITORING_ROUTES } from './routes/monitoring-routes';
import { NOTIFICATION_ROUTES } from './routes/notification-routes';
import { PLATFORM_METRICS_ROUTES } from './routes/platform-metrics-routes';
import { PLATFORM_ROUTES } from './routes/platform-routes';
import { POLICY_ROUTES } from './routes/policy-routes';
import { REMEDIATION_ROUTES } from './routes/remediation-routes';
import { TEMPLATE_ROUTES } from './routes/template-routes';
import { TENANCY_ROUTES } from './routes/tenancy-routes';
import { USAGE_ROUTES } from './routes/usage-routes';
import type { RouteSpec } from './route-spec';

/**
 * Every route. Each area's routes live in `routes/<area>-routes.ts`
 * so that a function imports only its own area's schemas (docs/decisions/cold-starts.md).
 */
export const ROUTES = {
  health: { ...PLATFORM_ROUTES.health, response: z.object({ status: z.literal('ok') }) },
  openapi: PLATFORM_ROUTES.openapi,
  ...TENANCY_ROUTES,
  ...AGENT_ROUTES,
  ...POLICY_ROUTES,
  ...DECISION_ROUTES,
  ...AUDIT_ROUTES,
  ...USAGE_ROUTES,
  ...METRICS_ROUTES,
  ...PLATFORM_METRICS_ROUTES,
  ...MONITORING_ROUTES,
  ...NOTIFICATION_ROUTES,
  ...REMEDIATION_ROUTES,
  ...MATURITY_ROUTES,
  ...TEMPLATE_ROUTES,
  ...APPROVAL_ROUTES,
  ...BILLING_ROUTES,
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof ROUTES;
