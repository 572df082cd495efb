import { ROUTES } from '../../shared/manifest/routes';
import { httpRoute } from '../_lib/http-route';

/** GET /health — liveness. */
export const handler = httpRoute(ROUTES.health, async () => ({ status: 'ok' }));
