import { TEMPLATE_ROUTES as ROUTES } from '../../shared/manifest/routes/template-routes';
import { templateServices } from '../_lib/compose/templates';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** GET /v1/templates (?kind=agent|policy); POST .../templates/{templateId}/apply. */
export const handler = dispatchByRoute([
  [
    ROUTES.listTemplates,
    httpRoute(ROUTES.listTemplates, templateServices, async ({ services, principal, query }) => services.templates.list(principal, query)),
  ],
  [
    ROUTES.applyTemplate,
    httpRoute(ROUTES.applyTemplate, templateServices, ({ services, principal, params, body }) =>
      services.templates.apply(principal, params.tenantId, params.templateId, body),
    ),
  ],
]);
