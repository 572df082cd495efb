/**
 * Notifications: a tenant's channels (routes), and the deliveries of the events they subscribe to.
 * An event is delivered to every subscribed channel of its tenant when it arrives (one attempt,
 * with a timeout), and retried by a scheduled job until it is delivered or has failed for good.
 * Nothing here is on the decision path: a slow or failing receiver delays only its own deliveries.
 */
import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import pLimit from 'p-limit';
import { Webhook } from 'standardwebhooks';
import type { ChangeRecord } from '../audit/change-record';
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { domainEvent, type EventType } from '../events/catalog';
import { upTo } from '../kernel/cache-bound';
import { type Clock, isoAt } from '../kernel/clock';
import { ConflictError, NotFoundError, ValidationError } from '../kernel/errors';
import type { IdGenerator } from '../kernel/ids';
import { paginate } from '../kernel/paginate';
import type { PageCursorCodec } from '../kernel/page-cursor';
import { PageQuerySchema } from '../kernel/schemas';
import type { MonitoringSettings } from '../monitoring/monitoring-settings';
import type { Tenant } from '../tenancy/tenant';
import { type Channel, type ChannelInput, channelView, MAX_CHANNELS, NOTIFIABLE_EVENTS, type NotifiableEvent } from './channel';
import { FEED_DECISIONS_PER_DELIVERY, type FeedDecision } from './decision-feed';
import { afterAttempt, type Delivery, deliveryView, heldDelivery } from './delivery';
import { HOLDABLE_EVENTS, heldUntil } from './notification-hold';
import type { NotificationStore, WebhookSender } from './notification-ports';
import { type AddressPolicy, webhookUrlProblem } from './webhook-address';

export const DeliveriesQuerySchema = PageQuerySchema;

/** How long an attempt may take. */
export const ATTEMPT_TIMEOUT_MS = 5_000;
/** Deliveries one tenant retries per run, at most. */
const RETRIES_PER_RUN = 100;
/** How long a tenant's monitoring settings (its quiet hours) are used before they are read again. */
const SETTINGS_TTL_MS = 60_000;
/** How long a tenant's feed channels are used before they are read again (a new subscription waits at most this). */
export const FEED_CHANNELS_TTL_MS = 10_000;
/** Feed deliveries attempted at once: a slow receiver holds one slot for at most ATTEMPT_TIMEOUT_MS. */
const FEED_ATTEMPTS_AT_ONCE = 16;

export interface NotificationsDeps {
  readonly store: NotificationStore;
  readonly sender: WebhookSender;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly cursors: PageCursorCodec;
  readonly addresses: AddressPolicy;
  /** Active tenants, for the retry job. */
  readonly tenants: () => Promise<readonly Tenant[]>;
  /** A tenant's monitoring settings (defaults if it never saved any): its quiet hours. */
  readonly settings: (tenantId: string) => Promise<MonitoringSettings>;
}

/** An event as the notifier receives it. */
export interface NotifiedEvent {
  readonly id: string;
  readonly detailType: EventType;
  readonly detail: Record<string, unknown> & { tenantId: string; auditId?: string };
}

/** Events delivered one by one as they arrive; `Decision.Made` comes in batches instead (onDecisions). */
const isNotifiable = (type: string): type is NotifiableEvent =>
  type !== 'Decision.Made' && (NOTIFIABLE_EVENTS as readonly string[]).includes(type);

/** What a receiver gets: the event's detail, and where to act on it. */
function dataOf(event: NotifiedEvent): Record<string, unknown> {
  const { auditId: _auditId, ...data } = event.detail;
  const base = `/v1/tenants/${event.detail.tenantId}`;
  if (typeof data.approvalId === 'string') return { ...data, links: { approval: `${base}/approvals/${data.approvalId}` } };
  if (typeof data.incidentId === 'string') return { ...data, links: { incident: `${base}/incidents/${data.incidentId}` } };
  if (typeof data.runId === 'string') return { ...data, links: { remediation: `${base}/remediations/${data.runId}` } };
  return data;
}

export function createNotifications(deps: NotificationsDeps) {
  const { store, clock } = deps;
  const settings = new LRUCache<string, MonitoringSettings>({
    ...upTo(10_000),
    ttl: SETTINGS_TTL_MS,
    fetchMethod: (tenantId) => deps.settings(tenantId),
  });
  const feedChannels = new LRUCache<string, Channel[]>({
    ...upTo(10_000),
    ttl: FEED_CHANNELS_TTL_MS,
    fetchMethod: async (tenantId) => (await store.listChannels(tenantId)).filter((channel) => channel.events.includes('Decision.Made')),
  });

  /** Until when deliveries of `event` wait for the end of the tenant's quiet hours (undefined: now). */
  async function holdOf(event: NotifiedEvent): Promise<string | undefined> {
    // Approvals never wait: they go without reading the settings.
    if (!HOLDABLE_EVENTS.includes(event.detailType)) return undefined;
    const current = await settings.fetch(event.detail.tenantId);
    return current && heldUntil(event, current, clock.nowMs());
  }

  function changeOf(principal: OperatorPrincipal, tenantId: string, action: string, name: string, after?: unknown): ChangeRecord {
    return {
      kind: 'change',
      id: deps.ids.next('aud'),
      tenantId,
      at: isoAt(clock.nowMs()),
      actor: { type: 'operator', sub: principal.sub },
      action,
      target: { type: 'channel', id: name },
      ...(after === undefined ? {} : { after }),
      event: domainEvent('Channel.Changed', { tenantId, channel: name, change: action.split('.')[1] ?? action, actor: principal.sub }),
    };
  }

  async function channelOf(tenantId: string, name: string): Promise<Channel> {
    const channel = await store.getChannel(tenantId, name);
    if (!channel) throw new NotFoundError('Channel', name);
    return channel;
  }

  /** One attempt of a delivery; saves and returns its outcome. */
  async function attempt(channel: Channel, delivery: Delivery): Promise<Delivery> {
    const sentAt = new Date(clock.nowMs());
    const signature = new Webhook(channel.secret).sign(delivery.id, sentAt, delivery.body);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Warden-Webhooks/1',
      'webhook-id': delivery.id,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': signature,
    };
    const outcome = await deps.sender.send(channel.url, headers, delivery.body, ATTEMPT_TIMEOUT_MS);
    const next = afterAttempt(delivery, outcome, clock.nowMs());
    await store.saveDelivery(next, delivery);
    return next;
  }

  function newDelivery(channel: Channel, eventKey: string, type: string, data: unknown): Delivery {
    const at = isoAt(clock.nowMs());
    return {
      id: `msg_${eventKey.replace(/^[a-z]+_/, '')}`,
      tenantId: channel.tenantId,
      channel: channel.name,
      eventId: eventKey,
      type,
      status: 'pending',
      attempts: 0,
      at,
      body: JSON.stringify({ type, timestamp: at, data }),
    };
  }

  return {
    async putChannel(principal: OperatorPrincipal, tenantId: string, name: string, input: ChannelInput) {
      checkPermission(principal, 'channel:write', { tenantId });
      const problem = webhookUrlProblem(input.url, deps.addresses);
      if (problem) throw new ValidationError(`url: ${problem}`, [{ path: 'url', message: problem }]);
      const existing = await store.getChannel(tenantId, name);
      if (!existing && (await store.listChannels(tenantId)).length >= MAX_CHANNELS)
        throw new ConflictError(`A tenant has at most ${MAX_CHANNELS} channels`, 'too_many_channels');
      const now = isoAt(clock.nowMs());
      const secret = input.secret ?? existing?.secret ?? `whsec_${randomBytes(32).toString('base64')}`;
      const channel: Channel = {
        tenantId,
        name,
        kind: input.kind,
        url: input.url,
        events: [...new Set(input.events)],
        secret,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      await store.putChannel(
        channel,
        changeOf(principal, tenantId, existing ? 'channel.updated' : 'channel.created', name, channelView(channel)),
      );
      // The secret is shown once: when the channel is created (or a new one is given).
      return { channel: channelView(channel), created: !existing, ...(!existing || input.secret ? { secret } : {}) };
    },

    async getChannel(principal: OperatorPrincipal, tenantId: string, name: string) {
      checkPermission(principal, 'channel:read', { tenantId });
      return channelView(await channelOf(tenantId, name));
    },

    async listChannels(principal: OperatorPrincipal, tenantId: string) {
      checkPermission(principal, 'channel:read', { tenantId });
      return { items: (await store.listChannels(tenantId)).map(channelView) };
    },

    async deleteChannel(principal: OperatorPrincipal, tenantId: string, name: string) {
      checkPermission(principal, 'channel:write', { tenantId });
      if (!(await store.deleteChannel(tenantId, name, changeOf(principal, tenantId, 'channel.deleted', name))))
        throw new NotFoundError('Channel', name);
    },

    /** Sends a test delivery now and answers with its outcome (it is in the delivery log too). */
    async testChannel(principal: OperatorPrincipal, tenantId: string, name: string) {
      checkPermission(principal, 'channel:write', { tenantId });
      const channel = await channelOf(tenantId, name);
      const delivery = newDelivery(channel, deps.ids.next('tst'), 'Warden.Test', {
        tenantId,
        channel: name,
        message: 'A test delivery from Warden',
      });
      await store.createDelivery(delivery);
      return deliveryView(await attempt(channel, delivery));
    },

    async listDeliveries(
      principal: OperatorPrincipal,
      tenantId: string,
      name: string,
      query: { limit: number; cursor?: string | undefined },
    ) {
      checkPermission(principal, 'channel:read', { tenantId });
      await channelOf(tenantId, name);
      const page = await paginate<Delivery>({
        cursors: deps.cursors,
        binding: { tenantId, query: 'deliveries', filters: { channel: name } },
        request: query,
        positionOf: (delivery) => delivery.eventId,
        fetch: (storePage) => store.listDeliveries(tenantId, name, storePage),
      });
      return { items: page.items.map(deliveryView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },

    /**
     * Delivers an event to each channel of its tenant that subscribes to it (or to the channel a
     * remediation's notify step names): once per channel
     * however often the event arrives (its audit id keys the delivery), at once or, when it can
     * wait and the tenant's quiet hours are on, at their end. Returns the attempts made now.
     */
    async onEvent(event: NotifiedEvent): Promise<number> {
      if (!isNotifiable(event.detailType)) return 0;
      // A remediation run's notify step may name its channel: that one only, subscribed or not.
      const named =
        typeof event.detail.channel === 'string' && event.detailType === 'Remediation.Notified' ? event.detail.channel : undefined;
      const channels = (await store.listChannels(event.detail.tenantId)).filter((channel) =>
        named === undefined ? channel.events.includes(event.detailType as NotifiableEvent) : channel.name === named,
      );
      if (channels.length === 0) return 0;
      const eventKey = event.detail.auditId ?? event.id;
      const until = await holdOf(event);
      let attempts = 0;
      await Promise.all(
        channels.map(async (channel) => {
          const created = newDelivery(channel, eventKey, event.detailType, dataOf(event));
          // Held by quiet hours: recorded now, its first attempt made by the retry job when they end.
          const delivery = until === undefined ? created : heldDelivery(created, until);
          if (!(await store.createDelivery(delivery)) || until !== undefined) return;
          attempts++;
          await attempt(channel, delivery);
        }),
      );
      return attempts;
    },

    /**
     * The live feed: delivers a batch of decisions to each channel of their tenant subscribed to
     * `Decision.Made`, FEED_DECISIONS_PER_DELIVERY at most per delivery (`data: {tenantId,
     * decisions}`), once per channel however often the batch arrives (the first decision's audit
     * id keys the delivery). Never held by quiet hours. Returns the attempts made now.
     */
    async onDecisions(decisions: readonly FeedDecision[]): Promise<number> {
      const byTenant = new Map<string, FeedDecision[]>();
      for (const decision of decisions) {
        const list = byTenant.get(decision.tenantId) ?? [];
        byTenant.set(decision.tenantId, list);
        list.push(decision);
      }
      const limit = pLimit(FEED_ATTEMPTS_AT_ONCE);
      let attempts = 0;
      const sends = await Promise.all(
        [...byTenant].map(async ([tenantId, list]) => {
          const channels = (await feedChannels.fetch(tenantId)) ?? [];
          const chunks = Array.from({ length: Math.ceil(list.length / FEED_DECISIONS_PER_DELIVERY) }, (_, index) =>
            list.slice(index * FEED_DECISIONS_PER_DELIVERY, (index + 1) * FEED_DECISIONS_PER_DELIVERY),
          );
          return channels.flatMap((channel) =>
            chunks.map((chunk) => async () => {
              const data = { tenantId, decisions: chunk.map((decision) => decision.detail) };
              const delivery = newDelivery(channel, chunk[0]!.auditId, 'Decision.Made', data);
              if (!(await store.createDelivery(delivery))) return;
              attempts++;
              await attempt(channel, delivery);
            }),
          );
        }),
      );
      await Promise.all(sends.flat().map((send) => limit(send)));
      return attempts;
    },

    /** Tries again every delivery that is due, tenant by tenant; returns the attempts made. */
    async retryDue(): Promise<number> {
      const now = isoAt(clock.nowMs());
      let attempts = 0;
      for (const tenant of await deps.tenants()) {
        const due = await store.listDueDeliveries(tenant.id, now, RETRIES_PER_RUN);
        for (const delivery of due) {
          const channel = await store.getChannel(tenant.id, delivery.channel);
          if (!channel) {
            await store.saveDelivery({ ...delivery, status: 'failed', lastError: 'channel deleted' }, delivery);
            continue;
          }
          attempts++;
          await attempt(channel, delivery);
        }
      }
      return attempts;
    },
  };
}
