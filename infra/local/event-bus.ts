/**
 * The local EventBridge bus: accepts PutEvents (through the AWS JSON endpoint, so functions use
 * the real SDK client), matches each event against the manifest's rules and delivers it to the
 * target functions asynchronously, with retries and exponential backoff; what still fails is
 * appended to a dead-letter file, as a DLQ would keep it.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import type { EventRule as ManifestRule } from '../../shared/manifest/event-flows';
import { retrying } from '../../shared/kernel/retry';
import { matchesPattern } from './event-pattern';
import type { FunctionHost } from './function-host';

/** What the bus reads of a rule: where matching events go. */
type EventRule = Pick<ManifestRule, 'id' | 'pattern' | 'target'>;

export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: unknown;
}

export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: string | number;
}

export interface LocalEventBusOptions {
  readonly busName: string;
  readonly rules: readonly EventRule[];
  readonly host: FunctionHost;
  readonly nowMs: () => number;
  readonly deadLetterFile?: string;
  readonly maxAttempts?: number;
  readonly firstRetryDelayMs?: number;
  /** How many recent events to keep for inspection (test hooks). */
  readonly keepRecent?: number;
  readonly log?: (message: string, extra?: Record<string, unknown>) => void;
}

export function createLocalEventBus(options: LocalEventBusOptions) {
  const maxAttempts = options.maxAttempts ?? 4;
  const firstDelay = options.firstRetryDelayMs ?? 200;
  const recent: BusEvent[] = [];
  const inFlight = new Set<Promise<void>>();

  async function deliver(event: BusEvent, rule: EventRule): Promise<void> {
    try {
      await retrying(() => options.host.invoke(rule.target, event), {
        attempts: maxAttempts,
        retryOn: () => true,
        baseDelayMs: firstDelay,
        maxDelayMs: firstDelay * 8,
      });
    } catch (error) {
      options.log?.('event delivery failed; dead-lettered', { rule: rule.id, eventId: event.id, error: String(error) });
      if (options.deadLetterFile) {
        appendFileSync(options.deadLetterFile, `${JSON.stringify({ rule: rule.id, target: rule.target, event, error: String(error) })}\n`);
      }
    }
  }

  function dispatch(event: BusEvent) {
    recent.push(event);
    if (recent.length > (options.keepRecent ?? 1000)) recent.shift();
    for (const rule of options.rules) {
      if (!matchesPattern(rule.pattern, event)) continue;
      const delivery = deliver(event, rule).finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    }
  }

  return {
    /** PutEvents: validates each entry, answers at once, delivers in the background. */
    putEvents(entries: readonly PutEventsEntry[]) {
      const results = entries.map((entry) => {
        if (entry.EventBusName && entry.EventBusName !== options.busName && !entry.EventBusName.endsWith(`:event-bus/${options.busName}`)) {
          return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${entry.EventBusName} does not exist.` };
        }
        if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
          return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source, DetailType and Detail are required.' };
        }
        let detail: unknown;
        try {
          detail = JSON.parse(entry.Detail);
        } catch {
          return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON.' };
        }
        const id = randomUUID();
        const time =
          entry.Time === undefined ? options.nowMs() : typeof entry.Time === 'number' ? entry.Time * 1000 : Date.parse(entry.Time);
        dispatch({
          version: '0',
          id,
          'detail-type': entry.DetailType,
          source: entry.Source,
          account: '000000000000',
          time: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          region: 'us-east-1',
          resources: entry.Resources ?? [],
          detail,
        });
        return { EventId: id };
      });
      return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
    },

    /** Recently put events, oldest first (for test hooks). */
    recent: (): readonly BusEvent[] => recent,

    /** Resolves when no delivery is in progress (retries included). */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

export type LocalEventBus = ReturnType<typeof createLocalEventBus>;
