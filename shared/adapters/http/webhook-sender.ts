/**
 * Sends webhooks over HTTPS (or loopback HTTP where allowed) with Node's own client: one POST, no
 * redirects followed, a hard timeout for the whole exchange, and every address a host name
 * resolves to checked before connecting (so a name that resolves to an internal address, or is
 * re-pointed there after the channel was saved, is refused: webhook-address.ts).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { SendOutcome, WebhookSender } from '../../notifications/notification-ports';
import { type AddressPolicy, addressAllowed } from '../../notifications/webhook-address';

/** A resolver that refuses internal addresses (the connection then fails with the reason). */
function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const all = addresses as unknown as LookupAddress[];
      const refused = all.find((entry) => !addressAllowed(entry.address, policy));
      if (refused || all.length === 0) {
        return callback(Object.assign(new Error(`refused address for ${hostname}`), { code: 'EADDRREFUSED' }), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, all);
      return callback(null, all[0]!.address, all[0]!.family);
    });
  };
}

export function createWebhookSender(policy: AddressPolicy): WebhookSender {
  const lookup = guardedLookup(policy);
  return {
    send(url, headers, body, timeoutMs) {
      return new Promise<SendOutcome>((resolve) => {
        let settled = false;
        const finish = (outcome: SendOutcome) => {
          if (settled) return;
          settled = true;
          resolve(outcome);
        };
        // The whole exchange, connection to last byte, within the timeout.
        const signal = AbortSignal.timeout(timeoutMs);
        let target: URL;
        try {
          target = new URL(url);
        } catch {
          return finish({ error: 'invalid URL' });
        }
        // Node connects to an IP literal without asking the resolver: check it here.
        const literal = target.hostname.replace(/^\[|\]$/g, '');
        if (isIP(literal) !== 0 && !addressAllowed(literal, policy)) return finish({ error: 'EADDRREFUSED' });
        const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
        const request = send(
          target,
          { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup, signal },
          (response) => {
            response.resume();
            response.on('end', () => finish({ statusCode: response.statusCode ?? 0 }));
            response.on('error', () => finish({ statusCode: response.statusCode ?? 0 }));
          },
        );
        request.on('error', (error: NodeJS.ErrnoException) =>
          finish({ error: signal.aborted ? `no answer within ${timeoutMs} ms` : (error.code ?? error.message) }),
        );
        request.end(body);
      });
    },
  };
}
