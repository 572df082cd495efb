/**
 * Policy documents of a realistic size for storage and transport tests: rules of typical size
 * (~120 bytes of JSON each, like the 8,000 rules / 828 KiB of the security review), varied by a
 * seeded generator so they compress as real documents do rather than as one line repeated.
 */
import { seededRandom } from '../../../shared/kernel/seeded-random';

const SERVICES = ['crm', 'billing', 'support', 'github', 'jira', 'slack', 'payments', 'warehouse', 'hr', 'analytics'];
const VERBS = ['read', 'write', 'export', 'delete', 'list', 'approve'];

/** `count` rules of typical size with unique ids. */
export function typicalRules(count: number, seed = 1): Record<string, unknown>[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, n) => {
    const service = pick(SERVICES);
    const effect = pick(['allow', 'allow', 'deny', 'require_approval'] as const);
    return {
      id: `${service}-${n}`,
      effect,
      actions: [`${service}:${pick(VERBS)}`],
      resources: [`${pick(['accounts', 'tickets', 'repos', 'reports'])}/${Math.floor(random() * 1000)}/**`],
      ...(random() < 0.3 ? { when: `request.context.amount > ${Math.floor(random() * 10_000)}` } : {}),
      ...(effect !== 'allow' && random() < 0.2 ? { locked: true } : {}),
      risk: pick(['low', 'medium', 'high']),
    };
  });
}

/**
 * `count` rules whose messages are random text, so the document hardly compresses: the worst case
 * for storage (each rule ~`messageLength` + 80 bytes of JSON).
 */
export function incompressibleRules(count: number, messageLength: number, seed = 2): Record<string, unknown>[] {
  const random = seededRandom(seed);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,-';
  const text = () => Array.from({ length: messageLength }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  return Array.from({ length: count }, (_, n) => ({ id: `noise-${n}`, effect: 'deny', actions: [`svc:${n}`], message: text() }));
}
