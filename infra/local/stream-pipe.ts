/**
 * The local twin of an EventBridge Pipe from a DynamoDB stream to the bus: polls the table's
 * stream (DynamoDB Local implements the Streams API), hands each batch of records to the flow's
 * enrichment function in the shape Pipes uses, and puts what it returns on the local bus. A batch
 * is retried until it goes through, and the position is checkpointed to a file only after, so an
 * event is neither lost nor (beyond a crash window) delivered twice across restarts.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { StreamFlow } from '../../shared/manifest/event-flows';
import type { LocalEventBus } from './event-bus';
import type { FunctionHost } from './function-host';

export interface StreamPipeOptions {
  readonly flow: StreamFlow;
  readonly streamArn: string;
  readonly streams: DynamoDBStreamsClient;
  readonly host: FunctionHost;
  readonly bus: LocalEventBus;
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

/** A stream record in the shape Lambda and Pipes hand to functions. */
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

export function startStreamPipe(options: StreamPipeOptions) {
  const { streams, streamArn, flow } = options;
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
  async function deliver(records: StreamRecord[]) {
    const maxAttempts = options.maxAttempts ?? 10;
    for (let attempt = 0; running; attempt++) {
      try {
        const events = await options.host.invoke<{ source: string; detailType: string; detail: unknown }[]>(
          flow.enrichment,
          records.map((record) => pipeRecord(record, streamArn)),
        );
        const result = options.bus.putEvents(events.map((event) => ({ Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail) })));
        if (result.FailedEntryCount > 0) throw new Error(`${result.FailedEntryCount} events refused by the bus`);
        return;
      } catch (error) {
        if (attempt + 1 >= maxAttempts) {
          options.log?.('stream pipe batch dead-lettered', { flow: flow.id, records: records.length, error: String(error) });
          appendFileSync(options.deadLetterFile, `${JSON.stringify({ flow: flow.id, error: String(error), records: records.map((record) => pipeRecord(record, streamArn)) })}\n`);
          return;
        }
        options.log?.('stream pipe batch failed; retrying', { flow: flow.id, attempt, error: String(error) });
        await sleep(Math.min(5000, 100 * 2 ** attempt));
      }
    }
  }

  async function pollShard(shardId: string, iterator: string): Promise<number> {
    let result;
    try {
      result = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
    } catch (error) {
      if (error instanceof ExpiredIteratorException) {
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
        options.log?.('stream pipe poll failed; retrying', { flow: flow.id, error: String(error) });
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
