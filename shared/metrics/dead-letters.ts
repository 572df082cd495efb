/**
 * Dead letters: the batches and events that failed every retry and wait in a dead-letter queue
 * (SQS on AWS; the local runtime's dead-letter file, answered by its AWS endpoint as a queue).
 */

/** The dead-letter queues, read. */
export interface DeadLetterQueues {
  /** Messages waiting in all of them now (SQS's approximate counts: visible, in flight, delayed). */
  waiting(): Promise<number>;
}
