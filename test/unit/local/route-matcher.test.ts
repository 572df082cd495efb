import { describe, expect, it } from 'vitest';
import { createRouteMatcher } from '../../../infra/local/route-matcher';
import { ROUTES } from '../../../shared/manifest/routes';

const matcher = createRouteMatcher(Object.values(ROUTES));

describe('RouteMatcher', () => {
  it('matches templates and extracts raw path values', () => {
    expect(matcher.match('GET', '/v1/tenants/acme/agents/agt_1')).toMatchObject({
      route: ROUTES.getAgent,
      pathParameters: { tenantId: 'acme', agentId: 'agt_1' },
    });
    expect(matcher.match('PUT', '/v1/tenants/acme/roles/team%3Ax')?.pathParameters).toEqual({ tenantId: 'acme', role: 'team%3Ax' });
  });

  it('prefers literal segments over parameters', () => {
    expect(matcher.match('POST', '/v1/tenants/acme/agents/agt_1/suspend')?.route).toBe(ROUTES.suspendAgent);
  });

  it('tells methods apart and ignores a trailing slash', () => {
    expect(matcher.match('DELETE', '/v1/tenants/acme')).toBeUndefined();
    expect(matcher.match('GET', '/v1/tenants/')?.route).toBe(ROUTES.listTenants);
  });

  it('never lets a parameter span segments', () => {
    expect(matcher.match('GET', '/v1/tenants/acme/x/agents')).toBeUndefined();
  });
});
