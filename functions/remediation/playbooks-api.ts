import { REMEDIATION_ROUTES as ROUTES } from '../../shared/manifest/routes/remediation-routes';
import { playbookServices } from '../_lib/compose/remediation';
import { HttpResult, httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** PUT, GET, DELETE .../playbooks/{playbookId}; GET .../playbooks; POST .../playbooks/defaults. */
export const handler = dispatchByRoute([
  [
    ROUTES.putPlaybook,
    httpRoute(ROUTES.putPlaybook, playbookServices, async ({ services, principal, params, body }) => {
      const { playbook, created } = await services.playbooks.put(principal, params.tenantId, params.playbookId, body);
      return new HttpResult(created ? 201 : 200, playbook);
    }),
  ],
  [
    ROUTES.getPlaybook,
    httpRoute(ROUTES.getPlaybook, playbookServices, ({ services, principal, params }) =>
      services.playbooks.get(principal, params.tenantId, params.playbookId),
    ),
  ],
  [
    ROUTES.deletePlaybook,
    httpRoute(ROUTES.deletePlaybook, playbookServices, async ({ services, principal, params }) => {
      await services.playbooks.delete(principal, params.tenantId, params.playbookId);
      return undefined;
    }),
  ],
  [
    ROUTES.listPlaybooks,
    httpRoute(ROUTES.listPlaybooks, playbookServices, ({ services, principal, params }) =>
      services.playbooks.list(principal, params.tenantId),
    ),
  ],
  [
    ROUTES.enableDefaultPlaybooks,
    httpRoute(ROUTES.enableDefaultPlaybooks, playbookServices, ({ services, principal, params }) =>
      services.playbooks.enableDefaults(principal, params.tenantId),
    ),
  ],
]);
