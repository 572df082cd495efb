/**
 * Generated policies and requests for the benchmark, from a seeded PRNG so every run measures the
 * same inputs: effective policies spread over the five scopes (globs of all kinds, about a third
 * with CEL conditions, about a tenth locked), a request mix, and a single-scope allow/deny subset
 * that Warden and Cedar express identically.
 */
import type { DecisionAgent, DecisionRequest } from '../../shared/policy/decide';

/** mulberry32: small, fast, seeded. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Random = ReturnType<typeof prng>;

export const agent: DecisionAgent = {
  id: 'agt_01BENCH000000000000000000A',
  name: 'bench',
  team: 'payments',
  role: 'payer',
  environment: 'prod',
  labels: { tier: 'gold' },
};
export const SCOPES = ['org', 'tenant', 'team:payments', 'role:payer', `agent:${agent.id}`] as const;
const SHARE = [0.1, 0.2, 0.3, 0.2, 0.2];

/**
 * Policies grow in breadth: a set of 100,000 rules covers more services than one of 100 (here one
 * service per 10 rules, at least 10), and the few broad rules (`*`, `*:opN`) stay few: at most 50
 * in any set, as guardrail-like rules do. Everything else is specific to a service.
 */
const servicesFor = (size: number) => Math.max(10, Math.round(size / 10));
const BROAD_RULES = 50;
const OPERATIONS = 25;
const action = (service: number, operation: number) => `svc${service}:op${operation}`;
const CONDITIONS = [
  'request.context.amount > 100',
  'agent.labels.tier == "gold"',
  'request.context.classification in ["restricted", "confidential"]',
  'request.resource.startsWith("customers/")',
];

/** A service-specific action glob: exact, `svcN:*` or `svcN:op?`. */
function actionGlob(random: Random, services: number): string {
  const roll = random.next();
  const service = random.int(services);
  if (roll < 0.6) return action(service, random.int(OPERATIONS));
  if (roll < 0.85) return `svc${service}:*`;
  return `svc${service}:op?`;
}

/** A broad action glob: any action, or one operation of every service. */
const broadActionGlob = (random: Random) => (random.chance(0.3) ? '*' : `*:op${random.int(OPERATIONS)}`);

const toolGlob = (random: Random) => random.pick(['*', '*', 'crm.*', `tool${random.int(50)}`, `tool${random.int(50)}.*`, 'bank?']);
const resourceGlob = (random: Random) =>
  random.pick(['**', '**', 'customers/**', `customers/${random.int(100)}`, 'customers/*/notes', '**/notes', `tickets/*`]);

/** An effective policy of about `size` rules over the five scopes. */
export function effectivePolicy(size: number, seed = 7): Record<string, unknown>[] {
  const random = prng(seed + size);
  const services = servicesFor(size);
  const broadShare = Math.min(0.05, BROAD_RULES / size);
  return SCOPES.map((scope, index) => {
    const count = Math.round(size * SHARE[index]!);
    const rules = Array.from({ length: count }, (_, n) => {
      const effect = random.pick(['allow', 'allow', 'deny', 'require_approval'] as const);
      const locked = effect !== 'allow' && random.chance(0.2);
      return {
        id: `${scope.split(':')[0]}-${n}`,
        effect,
        actions: [random.chance(broadShare) ? broadActionGlob(random) : actionGlob(random, services)],
        ...(random.chance(0.6) ? { tools: [toolGlob(random)] } : {}),
        ...(random.chance(0.6) ? { resources: [resourceGlob(random)] } : {}),
        ...(random.chance(0.2) ? { environments: [random.pick(['dev', 'prod'])] } : {}),
        ...(random.chance(1 / 3) ? { when: random.pick(CONDITIONS) } : {}),
        ...(locked ? { locked: true } : {}),
        risk: random.pick(['low', 'medium', 'high', 'critical']),
      };
    });
    return scope === 'org' || scope === 'tenant' ? { defaults: { dev: 'allow', prod: 'deny' }, rules } : { rules };
  });
}

/** A fixed mix of requests over the services of a policy of `size` rules. */
export function requestMix(count: number, size: number, seed = 11): DecisionRequest[] {
  const random = prng(seed);
  const services = servicesFor(size);
  return Array.from({ length: count }, () => ({
    action: action(random.int(services), random.int(OPERATIONS)),
    ...(random.chance(0.8) ? { tool: random.pick(['crm.read', 'crm.write', `tool${random.int(50)}`, 'bank1']) } : {}),
    ...(random.chance(0.8)
      ? { resource: random.pick([`customers/${random.int(100)}`, `customers/${random.int(100)}/notes`, 'tickets/7', 'reports/q3']) }
      : {}),
    context: { amount: random.int(300), classification: random.pick(['public', 'restricted', 'internal']) },
  }));
}

/**
 * The comparison subset: `size` allow/deny rules in one scope (tenant), exact actions and exact or
 * any resources, no tools, conditions, locks or defaults — the fragment where Warden's semantics
 * (most restrictive candidate, else deny) and Cedar's (forbid overrides permit, default deny) agree.
 */
export function comparableSubset(size: number, seed = 3) {
  const random = prng(seed + size);
  const rules = Array.from({ length: size }, (_, n) => {
    const effect = random.chance(0.7) ? ('allow' as const) : ('deny' as const);
    const resource = random.chance(0.5) ? `customers/${random.int(200)}` : undefined;
    return {
      id: `r${n}`,
      effect,
      actions: [action(random.int(servicesFor(size)), random.int(OPERATIONS))],
      ...(resource ? { resources: [resource] } : {}),
    };
  });
  const cedar = rules
    .map(
      (rule) =>
        `@id("${rule.id}")\n${rule.effect === 'allow' ? 'permit' : 'forbid'}(principal, action == Action::"${rule.actions[0]}", ${rule.resources ? `resource == Resource::"${rule.resources[0]}"` : 'resource'});`,
    )
    .join('\n');
  const requests = Array.from({ length: 200 }, () => ({
    action: rules[random.int(rules.length)]!.actions[0]!,
    resource: `customers/${random.int(200)}`,
  }));
  return { document: { rules }, cedar, requests };
}
