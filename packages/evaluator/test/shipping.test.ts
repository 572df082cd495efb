/**
 * The evaluator's shipper against a stand-in Warden on loopback that fails on demand (a real
 * runtime does not answer 503 or refuse a whole shipment when asked to): it keeps what was not
 * accepted and ships it later, dead-letters what Warden will never accept, and never loses a line.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundleSigner } from '../../../shared/auth/bundle-keys';
import { type BundleContent, bundleEtag, issueBundle } from '../../../shared/decisions/policy-bundle';
import { createEvaluator } from '../src';

const content: BundleContent = {
  format: 1,
  tenantId: 'acme',
  agent: { id: 'agt_01ARZ3NDEKTSV4RRFFQ69G5FAV', name: 'triage', team: 'support', role: 'bot', environment: 'prod', labels: {} },
  policyEpoch: 1,
  documents: [
    {
      scope: 'tenant',
      version: 1,
      document: {
        defaults: { prod: 'deny' },
        rules: [{ id: 'read', effect: 'allow', actions: ['tickets:read'], tools: ['*'], resources: ['**'], risk: 'low', locked: false }],
      },
    },
  ],
  warnings: [],
  grants: [],
  quotaLimited: false,
};

describe('shipping local decisions', () => {
  let server: Server;
  let url: string;
  /** What the stand-in answers to the next shipments, then 200 accepting everything. */
  const script: number[] = [];
  const received: { localId: string }[][] = [];

  beforeAll(async () => {
    const signer = await createBundleSigner('s'.repeat(40));
    const jws = await signer.sign(issueBundle(content, Date.now(), bundleEtag(content, signer.tag)));
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (request.url === '/v1/agent/bundle/keys') return response.end(JSON.stringify(signer.jwks));
        if (request.url === '/v1/agent/bundle') return response.end(jws);
        const status = script.shift() ?? 200;
        if (status !== 200) return response.writeHead(status).end(JSON.stringify({ error: { code: 'scripted' } }));
        const { decisions } = JSON.parse(body) as { decisions: { localId: string }[] };
        received.push(decisions);
        response.end(JSON.stringify({ accepted: decisions.length, duplicates: 0, rejected: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('keeps decisions Warden could not take (503) and ships them once it can, each once', async () => {
    const evaluator = createEvaluator({ url, apiKey: 'k', logDirectory: await mkdtemp(join(tmpdir(), 'ship-')) });
    await evaluator.refresh();
    const answers = await Promise.all(Array.from({ length: 5 }, () => evaluator.decide({ action: 'tickets:read' })));
    expect(answers.every((answer) => answer.origin === 'local' && answer.effect === 'allow')).toBe(true);
    script.push(503, 503);
    received.length = 0;
    await expect(evaluator.flush()).rejects.toThrow('503');
    await expect(evaluator.flush()).rejects.toThrow('503');
    expect(received).toEqual([]);
    expect(await evaluator.flush()).toBe(5);
    expect(received.flat()).toHaveLength(5);
    expect(new Set(received.flat().map((entry) => entry.localId)).size).toBe(5);
    expect(await evaluator.flush()).toBe(0);
    await evaluator.stop();
  });

  it('dead-letters a shipment Warden refuses as a whole (400), and goes on with the next', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ship-'));
    const evaluator = createEvaluator({ url, apiKey: 'k', logDirectory: directory });
    await evaluator.refresh();
    await evaluator.decide({ action: 'tickets:read' });
    script.push(400);
    expect(await evaluator.flush()).toBe(1);
    const deadLetters = (await readFile(join(directory, 'dead-letters.ndjson'), 'utf8')).trim().split('\n');
    expect(deadLetters).toHaveLength(1);
    expect(JSON.parse(deadLetters[0]!).reason).toMatch(/^refused with 400/);
    received.length = 0;
    await evaluator.decide({ action: 'tickets:read' });
    expect(await evaluator.flush()).toBe(1);
    expect(received.flat()).toHaveLength(1);
    expect(evaluator.stats).toMatchObject({ local: 2, shipped: 1, deadLettered: 1 });
    await evaluator.stop();
  });

  it('will not decide locally without a log to write to', async () => {
    const evaluator = createEvaluator({ url, apiKey: 'k' });
    await evaluator.refresh();
    await expect(evaluator.decide({ action: 'tickets:read' })).rejects.toThrow(/logDirectory/);
  });
});
