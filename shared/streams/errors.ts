/**
 * Errors of stream consumption. They never reach an HTTP answer: a consumer that throws one fails
 * its batch, which the platform (a Lambda event source mapping, the local stream reader) retries in
 * order and finally dead-letters.
 */

/** Base of the errors a stream consumer raises on purpose. */
abstract class StreamConsumerError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

/**
 * Some partitions of a batch failed. Every other partition was worked on to the end first, so a
 * retry of the batch finds their checkpoints moved and repeats only the failed ones.
 */
export class PartitionsFailedError extends StreamConsumerError {
  /** The failed partitions' keys, and why each failed (the first is also the `cause`). */
  readonly failures: readonly { readonly key: string; readonly error: unknown }[];

  constructor(failures: readonly { key: string; error: unknown }[], of: number) {
    const first = failures[0];
    super(`${failures.length} of ${of} stream partitions failed (first: ${first?.key}: ${String(first?.error)})`, { cause: first?.error });
    this.failures = failures;
  }
}

/** Another consumer kept moving a partition's checkpoint while this one tried to apply a run. */
export class CheckpointContentionError extends StreamConsumerError {
  constructor(
    readonly key: string,
    attempts: number,
  ) {
    super(`The checkpoint of stream partition ${key} moved under each of ${attempts} attempts`);
  }
}
