/**
 * The local twin of what reads a DynamoDB stream on AWS: an EventBridge Pipe to the bus (the
 * records go to the flow's enrichment function in the shape Pipes uses, and what it returns onto
 * the local bus) or a Lambda event source mapping (the records go to a consumer function as
 * `{Records}`). Reads the table's stream (DynamoDB Local implements the Streams API) as Lambda's
 * pollers do: every shard at once, each in order and a child shard only after its parent, up to
 * `batchSize` records per batch, the next GetRecords on its way while a batch is delivered, and no
 * wait while records keep coming. A batch is retried until it goes through, and the position is
 * checkpointed to a file only after, so a record is neither lost nor (beyond a crash window)
 * delivered twice across restarts. GetRecords goes over DynamoDB's JSON wire protocol, parsed
 * with JSON.parse (wireGetRecords): the SDK's schema-driven deserializer spent a third of the
 * runtime's CPU re-reading the same records for each reader. See docs/decisions/stream-consumers.md.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetShardIteratorCommand,
  type Shard,
  TrimmedDataAccessException,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { StreamConsumer, StreamFlow } from '../../shared/manifest/event-flows';
import type { LocalEventBus } from './event-bus';
import type { FunctionHost } from './function-host';

/** What a GetRecords call gives back: the records (as the wire carries them) and where to go on. */
export interface RecordsPage {
  readonly Records?: StreamRecord[];
  readonly NextShardIterator?: string;
}

/** Why a wire call failed: DynamoDB's error type (`ExpiredIteratorException`, …) and message. */
export class StreamsWireError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(`${type}: ${message}`);
  }
}

/**
 * GetRecords over DynamoDB Streams' JSON protocol (a POST with `X-Amz-Target`), answered records
 * parsed with JSON.parse: the images come in the wire's AttributeValue form, which is what Lambda
 * hands to functions anyway. DynamoDB Local (run with -sharedDb) reads the credential's access key
 * from the Authorization header and checks no signature; this is for the local runtime only.
 */
export function wireGetRecords(endpoint: string, timeoutMs = 10_000) {
  return async (iterator: string, limit: number): Promise<RecordsPage> => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDBStreams_20120810.GetRecords',
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: JSON.stringify({ ShardIterator: iterator, Limit: limit }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as RecordsPage & { __type?: string; message?: string; Message?: string };
    if (!response.ok) {
      const type = (body.__type ?? `HTTP ${response.status}`).split('#').pop()!;
      throw new StreamsWireError(type, body.message ?? body.Message ?? '');
    }
    return body;
  };
}

/** A stream record in the shape Lambda and Pipes hand to functions. */
export type PipeRecord = ReturnType<typeof pipeRecord>;

/** Hands one batch of records on; throws to have it retried. */
export type StreamDelivery = (records: PipeRecord[]) => Promise<void>;

export interface StreamReaderOptions {
  /** Names the reader in logs and dead letters. */
  readonly id: string;
  readonly streamArn: string;
  readonly streams: DynamoDBStreamsClient;
  readonly deliver: StreamDelivery;
  /** Only records of these kinds are delivered (the filter of a pipe or event source mapping); default all. */
  readonly eventNames?: readonly string[];
  /** Records per batch, at most (GetRecords' Limit, at most 1,000; default 100). */
  readonly batchSize?: number;
  readonly checkpointFile: string;
  /** Where batches that keep failing go (like a pipe's dead-letter queue). */
  readonly deadLetterFile: string;
  /** Attempts per batch before it is dead-lettered (Pipes' MaximumRetryAttempts + 1). */
  readonly maxAttempts?: number;
  readonly pollIntervalMs?: number;
  /**
   * How long to gather records after a batch that was not full (a Lambda event source mapping's
   * batching window); default the poll interval. Full batches follow one another without a wait.
   */
  readonly batchingWindowMs?: number;
  readonly log?: (message: string, extra?: Record<string, unknown>) => void;
  /** Reads a page of records (default: the wire call to the streams client's endpoint). */
  readonly getRecords?: (iterator: string, limit: number) => Promise<RecordsPage>;
}

interface Checkpoints {
  streamArn: string;
  shards: Record<string, string>;
}

/**
 * DynamoDB Local's stream writes an empty map as `{}` where DynamoDB writes `{"M": {}}`
 * (docs/decisions/dynamodb-local-quirks.md); restore what AWS would send.
 */
export function normalizeImage(image: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!image) return image;
  /** Whether an attribute value holds an empty `{}` anywhere (most images hold none: they are passed as they are). */
  const holdsEmpty = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null) return false;
    const attribute = value as Record<string, unknown>;
    let members = 0;
    for (const key in attribute) {
      members++;
      if (key === 'M' && Object.values(attribute.M as object).some(holdsEmpty)) return true;
      if (key === 'L' && Array.isArray(attribute.L) && attribute.L.some(holdsEmpty)) return true;
    }
    return members === 0;
  };
  if (!Object.values(image).some(holdsEmpty)) return image;
  const fix = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const attribute = value as Record<string, unknown>;
    if (Object.keys(attribute).length === 0) return { M: {} };
    if (attribute.M) return { M: Object.fromEntries(Object.entries(attribute.M as object).map(([k, v]) => [k, fix(v)])) };
    if (Array.isArray(attribute.L)) return { L: attribute.L.map(fix) };
    return attribute;
  };
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, fix(value)]));
}

function pipeRecord(record: StreamRecord, streamArn: string) {
  const data = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? 'us-east-1',
    dynamodb: {
      ...data,
      NewImage: normalizeImage(data.NewImage as Record<string, unknown> | undefined),
      OldImage: normalizeImage(data.OldImage as Record<string, unknown> | undefined),
      // Seconds, as the wire (and Lambda) carry it; a Date where an SDK client read the record.
      ApproximateCreationDateTime:
        data.ApproximateCreationDateTime instanceof Date
          ? Math.floor(data.ApproximateCreationDateTime.getTime() / 1000)
          : (data.ApproximateCreationDateTime as number | undefined),
    },
    eventSourceARN: streamArn,
  };
}

/** A pipe's delivery: the enrichment turns records into events, which go onto the bus. */
export function pipeDelivery(flow: StreamFlow, host: FunctionHost, bus: LocalEventBus): StreamDelivery {
  return async (records) => {
    const events = await host.invoke<{ source: string; detailType: string; detail: unknown }[]>(flow.enrichment, records);
    const result = bus.putEvents(
      events.map((event) => ({ Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail) })),
    );
    if (result.FailedEntryCount > 0) throw new Error(`${result.FailedEntryCount} events refused by the bus`);
  };
}

/** An event source mapping's delivery: the consumer function gets `{Records}`. */
export function consumerDelivery(consumer: StreamConsumer, host: FunctionHost): StreamDelivery {
  return async (records) => {
    await host.invoke(consumer.consumer, { Records: records });
  };
}

/** GetRecords returns at most this many records (DynamoDB Streams' limit). */
export const MAX_RECORDS_PER_GET = 1000;

export function startStreamReader(options: StreamReaderOptions) {
  const { streams, streamArn, id } = options;
  const pollMs = options.pollIntervalMs ?? 100;
  const windowMs = options.batchingWindowMs ?? pollMs;
  const limit = Math.min(MAX_RECORDS_PER_GET, options.batchSize ?? 100);
  let wire: ReturnType<typeof wireGetRecords> | undefined;
  const getRecords =
    options.getRecords ??
    (async (iterator: string, count: number) => {
      if (!wire) {
        const endpoint = await streams.config.endpoint?.();
        if (!endpoint) throw new Error('The streams client has no endpoint');
        wire = wireGetRecords(`${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}${endpoint.path}`);
      }
      return wire(iterator, count);
    });
  const loaded: Checkpoints | undefined = existsSync(options.checkpointFile)
    ? (JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Checkpoints)
    : undefined;
  const checkpoints: Checkpoints = loaded?.streamArn === streamArn ? loaded : { streamArn, shards: {} };
  /** Shards being read (each by its own loop) and shards read to their end. */
  const reading = new Map<string, Promise<void>>();
  const finished = new Set<string>();
  /** Who is waiting: the shard loops, and the loop that finds shards. */
  const sleepers = new Set<() => void>();
  const discoverySleepers = new Set<() => void>();
  let running = true;

  /** Waits `ms`, or less when the reader stops (or, for discovery, when a shard ends). */
  const sleep = (ms: number, waiting = sleepers) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      waiting.add(wake);
    });
  const wake = (waiting: Set<() => void>) => [...waiting].forEach((wakeOne) => wakeOne());

  async function iteratorFor(shardId: string): Promise<string | undefined> {
    const after = checkpoints.shards[shardId];
    const result = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
        ...(after ? { SequenceNumber: after } : {}),
      }),
    );
    return result.ShardIterator;
  }

  /**
   * Starts a loop for each shard not yet read whose parent is done (a child shard continues its
   * parent's partition keys, so it is read only after the parent, as Lambda does).
   */
  async function startNewShards() {
    const shards: Shard[] = [];
    let after: string | undefined;
    do {
      const description = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ...(after ? { ExclusiveStartShardId: after } : {}) }),
      );
      shards.push(...(description.StreamDescription?.Shards ?? []));
      after = description.StreamDescription?.LastEvaluatedShardId;
    } while (after);
    const listed = new Set(shards.map((shard) => shard.ShardId));
    for (const shard of shards) {
      const shardId = shard.ShardId;
      if (!shardId || reading.has(shardId) || finished.has(shardId)) continue;
      const parent = shard.ParentShardId;
      if (parent && listed.has(parent) && !finished.has(parent)) continue;
      reading.set(
        shardId,
        readShard(shardId).finally(() => reading.delete(shardId)),
      );
    }
  }

  /**
   * Delivers one batch, retrying with backoff; a batch that keeps failing is dead-lettered. True
   * once the batch is handled (delivered or dead-lettered); false if the reader stopped first.
   */
  async function deliver(streamRecords: StreamRecord[]): Promise<boolean> {
    const maxAttempts = options.maxAttempts ?? 10;
    const records = streamRecords.map((record) => pipeRecord(record, streamArn));
    for (let attempt = 0; running; attempt++) {
      try {
        await options.deliver(records);
        return true;
      } catch (error) {
        if (attempt + 1 >= maxAttempts) {
          options.log?.('stream batch dead-lettered', { reader: id, records: records.length, error: String(error) });
          appendFileSync(options.deadLetterFile, `${JSON.stringify({ reader: id, error: String(error), records })}\n`);
          return true;
        }
        options.log?.('stream batch failed; retrying', { reader: id, attempt, error: String(error) });
        await sleep(Math.min(5000, 100 * 2 ** attempt));
      }
    }
    return false;
  }

  /**
   * An expired iterator, or one DynamoDB Local declares trimmed (an iterator on an empty shard goes
   * stale once another table is written; docs/decisions/dynamodb-local-quirks.md): the shard is
   * reopened after the last record delivered, so nothing is skipped or repeated.
   */
  const isStaleIterator = (error: unknown) =>
    error instanceof ExpiredIteratorException ||
    error instanceof TrimmedDataAccessException ||
    (error instanceof StreamsWireError && ['ExpiredIteratorException', 'TrimmedDataAccessException'].includes(error.type));

  /**
   * Reads one shard to its end (or until stopped), in order. The next GetRecords is on its way
   * while a batch is delivered; the position is checkpointed only after the batch is handled.
   */
  async function readShard(shardId: string): Promise<void> {
    let iterator: string | undefined;
    let ahead: Promise<RecordsPage> | undefined;
    const get = (from: string) => {
      const call = getRecords(from, limit);
      call.catch(() => undefined); // awaited (and its failure handled) below
      return call;
    };
    while (running) {
      try {
        iterator ??= await iteratorFor(shardId);
        if (!iterator) break;
        let result: RecordsPage;
        try {
          result = await (ahead ?? get(iterator));
        } catch (error) {
          if (!isStaleIterator(error)) throw error;
          ahead = undefined;
          iterator = undefined;
          continue;
        }
        const records = result.Records ?? [];
        const next = result.NextShardIterator;
        const full = records.length >= limit;
        ahead = full && next ? get(next) : undefined;
        const passed = options.eventNames ? records.filter((record) => options.eventNames!.includes(record.eventName ?? '')) : records;
        if (records.length > 0) {
          // Filtered-out records are passed over (and checkpointed) without a delivery, as on AWS.
          if (passed.length > 0 && !(await deliver(passed))) break;
          const last = records[records.length - 1]?.dynamodb?.SequenceNumber;
          if (last) {
            checkpoints.shards[shardId] = last;
            writeFileSync(options.checkpointFile, JSON.stringify(checkpoints));
          }
        }
        if (!next) {
          finished.add(shardId);
          wake(discoverySleepers); // its children may start now
          break;
        }
        iterator = next;
        if (!full) await sleep(records.length === 0 ? pollMs : windowMs);
      } catch (error) {
        if (!running) break;
        options.log?.('stream poll failed; retrying', { reader: id, shard: shardId, error: String(error) });
        // Start again after the last record delivered.
        ahead = undefined;
        iterator = undefined;
        await sleep(1000);
      }
    }
    await ahead?.catch(() => undefined);
  }

  /** Finds new shards every few seconds, and at once when a shard ends. */
  const discovery = (async () => {
    while (running) {
      try {
        await startNewShards();
        await sleep(reading.size === 0 ? pollMs : 5000, discoverySleepers);
      } catch (error) {
        if (!running) break;
        options.log?.('stream poll failed; retrying', { reader: id, error: String(error) });
        await sleep(1000, discoverySleepers);
      }
    }
  })();

  return {
    async stop() {
      running = false;
      wake(sleepers);
      wake(discoverySleepers);
      await discovery;
      await Promise.all([...reading.values()]);
    },
  };
}
