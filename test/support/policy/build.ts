/**
 * Builders for policy tests: documents from plain rule objects, compiled scopes, an agent.
 */
import { compileScope, type CompiledScope } from '../../../shared/policy/compile';
import type { DecisionAgent } from '../../../shared/policy/decide';
import { type PolicyDocument } from '../../../shared/policy/document';
import { validatePolicyDocument } from '../../../shared/policy/validate';

export const agent: DecisionAgent = {
  id: 'agt_01TEST0000000000000000000A',
  name: 'triage',
  team: 'support',
  role: 'bot',
  environment: 'prod',
  labels: { tier: 'gold' },
};

/** Documents by scope, validated as on save (defaults applied), compiled in org → agent order. */
export function scopes(
  documents: Partial<Record<string, Partial<PolicyDocument> | { rules: Record<string, unknown>[]; defaults?: Record<string, string> }>>,
): CompiledScope[] {
  const order = ['org', 'tenant', 'team:support', 'role:bot', `agent:${agent.id}`];
  return order
    .filter((scope) => documents[scope] !== undefined)
    .map((scope) => compileScope(scope, 1, validatePolicyDocument(scope, documents[scope])));
}
