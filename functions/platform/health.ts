import { PLATFORM_ROUTES } from '../../shared/manifest/routes/platform-routes';
import { publicRoute } from '../_lib/public-route';

/** GET /health — liveness. */
export const handler = publicRoute(PLATFORM_ROUTES.health, async () => ({ status: 'ok' }));
