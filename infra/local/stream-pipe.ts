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

/** One consumer of a stream: what it is handed, in batches of what size, and where its position is kept. */
export interface StreamConsumerOptions {
  /** Names the consumer in logs and dead letters. */
  readonly id: string;
  readonly deliver: StreamDelivery;
  /** Only records of these kinds are delivered (the filter of a pipe or event source mapping); default all. */
  readonly eventNames?: readonly string[];
  /** Records per batch, at most (at most 1,000, GetRecords' most; default 100). */
  readonly batchSize?: number;
  /**
   * How long to gather records after a batch that was not full (a Lambda event source mapping's
   * batching window; it ends early once a full batch is waiting); default the poll interval.
   */
  readonly batchingWindowMs?: number;
  /** Its position per shard, written after each batch it handled. */
  readonly checkpointFile: string;
  /** Attempts per batch before it is dead-lettered (Pipes' MaximumRetryAttempts + 1); default 10. */
  readonly maxAttempts?: number;
}

/** A stream read once for all of its consumers. */
export interface StreamTapOptions {
  /** Names the reader in logs. */
  readonly id: string;
  readonly streamArn: string;
  readonly streams: DynamoDBStreamsClient;
  readonly consumers: readonly StreamConsumerOptions[];
  /** Where batches that keep failing go (like a pipe's dead-letter queue). */
  readonly deadLetterFile: string;
  /** The pause after a page of records that was not full (default 100 ms). */
  readonly pollIntervalMs?: number;
  readonly log?: (message: string, extra?: Record<string, unknown>) => void;
  /** Reads a page of records (default: the wire call to the streams client's endpoint). */
  readonly getRecords?: (iterator: string, limit: number) => Promise<RecordsPage>;
}

/** One reader for one consumer (a tap with one consumer; the tests' shape). */
export type StreamReaderOptions = Omit<StreamTapOptions, 'consumers'> & Omit<StreamConsumerOptions, 'id'>;

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

/** Reads a stream for one consumer. */
export function startStreamReader(options: StreamReaderOptions) {
  const { id, deliver, eventNames, batchSize, batchingWindowMs, checkpointFile, maxAttempts, ...reader } = options;
  const consumer = { id, deliver, checkpointFile, eventNames, batchSize, batchingWindowMs, maxAttempts };
  return startStreamTap({ ...reader, id, consumers: [consumer] });
}

/** How often a consumer's positions are written to its checkpoint file, at most. */
const CHECKPOINT_EVERY_MS = 250;

/** Orders two stream sequence numbers (decimal strings, not always of one length). */
const sequenceAfter = (a: string, b: string) => BigInt(a) > BigInt(b);

/**
 * Reads a table's stream once for all of its consumers, as Lambda's pollers read it for each of
 * theirs: every shard at once (a child only after its parent), in order, the next GetRecords on
 * its way while a page is handed over, no wait while full pages keep coming. Each consumer has a
 * lane per shard with its own filter, batch size, batching window, retries and checkpoint file,
 * so consumers move at their own pace; a lane holding more than four batches (4,000 records at
 * least) undelivered holds the shard's reading until it catches up, which bounds memory.
 * On restart each shard is read from the earliest of its consumers' positions, and a consumer is
 * handed only records after its own.
 */
export function startStreamTap(options: StreamTapOptions) {
  const { streams, streamArn, id } = options;
  const pollMs = options.pollIntervalMs ?? 100;
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
  const consumers = options.consumers.map((consumer) => {
    const loaded: Checkpoints | undefined = existsSync(consumer.checkpointFile)
      ? (JSON.parse(readFileSync(consumer.checkpointFile, 'utf8')) as Checkpoints)
      : undefined;
    const batchSize = Math.min(MAX_RECORDS_PER_GET, consumer.batchSize ?? 100);
    return {
      ...consumer,
      batchSize,
      windowMs: consumer.batchingWindowMs ?? pollMs,
      bound: Math.max(4 * batchSize, 4 * MAX_RECORDS_PER_GET),
      checkpoints: loaded?.streamArn === streamArn ? loaded : { streamArn, shards: {} },
    };
  });
  type Consumer = (typeof consumers)[number];
  /**
   * Positions are written at most every CHECKPOINT_EVERY_MS per consumer, and when the reader
   * stops: a process killed in between hands that last moment's batches over again (at least
   * once, as on AWS), and busy streams do not pay a file write per batch and consumer.
   */
  const unsaved = new Map<Consumer, NodeJS.Timeout>();
  const writeCheckpoints = (consumer: Consumer) => {
    clearTimeout(unsaved.get(consumer));
    unsaved.delete(consumer);
    try {
      writeFileSync(consumer.checkpointFile, JSON.stringify(consumer.checkpoints));
    } catch (error) {
      // A position not written is handed over again after a restart: never worth stopping the runtime for.
      options.log?.('stream checkpoint not written', { reader: consumer.id, error: String(error) });
    }
  };
  const saveCheckpoints = (consumer: Consumer) => {
    if (!unsaved.has(consumer))
      unsaved.set(
        consumer,
        setTimeout(() => writeCheckpoints(consumer), CHECKPOINT_EVERY_MS),
      );
  };
  /** Shards being read (each by its own loop) and shards read to their end. */
  const reading = new Map<string, Promise<void>>();
  const finished = new Set<string>();
  /** Everyone waiting (woken when the reader stops), and the loop that finds shards. */
  const sleepers = new Set<() => void>();
  const discoverySleepers = new Set<() => void>();
  let running = true;

  /** Waits `ms`, or less when the reader stops or `waiting` is woken. */
  const sleep = (ms: number, waiting?: Set<() => void>) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        waiting?.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
      waiting?.add(wake);
    });
  const wake = (waiting: Set<() => void>) => [...waiting].forEach((wakeOne) => wakeOne());

  async function iteratorFor(shardId: string, after: string | undefined): Promise<string | undefined> {
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
   * Delivers one batch to a consumer, retrying with backoff; a batch that keeps failing is
   * dead-lettered. True once the batch is handled (delivered or dead-lettered); false if the
   * reader stopped first.
   */
  async function deliver(consumer: Consumer, records: PipeRecord[]): Promise<boolean> {
    const maxAttempts = consumer.maxAttempts ?? 10;
    for (let attempt = 0; running; attempt++) {
      try {
        await consumer.deliver(records);
        return true;
      } catch (error) {
        if (attempt + 1 >= maxAttempts) {
          options.log?.('stream batch dead-lettered', { reader: consumer.id, records: records.length, error: String(error) });
          appendFileSync(options.deadLetterFile, `${JSON.stringify({ reader: consumer.id, error: String(error), records })}\n`);
          return true;
        }
        options.log?.('stream batch failed; retrying', { reader: consumer.id, attempt, error: String(error) });
        await sleep(Math.min(5000, 100 * 2 ** attempt));
      }
    }
    return false;
  }

  /**
   * One consumer's part of one shard: the records read for it and not yet handed over, and the
   * last position read for it (filtered-out records included), checkpointed once all before it
   * are handled.
   */
  function laneOf(consumer: Consumer, shardId: string, shardRoom: Set<() => void>) {
    const after = consumer.checkpoints.shards[shardId];
    const queue: PipeRecord[] = [];
    const arrivals = new Set<() => void>();
    let readTo = after;
    let behind = after !== undefined;
    let checkpointed = after;
    let ended = false;
    const checkpoint = (position: string | undefined) => {
      if (!position || position === checkpointed) return;
      checkpointed = position;
      consumer.checkpoints.shards[shardId] = position;
      saveCheckpoints(consumer);
    };
    /** Hands the queue over in batches until the shard ends (and all is handled) or the reader stops. */
    async function run() {
      while (running) {
        if (queue.length === 0) {
          checkpoint(readTo); // records passed over by the filter, as on AWS
          if (ended) return;
          await sleep(60_000, arrivals);
          continue;
        }
        const batch = queue.splice(0, consumer.batchSize);
        if (!(await deliver(consumer, batch))) return;
        checkpoint(queue.length === 0 ? readTo : batch[batch.length - 1]!.dynamodb.SequenceNumber);
        wake(shardRoom);
        // Gather for the batching window after a batch that was not full, unless a full one is waiting.
        if (batch.length < consumer.batchSize) {
          const until = performance.now() + consumer.windowMs;
          while (running && !ended && queue.length < consumer.batchSize && performance.now() < until)
            await sleep(until - performance.now(), arrivals);
        }
      }
    }
    return {
      /** Whether the lane holds as much as it may before the shard's reading waits for it. */
      get full() {
        return queue.length >= consumer.bound;
      },
      /** Takes a page of records: those after the consumer's position, of the kinds it takes. */
      take(records: readonly PipeRecord[]) {
        for (const record of records) {
          const sequence = record.dynamodb.SequenceNumber;
          if (!sequence) continue;
          // Only the first pages after a restart can hold records at or before the consumer's own position.
          if (behind && !sequenceAfter(sequence, after!)) continue;
          behind = false;
          readTo = sequence;
          if (!consumer.eventNames || consumer.eventNames.includes(record.eventName ?? '')) queue.push(record);
        }
        wake(arrivals);
      },
      /** The shard was read to its end: the lane finishes once it has handed everything over. */
      end() {
        ended = true;
        wake(arrivals);
      },
      run,
    };
  }

  /**
   * An expired iterator, or one DynamoDB Local declares trimmed (an iterator on an empty shard goes
   * stale once another table is written; docs/decisions/dynamodb-local-quirks.md): the shard is
   * reopened after the last record read, so nothing is skipped or repeated.
   */
  const isStaleIterator = (error: unknown) =>
    error instanceof ExpiredIteratorException ||
    error instanceof TrimmedDataAccessException ||
    (error instanceof StreamsWireError && ['ExpiredIteratorException', 'TrimmedDataAccessException'].includes(error.type));

  /**
   * Reads one shard to its end (or until stopped), in order, from the earliest of its consumers'
   * positions, handing each page to every consumer's lane. Marked finished (so its children
   * start) only once every lane has handed all of it over.
   */
  async function readShard(shardId: string): Promise<void> {
    const shardRoom = new Set<() => void>();
    const lanes = consumers.map((consumer) => laneOf(consumer, shardId, shardRoom));
    const lanesDone = Promise.all(lanes.map((lane) => lane.run()));
    const positions = consumers.map((consumer) => consumer.checkpoints.shards[shardId]);
    /** The last record read: the earliest consumer's position until the first page. */
    let position = positions.includes(undefined)
      ? undefined
      : positions.reduce((earliest, next) => (sequenceAfter(earliest!, next!) ? next : earliest));
    let iterator: string | undefined;
    let ahead: Promise<RecordsPage> | undefined;
    let ended = false;
    const get = (from: string) => {
      const call = getRecords(from, MAX_RECORDS_PER_GET);
      call.catch(() => undefined); // awaited (and its failure handled) below
      return call;
    };
    while (running) {
      try {
        iterator ??= await iteratorFor(shardId, position);
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
        const full = records.length >= MAX_RECORDS_PER_GET;
        ahead = full && next ? get(next) : undefined;
        // Built once for all consumers, which read them and never change them (locally they share
        // one copy; on AWS each invocation has its own).
        const piped = records.map((record) => pipeRecord(record, streamArn));
        for (const lane of lanes) lane.take(piped);
        position = records[records.length - 1]?.dynamodb?.SequenceNumber ?? position;
        if (!next) {
          ended = true;
          break;
        }
        iterator = next;
        while (running && lanes.some((lane) => lane.full)) await sleep(1000, shardRoom);
        if (!full) await sleep(pollMs);
      } catch (error) {
        if (!running) break;
        options.log?.('stream poll failed; retrying', { reader: id, shard: shardId, error: String(error) });
        // Start again after the last record read.
        ahead = undefined;
        iterator = undefined;
        await sleep(1000);
      }
    }
    await ahead?.catch(() => undefined);
    for (const lane of lanes) lane.end();
    await lanesDone;
    if (ended && running) {
      finished.add(shardId);
      wake(discoverySleepers); // its children may start now
    }
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
      await discovery;
      await Promise.all([...reading.values()]);
      for (const consumer of [...unsaved.keys()]) writeCheckpoints(consumer);
    },
  };
}
