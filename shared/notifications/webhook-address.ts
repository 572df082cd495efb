/**
 * Where a webhook may go (SSRF): https only, no credentials in the URL, and never to an address
 * inside a network (private, loopback, link-local, carrier-grade NAT, unique-local, multicast or
 * unspecified), checked when a channel is saved (an IP literal) and again for every address a host
 * name resolves to when a delivery connects. Locally, loopback `http` URLs may be allowed so tests
 * and a developer's receiver work; on AWS they never are.
 */
import { BlockList, isIP } from 'node:net';

/** Addresses no webhook may reach. */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  INTERNAL.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  INTERNAL.addSubnet(network, prefix, 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Whether loopback receivers are allowed (the local runtime's choice; never on AWS). */
export interface AddressPolicy {
  readonly allowLoopback: boolean;
}

/** Whether a delivery may connect to `address` (an IP). */
export function addressAllowed(address: string, policy: AddressPolicy): boolean {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (policy.allowLoopback && LOOPBACK.check(address, family)) return true;
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it maps.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return addressAllowed(mapped, policy);
  return !INTERNAL.check(address, family);
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** What is wrong with `url` as a webhook target, or undefined when nothing is. */
export function webhookUrlProblem(url: string, policy: AddressPolicy): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.username || parsed.password) return 'a URL with credentials';
  const loopback = LOOPBACK_NAMES.has(parsed.hostname) || (isIP(parsed.hostname) !== 0 && LOOPBACK.check(parsed.hostname));
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && policy.allowLoopback && loopback)) return 'not an https URL';
  if (parsed.hostname === 'localhost') return policy.allowLoopback ? undefined : 'an internal address';
  const literal = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) !== 0 && !addressAllowed(literal, policy)) return 'an internal address';
  return undefined;
}
