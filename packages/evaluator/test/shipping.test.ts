/**
 * The evaluator's shipper against a stand-in Warden on loopback that fails on demand (a real
 * runtime does not answer 503 or refuse a whole shipment when asked to): it keeps what was not
 * accepted and ships it later, dead-letters what Warden will never accept, and never loses a line.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundleSigner } from '../../../shared/auth/bundle-keys';
import { type LocalDecision, LocalDecisionSchema, localDecisionId } from '../../../shared/decisions/decision-logs';
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

  it.each([
    ['process', () => Date.now()],
    ['host', () => Date.now()],
    ['process', () => Date.now() + 0.25], // a clock off whole milliseconds takes the general path
  ] as const)(
    'has a decision in the log file when decide resolves (%s durability), with the id Warden derives',
    async (durability, now) => {
      const directory = await mkdtemp(join(tmpdir(), 'ship-'));
      const evaluator = createEvaluator({ url, apiKey: 'k', logDirectory: directory, durability, now });
      await evaluator.refresh();
      const request = { action: 'tickets:read', tool: 'crm', resource: 'tickets/1', context: { note: 'a "quoted" ✓' } };
      for (let n = 1; n <= 3; n++) {
        const before = Date.now();
        const answer = await evaluator.decide(request);
        const after = Date.now();
        // Read synchronously, before anything else runs: the line is there already.
        const lines = readFileSync(join(directory, 'decisions.ndjson'), 'utf8').split('\n');
        expect(lines).toHaveLength(n + 1);
        expect(lines[n]).toBe('');
        const entry = JSON.parse(lines[n - 1]!) as LocalDecision;
        expect(LocalDecisionSchema.safeParse(entry).success).toBe(true);
        expect(entry).toMatchObject({
          request,
          effect: 'allow',
          rule: { id: 'read', scope: 'tenant', version: 1 },
          bundleEtag: evaluator.bundle!.etag,
        });
        expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(before);
        expect(Date.parse(entry.at)).toBeLessThanOrEqual(after);
        expect(answer).toEqual({
          decisionId: localDecisionId(content.tenantId, content.agent.id, entry),
          effect: 'allow',
          reason: entry.reason,
          rule: { id: 'read', scope: 'tenant', version: 1 },
          risk: 'low',
          policyEpoch: 1,
          origin: 'local',
        });
      }
      await evaluator.stop();
    },
  );

  it('will not decide locally without a log to write to', async () => {
    const evaluator = createEvaluator({ url, apiKey: 'k' });
    await evaluator.refresh();
    await expect(evaluator.decide({ action: 'tickets:read' })).rejects.toThrow(/logDirectory/);
  });
});
