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
 * retry of the batch finds their positions moved and repeats only the failed ones.
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

/** Other consumers kept moving an item's stream positions while this one tried to add a run. */
export class CheckpointContentionError extends StreamConsumerError {
  constructor(
    readonly key: string,
    attempts: number,
  ) {
    super(`The stream positions of ${key} moved under each of ${attempts} attempts`);
  }
}
