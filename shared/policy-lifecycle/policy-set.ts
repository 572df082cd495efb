/**
 * The documents governing one agent: the active version of each of its five scopes, with a
 * candidate version in place (publish gates, simulations) and the agent's pins applied while the
 * pinned version is deprecated and before its sunset (POLICY.md "Lifecycle").
 */
import type { DecisionWarning } from '../policy/decide';
import type { PolicyDocument } from '../policy/document';
import { governingScopes } from './policy-scope';
import { statusAt, type PolicyVersion, type ScopeHead } from './policy-version';

/** One document in force for an agent, with where it came from; `contentKey` lets compilations be shared. */
export interface GoverningDocument {
  readonly scope: string;
  readonly version: number;
  readonly document: PolicyDocument;
  readonly contentKey?: string;
}

/** The active documents of the org and of one tenant, by scope. */
export interface ActivePolicies {
  readonly org?: ScopeHead;
  readonly tenant: ReadonlyMap<string, ScopeHead>;
}

/** A version put in place of a scope's active one. */
export interface Candidate {
  readonly scope: string;
  readonly version: number;
  readonly document: unknown;
  readonly contentKey?: string;
}

export interface PolicySetInput {
  readonly active: ActivePolicies;
  readonly agent: { readonly id: string; readonly team: string; readonly role: string } & {
    readonly pins?: Readonly<Record<string, number>> | undefined;
  };
  readonly candidate?: Candidate | undefined;
  readonly nowMs: number;
  /** Loads a version of a tenant scope (or `org`), for pins. */
  readonly loadVersion: (scope: string, version: number) => Promise<PolicyVersion | undefined>;
}

export interface PolicySet {
  readonly documents: readonly GoverningDocument[];
  readonly warnings: readonly DecisionWarning[];
}

/** Builds the documents governing an agent, org first. */
export async function policySetFor(input: PolicySetInput): Promise<PolicySet> {
  const documents: GoverningDocument[] = [];
  const warnings: DecisionWarning[] = [];
  for (const scope of governingScopes(input.agent)) {
    if (input.candidate?.scope === scope) {
      const { contentKey } = input.candidate;
      documents.push({
        scope,
        version: input.candidate.version,
        document: input.candidate.document as PolicyDocument,
        ...(contentKey ? { contentKey } : {}),
      });
      continue;
    }
    const head = scope === 'org' ? input.active.org : input.active.tenant.get(scope);
    const pinned = input.agent.pins?.[scope];
    if (pinned !== undefined && pinned !== head?.activeVersion) {
      const version = await input.loadVersion(scope, pinned);
      const status = version && statusAt(version, input.nowMs);
      if (version && status === 'deprecated') {
        documents.push({ scope, version: pinned, document: version.document as PolicyDocument, contentKey: version.contentHash });
        warnings.push({
          code: 'deprecated_version',
          message: `The agent is pinned to ${scope} version ${pinned}, deprecated until ${version.sunsetAt}`,
          scope,
          version: pinned,
          sunsetAt: version.sunsetAt,
        });
        continue;
      }
      warnings.push({
        code: 'pin_ignored',
        message:
          status === 'retired'
            ? `The pin to ${scope} version ${pinned} is ignored: its sunset passed at ${version?.sunsetAt}`
            : `The pin to ${scope} version ${pinned} is ignored: that version is not a deprecated version`,
        scope,
        version: pinned,
        ...(version?.sunsetAt === undefined ? {} : { sunsetAt: version.sunsetAt }),
      });
    }
    if (head?.activeVersion !== undefined) {
      documents.push({
        scope,
        version: head.activeVersion,
        document: head.activeDocument as PolicyDocument,
        ...(head.activeContentHash ? { contentKey: head.activeContentHash } : {}),
      });
    }
  }
  return { documents, warnings };
}
