/**
 * Policy scopes as they appear in paths and storage: `org`, `tenant`, `team:<name>`,
 * `role:<name>`, `agent:<id>` (POLICY.md "Documents and scopes"), and which scopes govern an agent.
 */
import * as z from 'zod';
import { ScopeNameSchema } from '../kernel/schemas';

const AGENT_ID = /^agt_[0-9A-Z]{26}$/;

/** A scope a tenant writes (everything but `org`). */
export const TenantScopeSchema = z.string().refine(
  (scope) => {
    if (scope === 'tenant') return true;
    const [kind, name, ...rest] = scope.split(':');
    if (rest.length > 0 || name === undefined) return false;
    if (kind === 'team' || kind === 'role') return ScopeNameSchema.safeParse(name).success;
    return kind === 'agent' && AGENT_ID.test(name);
  },
  { message: 'a policy scope: tenant, team:<name>, role:<name> or agent:<agent id>' },
);

/** Any scope, `org` included. */
export type PolicyScope = string;

export type ScopeKind = 'org' | 'tenant' | 'team' | 'role' | 'agent';

/** The kind of a (valid) scope. */
export const scopeKind = (scope: PolicyScope): ScopeKind =>
  scope === 'org' || scope === 'tenant' ? scope : (scope.split(':', 1)[0] as ScopeKind);

/** The name after the colon of `team:`, `role:` and `agent:` scopes. */
export const scopeName = (scope: PolicyScope): string => scope.slice(scope.indexOf(':') + 1);

/** The five scopes governing an agent, from the most general to the most specific. */
export const governingScopes = (agent: { readonly id: string; readonly team: string; readonly role: string }): PolicyScope[] => [
  'org',
  'tenant',
  `team:${agent.team}`,
  `role:${agent.role}`,
  `agent:${agent.id}`,
];
