/**
 * The decision point's answers to bad input, which it gives before it needs Warden: a JSON error
 * naming what is wrong, never a 5xx. (Deciding, shipping and serving many agents against a real
 * runtime are in test/e2e/local-engines.test.ts.)
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecisionPoint, type DecisionPoint } from '../src/decision-point';

describe('Decision point (warden engine serve): bad input', () => {
  let point: DecisionPoint;
  let url: string;

  beforeAll(async () => {
    // Nothing listens at Warden's URL: every answer here is given before the decision point asks it.
    point = createDecisionPoint({ url: 'http://127.0.0.1:9', logDirectory: await mkdtemp(join(tmpdir(), 'point-')) });
    url = await point.listen(0);
  });
  afterAll(() => point.close());

  const post = async (body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}/v1/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer wdn_acme_x', ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as { error: { code: string; message: string } } };
  };

  it('refuses text that is not JSON with 400 invalid_json', async () => {
    expect(await post('{"action":')).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
  });

  it('refuses a body over 1 MiB with 413 payload_too_large', async () => {
    const big = JSON.stringify({ action: 'a:b', context: { blob: 'x'.repeat(1024 * 1024) } });
    expect(await post(big)).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
  });

  it('names the field a request gets wrong, with 400 validation_failed', async () => {
    const { status, body } = await post(JSON.stringify({ action: 42 }));
    expect(status).toBe(400);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toContain('action');
  });

  it('asks for a key before anything else is done with a valid request (401)', async () => {
    const response = await fetch(`${url}/v1/authorize`, { method: 'POST', body: JSON.stringify({ action: 'a:b' }) });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('answers 503 unavailable while Warden cannot be reached, again at the next request of the same key', async () => {
    // The key got no bundle, so its evaluator is not kept: the second request tries Warden again.
    const first = await post(JSON.stringify({ action: 'a:b' }), { authorization: 'Bearer wdn_acme_same' });
    const second = await post(JSON.stringify({ action: 'a:b' }), { authorization: 'Bearer wdn_acme_same' });
    expect(first).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    expect(second).toEqual(first);
  });
});
