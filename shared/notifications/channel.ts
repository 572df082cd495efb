/**
 * Notification channels: where a tenant wants to be told about events. A channel is a webhook
 * (Standard Webhooks: signed with the channel's secret) subscribed to some of the events people
 * act on. The secret is shown once, when the channel is created (or given then).
 */
import * as z from 'zod';

/** The events a channel may subscribe to. */
export const NOTIFIABLE_EVENTS = [
  'Approval.Requested',
  'Approval.Escalated',
  'Incident.Opened',
  'Incident.Resolved',
  'Anomaly.Detected',
  'Quota.Threshold',
  'Key.Expiring',
  'Key.Expired',
  'Agent.Inactive',
  'Remediation.Notified',
  // The live feed: batches of decisions (decision-feed.ts).
  'Decision.Made',
] as const;
export type NotifiableEvent = (typeof NOTIFIABLE_EVENTS)[number];

/** Channels a tenant may have. */
export const MAX_CHANNELS = 20;

/** A Standard Webhooks secret: `whsec_` and 24 to 64 random bytes in base64. */
export const WebhookSecretSchema = z.string().regex(/^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/, 'a secret whsec_<base64 of 24 to 64 bytes>');

/** `PUT .../channels/{name}` body. */
export const ChannelInputSchema = z
  .object({
    kind: z.literal('webhook'),
    url: z.string().max(2048),
    events: z.array(z.enum(NOTIFIABLE_EVENTS)).min(1).max(NOTIFIABLE_EVENTS.length),
    secret: WebhookSecretSchema.optional(),
  })
  .strict();
export type ChannelInput = z.infer<typeof ChannelInputSchema>;

export interface Channel {
  readonly tenantId: string;
  readonly name: string;
  readonly kind: 'webhook';
  readonly url: string;
  readonly events: readonly NotifiableEvent[];
  readonly secret: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A channel as the API shows it: never its secret. */
export const channelView = ({ secret: _secret, tenantId: _tenant, ...channel }: Channel) => channel;
