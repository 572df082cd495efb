/**
 * Turns AWS SDK errors into domain errors at the boundary: failed conditions become what the
 * caller says they mean (usually ConflictError), an unreachable or throttled database becomes
 * DependencyUnavailableError (503), and anything unrecognised is re-thrown as it is.
 */
import { DependencyUnavailableError, type WardenError } from '../../kernel/errors';

const UNAVAILABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'TransactionInProgressException',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

interface SdkLikeError {
  name?: string;
  code?: string;
  $fault?: string;
  CancellationReasons?: { Code?: string }[];
}

/** True for errors that mean "the database is not answering now", worth a 503 and a retry. */
function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as SdkLikeError;
  if (e.name === 'TransactionCanceledException') {
    return (e.CancellationReasons ?? []).some((reason) => reason.Code === 'ThrottlingError' || reason.Code === 'TransactionConflict');
  }
  return UNAVAILABLE_NAMES.has(e.name ?? '') || NETWORK_CODES.has(e.code ?? '') || e.$fault === 'server' || hasNetworkCause(error);
}

/**
 * True when a transaction was cancelled because another transaction held one of its items, whether
 * given the SDK's error or the DependencyUnavailableError `translateErrors` made of it.
 */
export function isTransactionConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as SdkLikeError & { cause?: unknown };
  if (e.name === 'TransactionCanceledException')
    return (e.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');
  return e.cause !== undefined && isTransactionConflict(e.cause);
}

function hasNetworkCause(error: object): boolean {
  const cause = (error as { cause?: unknown }).cause;
  return typeof cause === 'object' && cause !== null && NETWORK_CODES.has((cause as SdkLikeError).code ?? '');
}

/**
 * Indexes of the transaction items whose condition failed, or undefined when the error is not a
 * failed condition at all.
 */
function failedConditions(error: unknown): number[] | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as SdkLikeError;
  if (e.name === 'ConditionalCheckFailedException') return [0];
  if (e.name !== 'TransactionCanceledException') return undefined;
  const failed = (e.CancellationReasons ?? []).flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
  return failed.length > 0 ? failed : undefined;
}

/**
 * Runs a database call, translating its errors: `onConditionFailed` receives the indexes of the
 * failed conditions and returns the domain error to throw.
 */
export async function translateErrors<T>(call: () => Promise<T>, onConditionFailed?: (failedIndexes: number[]) => WardenError): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const failed = failedConditions(error);
    if (failed && onConditionFailed) throw onConditionFailed(failed);
    if (isUnavailable(error)) throw new DependencyUnavailableError('The database is unavailable', { cause: error });
    throw error;
  }
}
