import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../infra/local/event-pattern';

const event = {
  source: 'warden.agents',
  'detail-type': 'Agent.Suspended',
  detail: { tenantId: 'acme', risk: 'high', count: 5, tags: ['a', 'b'] },
};

describe('Function: matchesPattern (EventBridge semantics)', () => {
  it.each([
    ['exact values', { source: ['warden.agents'] }, true],
    ['any of several values', { 'detail-type': ['Agent.Registered', 'Agent.Suspended'] }, true],
    ['a value not listed', { 'detail-type': ['Agent.Registered'] }, false],
    ['nested fields', { detail: { tenantId: ['acme'] } }, true],
    ['prefix', { source: [{ prefix: 'warden.' }] }, true],
    ['suffix', { 'detail-type': [{ suffix: '.Registered' }] }, false],
    ['anything-but a value', { detail: { risk: [{ 'anything-but': 'low' }] } }, true],
    ['anything-but a list', { detail: { risk: [{ 'anything-but': ['high', 'critical'] }] } }, false],
    ['exists', { detail: { risk: [{ exists: true }] } }, true],
    ['not exists', { detail: { missing: [{ exists: false }] } }, true],
    ['exists on a missing field', { detail: { missing: [{ exists: true }] } }, false],
    ['numeric ranges', { detail: { count: [{ numeric: ['>', 1, '<=', 5] }] } }, true],
    ['numeric out of range', { detail: { count: [{ numeric: ['>', 5] }] } }, false],
    ['arrays in the event (any element)', { detail: { tags: ['b'] } }, true],
    ['a field missing from the event', { detail: { other: ['x'] } }, false],
    ['every field must match', { source: ['warden.agents'], 'detail-type': ['Agent.Registered'] }, false],
  ])('%s', (_name, pattern, expected) => {
    expect(matchesPattern(pattern, event)).toBe(expected);
  });
});
