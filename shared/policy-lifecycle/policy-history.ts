/**
 * Reading policies: every scope with its versions, one version, a rule-level diff, and the
 * effective policy of an agent (every rule governing it, in evaluation order).
 */
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import type { ApiPage, PageRequest } from '../kernel/page';
import { paginate } from '../kernel/paginate';
import { MAX_POLICY_DOCUMENT_BYTES } from './content-limits';
import { factsOf, type LifecycleContext, ownerTenantId } from './lifecycle-context';
import { diffDocuments } from './policy-diff';
import { policySetFor } from './policy-set';
import { type PolicyOwner, type PolicyVersion, scopeSummary, statusAt, tenantOwner } from './policy-version';

/**
 * Documents a history page carries at most (as JSON), so a page of large versions stays within
 * Lambda's 6 MB response: the page ends early, with a cursor, once the next version would pass it.
 * A single version larger than this still comes, alone on its page.
 */
const HISTORY_PAGE_DOCUMENT_BYTES = MAX_POLICY_DOCUMENT_BYTES;
/** Versions read from the store at a time while filling a history page. */
const HISTORY_READ_BATCH = 10;

/** A version as the API shows it: the status as of now (deprecated versions retire at sunset). */
export const versionView = (version: PolicyVersion, nowMs: number) => ({ ...version, status: statusAt(version, nowMs) });

/** The permission to read `owner`'s policies, and where. */
const readAccess = (owner: PolicyOwner) =>
  [owner.kind === 'org' ? 'org-policy:read' : 'policy:read', owner.kind === 'org' ? {} : { tenantId: owner.tenantId }] as const;

export function createPolicyHistory(context: LifecycleContext) {
  const { store, clock, cursors } = context.deps;
  return {
    /** Every scope of the tenant with its latest and active version. */
    async listScopes(principal: OperatorPrincipal, tenantId: string) {
      checkPermission(principal, 'policy:read', { tenantId });
      const heads = await store.listHeads(tenantOwner(tenantId));
      return { items: heads.map(scopeSummary) };
    },

    /** A scope's versions, newest first. */
    async history(
      principal: OperatorPrincipal,
      owner: PolicyOwner,
      scope: string,
      request: PageRequest,
    ): Promise<ApiPage<ReturnType<typeof versionView>>> {
      checkPermission(principal, ...readAccess(owner));
      const nowMs = clock.nowMs();
      const binding = { tenantId: ownerTenantId(owner), query: `policy-versions:${scope}` };
      const positionOf = (version: PolicyVersion) => String(version.version);
      let documentBytes = 0;
      let cut = false;
      const page = await paginate({
        cursors,
        binding,
        request,
        positionOf,
        fetch: async (position) => {
          if (cut) return { items: [], more: false };
          const read = await store.listVersions(owner, scope, { ...position, limit: Math.min(position.limit, HISTORY_READ_BATCH) });
          const items: PolicyVersion[] = [];
          for (const version of read.items) {
            const size = version.documentBytes ?? JSON.stringify(version.document).length;
            if (documentBytes > 0 && documentBytes + size > HISTORY_PAGE_DOCUMENT_BYTES) {
              cut = true;
              return { items, more: false };
            }
            documentBytes += size;
            items.push(version);
          }
          return { items, more: read.more };
        },
      });
      const last = page.items[page.items.length - 1];
      const nextCursor = cut && last ? cursors.encode({ after: positionOf(last) }, binding) : page.nextCursor;
      return { items: page.items.map((version) => versionView(version, nowMs)), ...(nextCursor === undefined ? {} : { nextCursor }) };
    },

    async getVersion(principal: OperatorPrincipal, owner: PolicyOwner, scope: string, version: number) {
      checkPermission(principal, ...readAccess(owner));
      return versionView(await context.requireVersion(owner, scope, version), clock.nowMs());
    },

    /** Rule-level differences between two versions of a scope. */
    async diff(principal: OperatorPrincipal, tenantId: string, scope: string, from: number, to: number) {
      checkPermission(principal, 'policy:read', { tenantId });
      const owner = tenantOwner(tenantId);
      const [before, after] = await Promise.all([context.requireVersion(owner, scope, from), context.requireVersion(owner, scope, to)]);
      return { scope, from, to, ...diffDocuments(before.document as never, after.document as never) };
    },

    /** Every rule governing an agent, in evaluation order, each with its scope and version. */
    async effectivePolicy(principal: OperatorPrincipal, tenantId: string, agentId: string) {
      checkPermission(principal, 'policy:read', { tenantId });
      const agent = await context.requireAgent(tenantId, agentId);
      const set = await policySetFor({
        active: await context.activePolicies(tenantId),
        agent: factsOf(agent),
        nowMs: clock.nowMs(),
        loadVersion: context.loaderFor(tenantId),
      });
      return {
        agentId,
        policyEpoch: await context.policyEpoch(tenantId),
        scopes: set.documents.map(({ scope, version }) => ({ scope, version })),
        rules: set.documents.flatMap(({ scope, version, document }) => document.rules.map((rule) => ({ ...rule, scope, version }))),
        defaults: {
          ...set.documents.find((document) => document.scope === 'org')?.document.defaults,
          ...set.documents.find((document) => document.scope === 'tenant')?.document.defaults,
        },
        warnings: set.warnings,
      };
    },
  };
}
