import { describe, expect, it } from 'vitest';
import { afterAttempt, type Delivery, RETRY_DELAYS_MS } from '../../../shared/notifications/delivery';
import { webhookUrlProblem } from '../../../shared/notifications/webhook-address';

const pending: Delivery = {
  id: 'msg_1',
  tenantId: 'acme',
  channel: 'pager',
  eventId: 'aud_1',
  type: 'Incident.Opened',
  status: 'pending',
  attempts: 0,
  at: '2026-12-06T10:00:00.000Z',
  body: '{}',
};
const now = Date.parse('2026-12-06T10:00:00.000Z');

describe('deliveries', () => {
  it('is delivered on a 2xx, keeping the status code', () => {
    expect(afterAttempt(pending, { statusCode: 204 }, now)).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 204 });
  });

  it('is tried again after 1 min, 5 min, 30 min, 2 h and 6 h, then fails for good', () => {
    let delivery = pending;
    const waits: number[] = [];
    for (let attempt = 0; attempt < RETRY_DELAYS_MS.length; attempt++) {
      delivery = afterAttempt(delivery, { statusCode: 500 }, now);
      expect(delivery.status).toBe('retrying');
      waits.push(Date.parse(delivery.nextAttemptAt!) - now);
    }
    expect(waits).toEqual([60_000, 300_000, 1_800_000, 7_200_000, 21_600_000]);
    const failed = afterAttempt(delivery, { error: 'ECONNREFUSED' }, now);
    expect(failed).toMatchObject({ status: 'failed', attempts: 6, lastError: 'ECONNREFUSED' });
    expect(failed.nextAttemptAt).toBeUndefined();
  });

  it('counts a redirect as a failed attempt', () => {
    expect(afterAttempt(pending, { statusCode: 302 }, now).status).toBe('retrying');
  });
});

describe('webhook URLs', () => {
  const aws = { allowLoopback: false };
  it.each([
    ['http://hooks.example.com/x', 'not an https URL'],
    ['https://169.254.169.254/latest', 'an internal address'],
    ['https://[fd00::1]/x', 'an internal address'],
    ['https://192.168.1.10/x', 'an internal address'],
    ['https://localhost/x', 'an internal address'],
    ['https://a:b@hooks.example.com/', 'a URL with credentials'],
    ['http://127.0.0.1:8080/x', 'not an https URL'],
  ])('refuses %s on AWS (%s)', (url, problem) => {
    expect(webhookUrlProblem(url, aws)).toBe(problem);
  });

  it('accepts a public https URL, and loopback http only where loopback is allowed', () => {
    expect(webhookUrlProblem('https://hooks.example.com/warden', aws)).toBeUndefined();
    expect(webhookUrlProblem('http://127.0.0.1:8080/x', { allowLoopback: true })).toBeUndefined();
    expect(webhookUrlProblem('http://10.0.0.1:8080/x', { allowLoopback: true })).toBe('not an https URL');
  });
});
