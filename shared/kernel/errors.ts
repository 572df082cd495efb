/**
 * The one error hierarchy of Warden's domain.
 *
 * Domain code throws these; only the HTTP layer (functions/_lib/http-errors.ts) maps them to
 * status codes, so no error here knows about HTTP. Each subclass names one condition, sets `name`,
 * carries a stable machine-readable `code` and, where useful, `details` naming the fields at fault.
 */

/** One problem with one input field (`path` in dotted form, e.g. `rules.2.when`). */
export interface ErrorDetail {
  readonly path?: string;
  readonly message: string;
  readonly [extra: string]: unknown;
}

/** Base of every error Warden raises on purpose. */
export abstract class WardenError extends Error {
  abstract readonly kind: ErrorKind;
  readonly code: string;
  readonly details: readonly ErrorDetail[];

  constructor(code: string, message: string, options: { details?: readonly ErrorDetail[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? [];
  }
}

/** The conditions the transport maps to responses; one per subclass below. */
export type ErrorKind =
  | 'invalid-input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'unsupported-media-type'
  | 'policy-tests-failed'
  | 'unprocessable'
  | 'quota-exceeded'
  | 'unavailable';

/** Input that does not satisfy its schema or a domain rule; `details` names the fields. */
export class ValidationError extends WardenError {
  readonly kind = 'invalid-input' as const;
  constructor(message: string, details: readonly ErrorDetail[] = [], code = 'invalid_input') {
    super(code, message, { details });
  }
}

/** No credentials, or credentials that are not valid (bad signature, expired, revoked key). */
export class UnauthenticatedError extends WardenError {
  readonly kind = 'unauthenticated' as const;
  constructor(message = 'Missing or invalid credentials', code = 'unauthenticated', options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/** Valid credentials without the authority for this action, or a suspended tenant or agent. */
export class ForbiddenError extends WardenError {
  readonly kind = 'forbidden' as const;
  constructor(message = 'Not allowed', code = 'forbidden') {
    super(code, message);
  }
}

/** The object does not exist, or exists for another tenant (which must look the same). */
export class NotFoundError extends WardenError {
  readonly kind = 'not-found' as const;
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} not found`);
  }
}

/** A write lost a race or would duplicate something that exists. */
export class ConflictError extends WardenError {
  readonly kind = 'conflict' as const;
  constructor(message: string, code = 'conflict', options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/** A body or a batch larger than allowed. */
export class PayloadTooLargeError extends WardenError {
  readonly kind = 'too-large' as const;
  constructor(message: string) {
    super('payload_too_large', message);
  }
}

/**
 * A stored document (a policy version, a test library) larger than Warden keeps; `details` names
 * the limit and the size found, so the caller knows how far over it is.
 */
export class DocumentTooLargeError extends WardenError {
  readonly kind = 'too-large' as const;
  constructor(
    code: 'policy_too_large' | 'policy_tests_too_large',
    message: string,
    size: { path: string; limitBytes: number; actualBytes: number; measuredAs?: 'json' | 'compressed' },
  ) {
    const measuredAs = size.measuredAs ?? 'json';
    const detail = `at most ${size.limitBytes} bytes ${measuredAs === 'json' ? 'of JSON' : 'compressed'}`;
    super(code, message, {
      details: [{ path: size.path, message: detail, limitBytes: size.limitBytes, actualBytes: size.actualBytes, measuredAs }],
    });
  }
}

/** A body in a media type the route does not read; `details` lists the ones it does. */
export class UnsupportedMediaTypeError extends WardenError {
  readonly kind = 'unsupported-media-type' as const;
  constructor(message: string, accepted: readonly string[]) {
    super('unsupported_media_type', message, {
      details: [{ path: 'content-type', in: 'header', message: `one of ${accepted.join(', ')}`, accepted }],
    });
  }
}

/** Publishing refused because test scenarios failed; `details` holds each failure. */
export class PolicyTestsFailedError extends WardenError {
  readonly kind = 'policy-tests-failed' as const;
  constructor(message: string, failures: readonly ErrorDetail[]) {
    super('policy_tests_failed', message, { details: failures });
  }
}

/**
 * A well-formed request that cannot be carried out as sent, e.g. an Idempotency-Key sent again
 * with a different request (a replay would answer the first request, not this one).
 */
export class UnprocessableError extends WardenError {
  readonly kind = 'unprocessable' as const;
  constructor(code: string, message: string, details: readonly ErrorDetail[] = []) {
    super(code, message, { details });
  }
}

/** A quota is used up; says which and when it frees. */
export class QuotaExceededError extends WardenError {
  readonly kind = 'quota-exceeded' as const;
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number, details: readonly ErrorDetail[]) {
    super('quota_exceeded', message, { details });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A dependency (the database, the bus) failed; the caller may retry. */
export class DependencyUnavailableError extends WardenError {
  readonly kind = 'unavailable' as const;
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('dependency_unavailable', message, options);
  }
}
