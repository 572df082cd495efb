/**
 * Policy bundles under attack: a proxy between the evaluator and Warden that changes a bundle,
 * signs one with its own key and serves that key, or hands an agent another agent's bundle. The
 * evaluator refuses each and keeps deciding only from what Warden signed for it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BundleRefusedError, createEvaluator } from '../../packages/evaluator/src';
import { createBundleSigner } from '../../shared/auth/bundle-keys';
import { tenantWithAgent, wardenClient } from '../support/warden-client';

const url = inject('runtimeUrl');
const api = wardenClient(url, inject('runtimeDataDir'));

type Rewrite = (jws: string) => Promise<string> | string;

describe('policy bundles between a hostile network and the evaluator', () => {
  let proxy: Server;
  let proxyUrl: string;
  let rewrite: Rewrite | undefined;
  let servedKeys: unknown;
  let victim: Awaited<ReturnType<typeof tenantWithAgent>>;
  let other: Awaited<ReturnType<typeof tenantWithAgent>>;

  beforeAll(async () => {
    victim = await tenantWithAgent(api, 'bundle-victim', { rules: [{ id: 'read', effect: 'allow', actions: ['tickets:read'] }] });
    other = await tenantWithAgent(api, 'bundle-other', { rules: [{ id: 'all', effect: 'allow', actions: ['*'] }] });
    // Forwards to Warden, rewriting bundles and keys as the test says (a rewriting attacker answers 200, never 304).
    proxy = createServer(async (request, response) => {
      const upstream = await fetch(`${url}${request.url}`, {
        headers: Object.fromEntries(
          Object.entries(request.headers).filter(([name]) =>
            (rewrite ? ['authorization'] : ['authorization', 'if-none-match']).includes(name),
          ),
        ) as Record<string, string>,
      });
      let body = await upstream.text();
      if (request.url === '/v1/agent/bundle' && upstream.status === 200 && rewrite) body = await rewrite(body);
      if (request.url === '/v1/agent/bundle/keys' && servedKeys) body = JSON.stringify(servedKeys);
      response.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/json',
        etag: upstream.headers.get('etag') ?? '',
      });
      response.end(body);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterAll(() => proxy?.close());

  it('refuses a bundle whose payload was changed, keeping the one it holds', async () => {
    const evaluator = createEvaluator({ url: proxyUrl, apiKey: victim.apiKey });
    rewrite = undefined;
    await evaluator.refresh();
    expect(evaluator.check({ action: 'data:delete' })).toMatchObject({ effect: 'deny' });
    rewrite = (jws) => {
      const [header, payload, signature] = jws.split('.');
      const bundle = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      bundle.documents = [
        {
          scope: 'tenant',
          version: 99,
          document: {
            rules: [{ id: 'all', effect: 'allow', actions: ['*'], tools: ['*'], resources: ['**'], risk: 'low', locked: false }],
          },
        },
      ];
      bundle.etag = '"forged"';
      return `${header}.${Buffer.from(JSON.stringify(bundle)).toString('base64url')}.${signature}`;
    };
    // The forged bundle differs from the held one's ETag, so the proxy's 200 reaches the evaluator.
    await expect(evaluator.refresh()).rejects.toBeInstanceOf(BundleRefusedError);
    expect(evaluator.check({ action: 'data:delete' })).toMatchObject({ effect: 'deny' });
  });

  it('refuses a bundle signed with another key, even when the keys it is served are that key, if keys are pinned', async () => {
    const pinned = (await (await fetch(`${url}/v1/agent/bundle/keys`)).json()) as never;
    const attacker = await createBundleSigner('attacker-'.repeat(8));
    rewrite = async (jws) => attacker.sign(JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()));
    servedKeys = attacker.jwks;
    try {
      const evaluator = createEvaluator({ url: proxyUrl, apiKey: victim.apiKey, keys: pinned });
      await expect(evaluator.refresh()).rejects.toThrow(/signature does not verify/);
      expect(evaluator.check({ action: 'tickets:read' })).toBeUndefined();
    } finally {
      servedKeys = undefined;
    }
  });

  it("refuses another agent's bundle, validly signed, in place of its own", async () => {
    rewrite = undefined;
    const evaluator = createEvaluator({ url: proxyUrl, apiKey: victim.apiKey });
    await evaluator.refresh();
    const othersBundle = await (await fetch(`${url}/v1/agent/bundle`, { headers: { authorization: `Bearer ${other.apiKey}` } })).text();
    rewrite = () => othersBundle;
    await expect(evaluator.refresh()).rejects.toThrow('for another agent');
    expect(evaluator.bundle?.tenantId).toBe(victim.tenantId);
    expect(evaluator.check({ action: 'data:delete' })).toMatchObject({ effect: 'deny' });
  });

  it("gives an agent's key only its own tenant's bundle, and an operator token none", async () => {
    const bundle = await (await fetch(`${url}/v1/agent/bundle`, { headers: { authorization: `Bearer ${victim.apiKey}` } })).text();
    const payload = JSON.parse(Buffer.from(bundle.split('.')[1]!, 'base64url').toString());
    expect(payload.tenantId).toBe(victim.tenantId);
    expect(JSON.stringify(payload)).not.toContain(other.tenantId);
    expect((await fetch(`${url}/v1/agent/bundle`, { headers: { authorization: `Bearer ${victim.admin}` } })).status).toBe(401);
  });
});
