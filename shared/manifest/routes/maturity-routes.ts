/**
 * The maturity routes: a tenant's assessment (with its weekly history), its executive report, and
 * every tenant's latest level for the platform.
 */
import { MaturityQuerySchema, MaturityReportQuerySchema, PlatformMaturityQuerySchema } from '../../maturity/maturity';
import type { RouteSpec } from '../route-spec';
import { TENANT_PATH } from './route-parts';

export const MATURITY_ROUTES = {
  getMaturity: {
    method: 'GET',
    path: `${TENANT_PATH}/maturity`,
    function: 'maturity',
    auth: 'operator',
    permission: 'maturity:read',
    tag: 'maturity',
    summary:
      "The tenant's governance maturity now: level, score, every criterion with its evidence, next steps; weekly history with history=true",
    query: MaturityQuerySchema,
  },
  getMaturityReport: {
    method: 'GET',
    path: `${TENANT_PATH}/maturity/report`,
    function: 'maturity',
    auth: 'operator',
    permission: 'maturity:read',
    tag: 'maturity',
    summary: 'A one-page maturity report for executives (format html or markdown)',
    query: MaturityReportQuerySchema,
  },
  platformMaturity: {
    method: 'GET',
    path: '/v1/maturity',
    function: 'maturity',
    auth: 'operator',
    permission: 'maturity:platform-read',
    tag: 'maturity',
    summary: "Every tenant's level from its latest weekly snapshot, in tenant id order",
    query: PlatformMaturityQuerySchema,
  },
} as const satisfies Record<string, RouteSpec>;
