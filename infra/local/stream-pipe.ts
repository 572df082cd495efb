/**
 * The local twin of what reads a DynamoDB stream on AWS: an EventBridge Pipe to the bus (the
 * records go to the flow's enrichment function in the shape Pipes uses, and what it returns onto
 * the local bus) or a Lambda event source mapping (the records go to a consumer function as
 * `{Records}`). Polls the table's stream (DynamoDB Local implements the Streams API) shard by shard,
 * in order. A batch is retried until it goes through, and the position is checkpointed to a file
 * only after, so a record is neither lost nor (beyond a crash window) delivered twice across
 * restarts.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { StreamConsumer, StreamFlow } from '../../shared/manifest/event-flows';
import type { LocalEventBus } from './event-bus';
import type { FunctionHost } from './function-host';

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
  /** Records per batch, at most (GetRecords' Limit). */
  readonly batchSize?: number;
  readonly checkpointFile: string;
  /** Where batches that keep failing go (like a pipe's dead-letter queue). */
  readonly deadLetterFile: string;
  /** Attempts per batch before it is dead-lettered (Pipes' MaximumRetryAttempts + 1). */
  readonly maxAttempts?: number;
  readonly pollIntervalMs?: number;
  readonly log?: (message: string, extra?: Record<string, unknown>) => void;
}

interface Checkpoints {
  streamArn: string;
  shards: Record<string, string>;
}

/**
 * DynamoDB Local's stream writes an empty map as `{}` where DynamoDB writes `{"M": {}}`
 * (docs/decisions/dynamodb-local-quirks.md); restore what AWS would send.
 */
function normalizeImage(image: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!image) return image;
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
      ApproximateCreationDateTime: data.ApproximateCreationDateTime ? Math.floor(data.ApproximateCreationDateTime.getTime() / 1000) : undefined,
    },
    eventSourceARN: streamArn,
  };
}

/** A pipe's delivery: the enrichment turns records into events, which go onto the bus. */
export function pipeDelivery(flow: StreamFlow, host: FunctionHost, bus: LocalEventBus): StreamDelivery {
  return async (records) => {
    const events = await host.invoke<{ source: string; detailType: string; detail: unknown }[]>(flow.enrichment, records);
    const result = bus.putEvents(events.map((event) => ({ Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail) })));
    if (result.FailedEntryCount > 0) throw new Error(`${result.FailedEntryCount} events refused by the bus`);
  };
}

/** An event source mapping's delivery: the consumer function gets `{Records}`. */
export function consumerDelivery(consumer: StreamConsumer, host: FunctionHost): StreamDelivery {
  return async (records) => {
    await host.invoke(consumer.consumer, { Records: records });
  };
}

export function startStreamReader(options: StreamReaderOptions) {
  const { streams, streamArn, id } = options;
  const pollMs = options.pollIntervalMs ?? 100;
  const loaded: Checkpoints | undefined = existsSync(options.checkpointFile)
    ? (JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Checkpoints)
    : undefined;
  const checkpoints: Checkpoints = loaded?.streamArn === streamArn ? loaded : { streamArn, shards: {} };
  const iterators = new Map<string, string | undefined>();
  const finished = new Set<string>();
  let running = true;
  let lastDescribe = 0;
  let wake: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

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

  async function refreshShards() {
    const description = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      const id = shard.ShardId;
      if (id && !iterators.has(id) && !finished.has(id)) iterators.set(id, await iteratorFor(id));
    }
    lastDescribe = Date.now();
  }

  /** Delivers one batch, retrying with backoff; a batch that keeps failing is dead-lettered. */
  async function deliver(streamRecords: StreamRecord[]) {
    const maxAttempts = options.maxAttempts ?? 10;
    const records = streamRecords.map((record) => pipeRecord(record, streamArn));
    for (let attempt = 0; running; attempt++) {
      try {
        await options.deliver(records);
        return;
      } catch (error) {
        if (attempt + 1 >= maxAttempts) {
          options.log?.('stream batch dead-lettered', { reader: id, records: records.length, error: String(error) });
          appendFileSync(options.deadLetterFile, `${JSON.stringify({ reader: id, error: String(error), records })}\n`);
          return;
        }
        options.log?.('stream batch failed; retrying', { reader: id, attempt, error: String(error) });
        await sleep(Math.min(5000, 100 * 2 ** attempt));
      }
    }
  }

  async function pollShard(shardId: string, iterator: string): Promise<number> {
    let result;
    try {
      result = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: options.batchSize ?? 100 }));
    } catch (error) {
      // An expired iterator, or one DynamoDB Local declares trimmed (an iterator on an empty shard
      // goes stale once another table is written; docs/decisions/dynamodb-local-quirks.md):
      // reopen the shard after the last record delivered, so nothing is skipped or repeated.
      if (error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException) {
        iterators.set(shardId, await iteratorFor(shardId));
        return 0;
      }
      throw error;
    }
    const records = result.Records ?? [];
    if (records.length > 0) {
      await deliver(records);
      const last = records[records.length - 1]?.dynamodb?.SequenceNumber;
      if (last) {
        checkpoints.shards[shardId] = last;
        writeFileSync(options.checkpointFile, JSON.stringify(checkpoints));
      }
    }
    if (result.NextShardIterator) iterators.set(shardId, result.NextShardIterator);
    else {
      iterators.delete(shardId);
      finished.add(shardId);
    }
    return records.length;
  }

  const loop = (async () => {
    while (running) {
      try {
        if (iterators.size === 0 || Date.now() - lastDescribe > 5000) await refreshShards();
        let delivered = 0;
        for (const [shardId, iterator] of [...iterators]) {
          if (iterator) delivered += await pollShard(shardId, iterator);
        }
        if (delivered === 0) await sleep(pollMs);
      } catch (error) {
        if (!running) break;
        options.log?.('stream poll failed; retrying', { reader: id, error: String(error) });
        await sleep(1000);
      }
    }
  })();

  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
