/**
 * The document a template merges into: a scope's latest version, a pending draft included, so
 * applying builds on what was saved last instead of dropping an unpublished change.
 */
import type { PolicyDocument } from '../policy/document';
import type { PolicyStore } from '../policy-lifecycle/policy-store';
import type { PolicyOwner } from '../policy-lifecycle/policy-version';

/** The latest version's document of `scope`, or undefined when the scope has none. */
export async function latestDocument(
  policies: Pick<PolicyStore, 'getHead' | 'getVersion'>,
  owner: PolicyOwner,
  scope: string,
): Promise<PolicyDocument | undefined> {
  const head = await policies.getHead(owner, scope);
  if (!head) return undefined;
  return (await policies.getVersion(owner, scope, head.latestVersion))?.document as PolicyDocument | undefined;
}
