/**
 * A tenant's webhook URL must not reach inside the network Warden runs in (SSRF): the sender, with
 * the policy it has on AWS, refuses a host name that resolves to a loopback address and an IP
 * literal, follows no redirect, and gives up on a receiver that never answers within the timeout.
 * Everything here listens on loopback only.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookSender } from '../../shared/adapters/http/webhook-sender';

describe('Webhook sender against SSRF', () => {
  let server: Server;
  let port: number;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits++;
      if (request.url === '/redirect') {
        response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' });
        response.end();
      } else if (request.url === '/stall') {
        // Never answers.
      } else response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a host name that resolves to loopback, and a loopback literal, under the AWS policy', async () => {
    const sender = createWebhookSender({ allowLoopback: false });
    const before = hits;
    expect(await sender.send(`http://localhost:${port}/x`, {}, '{}', 2000)).toEqual({ error: 'EADDRREFUSED' });
    expect(await sender.send(`http://127.0.0.1:${port}/x`, {}, '{}', 2000)).toEqual({ error: 'EADDRREFUSED' });
    expect(hits).toBe(before);
  });

  it('reaches the same receiver where loopback is allowed (the local runtime), so the refusal above is the policy', async () => {
    const sender = createWebhookSender({ allowLoopback: true });
    expect(await sender.send(`http://localhost:${port}/x`, {}, '{}', 2000)).toEqual({ statusCode: 200 });
  });

  it('follows no redirect: a 302 towards the metadata address is only a failed attempt', async () => {
    const sender = createWebhookSender({ allowLoopback: true });
    expect(await sender.send(`http://127.0.0.1:${port}/redirect`, {}, '{}', 2000)).toEqual({ statusCode: 302 });
  });

  it('gives up on a receiver that never answers, within the timeout', async () => {
    const sender = createWebhookSender({ allowLoopback: true });
    expect(await sender.send(`http://127.0.0.1:${port}/stall`, {}, '{}', 300)).toEqual({ error: 'no answer within 300 ms' });
  });
});
