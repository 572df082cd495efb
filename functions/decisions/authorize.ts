import { DECISION_ROUTES } from '../../shared/manifest/routes/decision-routes';
import { decisionServices } from '../_lib/compose/decisions';
import { httpRoute } from '../_lib/http-route';
import { dispatchByRoute } from '../_lib/route-dispatch';

/** The Idempotency-Key header, when given (1 to 200 printable characters). */
const idempotencyKeyOf = (headers: Readonly<Record<string, string | undefined>>) => {
  const key = headers['idempotency-key']?.trim();
  return key && /^[\x21-\x7e]{1,200}$/.test(key) ? key : undefined;
};

/** POST /v1/authorize and /v1/authorize/batch — decisions for the calling agent. */
export const handler = dispatchByRoute([
  [
    DECISION_ROUTES.authorize,
    httpRoute(DECISION_ROUTES.authorize, decisionServices, async ({ services, principal, body, headers }) => {
      const [answer] = await services.decisions.authorize(principal, [body], { idempotencyKey: idempotencyKeyOf(headers) });
      return answer;
    }),
  ],
  [
    DECISION_ROUTES.authorizeBatch,
    httpRoute(DECISION_ROUTES.authorizeBatch, decisionServices, async ({ services, principal, body, headers }) => ({
      results: await services.decisions.authorize(principal, body.requests, { idempotencyKey: idempotencyKeyOf(headers), batch: true }),
    })),
  ],
]);
