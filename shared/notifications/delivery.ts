/**
 * Deliveries: one event sent to one channel. The first attempt is made when the event arrives;
 * a failure (no answer within the timeout, or an answer that is not 2xx) is tried again after
 * RETRY_DELAYS_MS, then the delivery is `failed` (the dead letter, visible in the channel's
 * delivery log). Each delivery has one `webhook-id`, kept across attempts, so receivers can
 * deduplicate.
 */

export type DeliveryStatus = 'pending' | 'delivered' | 'retrying' | 'failed';

export interface Delivery {
  readonly id: string;
  readonly tenantId: string;
  readonly channel: string;
  readonly eventId: string;
  readonly type: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastStatusCode?: number;
  readonly lastError?: string;
  /** When it was created. */
  readonly at: string;
  readonly nextAttemptAt?: string;
  /** When a delivery held by the tenant's quiet hours gets (or got) its first attempt. */
  readonly heldUntil?: string;
  /** The JSON body sent (`{type, timestamp, data}`). */
  readonly body: string;
}

/** Waits before the 2nd, 3rd, … attempt: 1 min, 5 min, 30 min, 2 h, 6 h; then failed. */
export const RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000] as const;

/** The delivery after an attempt that answered `statusCode` (undefined: no answer, `error` says why). */
export function afterAttempt(delivery: Delivery, outcome: { statusCode?: number; error?: string }, nowMs: number): Delivery {
  const attempts = delivery.attempts + 1;
  const { lastStatusCode: _code, lastError: _error, nextAttemptAt: _next, ...rest } = delivery;
  const recorded = {
    ...rest,
    attempts,
    ...(outcome.statusCode === undefined ? {} : { lastStatusCode: outcome.statusCode }),
    ...(outcome.error === undefined ? {} : { lastError: outcome.error }),
  };
  if (outcome.statusCode !== undefined && outcome.statusCode >= 200 && outcome.statusCode < 300)
    return { ...recorded, status: 'delivered' };
  const delay = RETRY_DELAYS_MS[attempts - 1];
  if (delay === undefined) return { ...recorded, status: 'failed' };
  return { ...recorded, status: 'retrying', nextAttemptAt: new Date(nowMs + delay).toISOString() };
}

/**
 * A new delivery held by quiet hours: no attempt yet, `retrying` with its first attempt due `until`
 * (the retry job makes it), never dropped.
 */
export const heldDelivery = (delivery: Delivery, until: string): Delivery => ({
  ...delivery,
  status: 'retrying',
  nextAttemptAt: until,
  heldUntil: until,
});

/** A delivery as the API shows it (`{id, eventId, type, status, attempts, lastStatusCode?, at, heldUntil?}`). */
export const deliveryView = ({ body: _body, tenantId: _tenant, ...delivery }: Delivery) => delivery;
