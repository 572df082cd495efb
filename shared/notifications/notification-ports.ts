/**
 * What notifications need: channels and deliveries in storage, and a way to send a webhook.
 * DynamoDB: shared/adapters/dynamodb/dynamodb-notification-store.ts; HTTP:
 * shared/adapters/http/webhook-sender.ts.
 */
import type { ChangeRecord } from '../audit/change-record';
import type { StorePage } from '../kernel/page';
import type { Channel } from './channel';
import type { Delivery } from './delivery';

export interface NotificationStore {
  getChannel(tenantId: string, name: string): Promise<Channel | undefined>;
  /** Every channel of the tenant (at most MAX_CHANNELS). */
  listChannels(tenantId: string): Promise<Channel[]>;
  putChannel(channel: Channel, change: ChangeRecord): Promise<void>;
  deleteChannel(tenantId: string, name: string, change: ChangeRecord): Promise<boolean>;
  /**
   * Creates a delivery (one created `retrying`, held by quiet hours, is due at its `nextAttemptAt`
   * at once); false when one with its id exists (the event was handled before).
   */
  createDelivery(delivery: Delivery): Promise<boolean>;
  /** Saves a delivery after an attempt (`previous`: as it was before it), keeping the due list in step. */
  saveDelivery(delivery: Delivery, previous: Delivery): Promise<void>;
  /** A channel's deliveries, newest first, after a delivery id. */
  listDeliveries(tenantId: string, channel: string, page: { limit: number; after?: string }): Promise<StorePage<Delivery>>;
  /** Deliveries waiting for another attempt at or before `at` (at most `limit`). */
  listDueDeliveries(tenantId: string, at: string, limit: number): Promise<Delivery[]>;
}

/** What an attempt got back: a status code, or why there was none. */
export interface SendOutcome {
  readonly statusCode?: number;
  readonly error?: string;
}

export interface WebhookSender {
  /** POSTs `body` with `headers` to `url`, giving up after `timeoutMs`; never throws. */
  send(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<SendOutcome>;
}
