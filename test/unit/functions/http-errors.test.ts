import { describe, expect, it } from 'vitest';
import { errorResponse } from '../../../functions/_lib/http-errors';
import {
  ConflictError,
  DependencyUnavailableError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  PolicyTestsFailedError,
  QuotaExceededError,
  UnauthenticatedError,
  ValidationError,
} from '../../../shared/kernel/errors';

describe('Function: errorResponse', () => {
  it.each([
    [new ValidationError('bad', [{ path: 'name', message: 'required' }]), 400],
    [new UnauthenticatedError(), 401],
    [new ForbiddenError(), 403],
    [new NotFoundError('Agent', 'x'), 404],
    [new ConflictError('taken'), 409],
    [new PayloadTooLargeError('big'), 413],
    [new PolicyTestsFailedError('failed', [{ message: 'test 1' }]), 422],
    [new QuotaExceededError('over', 60, []), 429],
    [new DependencyUnavailableError('down'), 503],
  ])('maps %s to %i with the error shape', (error, status) => {
    const response = errorResponse(error, 'req-1');
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body!)).toEqual({
      error: { code: error.code, message: error.message, details: [...error.details], requestId: 'req-1' },
    });
  });

  it('says when to retry a quota refusal', () => {
    expect(errorResponse(new QuotaExceededError('over', 42, []), 'r').headers).toMatchObject({ 'retry-after': '42' });
  });

  it('hides everything about an unexpected error', () => {
    const response = errorResponse(new TypeError('secret internals at line 42'), 'req-2');
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
    expect(JSON.parse(response.body!).error.code).toBe('internal_error');
  });
});
