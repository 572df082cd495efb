/**
 * Routes of price plans and billing.
 */
import { PageQuerySchema } from '../../kernel/schemas';
import { ExportQuerySchema, ReconcileQuerySchema } from '../../billing/billing';
import { PricePlanInputSchema } from '../../billing/price-plan';
import type { RouteSpec } from '../route-spec';
import { TENANT_PATH } from './route-parts';

export const BILLING_ROUTES = {
  putPricePlan: {
    method: 'PUT',
    path: '/v1/price-plans/{tier}',
    function: 'price-plans',
    auth: 'operator',
    permission: 'price-plan:write',
    tag: 'billing',
    summary: "Set a tier's prices (exact decimals) and included units",
    body: PricePlanInputSchema,
  },
  getPricePlan: {
    method: 'GET',
    path: '/v1/price-plans/{tier}',
    function: 'price-plans',
    auth: 'operator',
    permission: 'price-plan:read',
    tag: 'billing',
    summary: "A tier's prices and included units",
  },
  listPricePlanVersions: {
    method: 'GET',
    path: '/v1/price-plans/{tier}/versions',
    function: 'price-plans',
    auth: 'operator',
    permission: 'price-plan:read',
    tag: 'billing',
    summary: "Every version a tier's plan has had, newest first: its prices, who set them and when",
    query: PageQuerySchema,
  },
  tenantBillingExport: {
    method: 'GET',
    path: `${TENANT_PATH}/billing/export`,
    function: 'billing',
    auth: 'operator',
    permission: 'billing:export',
    tag: 'billing',
    summary:
      "The tenant's FOCUS billing lines for a month (focusVersion 1.3 by default, or 1.2; csv or json; granularity tenant or agent); large exports answer with a download link",
    query: ExportQuerySchema,
  },
  reconcile: {
    method: 'GET',
    path: `${TENANT_PATH}/billing/reconcile`,
    function: 'billing',
    auth: 'operator',
    permission: 'billing:reconcile',
    tag: 'billing',
    summary: 'Billed decisions against audited decisions for a month, and the difference',
    query: ReconcileQuerySchema,
  },
  platformBillingExport: {
    method: 'GET',
    path: '/v1/billing/exports',
    function: 'billing',
    auth: 'operator',
    permission: 'billing:platform-export',
    tag: 'billing',
    summary: "Every tenant's FOCUS billing lines for a month (focusVersion 1.3 by default, or 1.2)",
    query: ExportQuerySchema,
  },
  closePeriod: {
    method: 'POST',
    path: '/v1/billing/periods/{period}/close',
    function: 'billing',
    auth: 'operator',
    permission: 'billing:close',
    tag: 'billing',
    summary: 'Freeze a month that is over: its exports never change; late usage is billed next month as corrections',
  },
} as const satisfies Record<string, RouteSpec>;
