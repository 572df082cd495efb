/**
 * Writing policies (POLICY.md "Lifecycle"): every save is a new draft version; publishing runs the
 * gate and makes the version active, deprecating the one before until its sunset; rollback
 * publishes an earlier version's content as a new version through the same gate.
 */
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { domainEvent } from '../events/catalog';
import { isoAt } from '../kernel/clock';
import { ConflictError } from '../kernel/errors';
import { validatePolicyDocument } from '../policy/validate';
import { checkPolicyDocumentSize } from './content-limits';
import { candidateOf, type LifecycleContext, ownerTenantId } from './lifecycle-context';
import type { PublishInput, RollbackInput } from './lifecycle-schemas';
import type { PublishGate } from './publish-gate';
import { checkScopeWrite } from './policy-authority';
import { contentHash } from './policy-diff';
import { ORG_OWNER, type PolicyOwner, type PolicyVersion, statusAt, tenantOwner } from './policy-version';

const DAY_MS = 86_400_000;

/** `PUT .../policies/{scope}` and `PUT /v1/org/policy` input: the document plus why. */
export interface DraftInput {
  readonly reason: string;
  readonly [field: string]: unknown;
}

export function createDraftsAndPublishing(context: LifecycleContext, gate: PublishGate) {
  const { store, clock } = context.deps;

  /** Appends `draft` as the scope's next version, with its change record. */
  const append = (
    principal: OperatorPrincipal,
    owner: PolicyOwner,
    draft: Omit<PolicyVersion, 'version'>,
    after: Record<string, unknown>,
  ) =>
    store.appendVersion(owner, draft, (number) =>
      context.change(owner, principal, {
        action: 'policy.saved',
        target: { type: 'policy', id: `${draft.scope}@${number}` },
        reason: draft.reason,
        after: { scope: draft.scope, version: number, ...after },
        event: domainEvent('Policy.Saved', { tenantId: ownerTenantId(owner), scope: draft.scope, version: number, actor: principal.sub }),
      }),
    );

  async function saveDraft(principal: OperatorPrincipal, owner: PolicyOwner, scope: string, input: DraftInput) {
    const { reason, ...document } = input;
    const parsed = validatePolicyDocument(scope, document);
    const documentBytes = checkPolicyDocumentSize(scope, parsed);
    const draft: Omit<PolicyVersion, 'version'> = {
      scope,
      status: 'draft',
      document: parsed,
      contentHash: contentHash(parsed),
      documentBytes,
      author: principal.sub,
      createdAt: isoAt(clock.nowMs()),
      reason,
    };
    const version = await append(principal, owner, draft, { contentHash: draft.contentHash });
    return { ...draft, version };
  }

  async function publishVersion(
    principal: OperatorPrincipal,
    owner: PolicyOwner,
    scope: string,
    version: number,
    input: PublishInput & { rolledBackFrom?: number },
  ) {
    const candidateVersion = await context.requireVersion(owner, scope, version);
    if (candidateVersion.status !== 'draft')
      throw new ConflictError(
        `${scope} version ${version} is ${statusAt(candidateVersion, clock.nowMs())}; only drafts are published (roll back to restore an earlier version)`,
        'not_a_draft',
      );
    const head = await store.getHead(owner, scope);
    const candidate = candidateOf(candidateVersion);
    const testsRun = owner.kind === 'org' ? await gate.gateOrg(candidate) : await gate.gateTenant(owner.tenantId, candidate);
    const nowMs = clock.nowMs();
    const previous =
      head?.activeVersion === undefined
        ? undefined
        : { version: head.activeVersion, sunsetAt: isoAt(nowMs + input.deprecateAfterDays * DAY_MS) };
    const rolledBack = input.rolledBackFrom === undefined ? {} : { rolledBackFrom: input.rolledBackFrom };
    await store.publish(
      owner,
      {
        scope,
        version,
        expectedRevision: head?.revision ?? 0,
        publishedAt: isoAt(nowMs),
        publishedBy: principal.sub,
        reason: input.reason,
        ...(previous ? { previous } : {}),
      },
      context.change(owner, principal, {
        action: input.rolledBackFrom === undefined ? 'policy.published' : 'policy.rolled_back',
        target: { type: 'policy', id: `${scope}@${version}` },
        reason: input.reason,
        before: { scope, version: head?.activeVersion ?? null },
        after: { scope, version, ...rolledBack },
        event: domainEvent('Policy.Published', {
          tenantId: ownerTenantId(owner),
          scope,
          version,
          ...(previous ? { previousVersion: previous.version } : {}),
          ...rolledBack,
          actor: principal.sub,
        }),
      }),
    );
    return {
      scope,
      version,
      status: 'active' as const,
      ...rolledBack,
      ...(previous ? { previous: { ...previous, status: 'deprecated' as const } } : {}),
      testsRun,
      policyEpoch: owner.kind === 'org' ? await store.getOrgEpoch() : await context.policyEpoch(owner.tenantId),
    };
  }

  return {
    /** Saves a new draft version of a tenant scope. */
    async saveDraft(principal: OperatorPrincipal, tenantId: string, scope: string, input: DraftInput) {
      await checkScopeWrite(principal, tenantId, scope, context.teamOf(tenantId));
      if (scope.startsWith('agent:')) await context.requireAgent(tenantId, scope.slice('agent:'.length));
      return saveDraft(principal, tenantOwner(tenantId), scope, input);
    },

    /** Saves a new draft of the org document (platform admins). */
    async saveOrgDraft(principal: OperatorPrincipal, input: DraftInput) {
      checkPermission(principal, 'org-policy:write');
      return saveDraft(principal, ORG_OWNER, 'org', input);
    },

    /** Publishes a draft of a tenant scope through the gate. */
    async publish(principal: OperatorPrincipal, tenantId: string, scope: string, version: number, input: PublishInput) {
      await checkScopeWrite(principal, tenantId, scope, context.teamOf(tenantId));
      return publishVersion(principal, tenantOwner(tenantId), scope, version, input);
    },

    /** Publishes a draft of the org document through every tenant's gate. */
    async publishOrg(principal: OperatorPrincipal, version: number, input: PublishInput) {
      checkPermission(principal, 'org-policy:write');
      return publishVersion(principal, ORG_OWNER, 'org', version, input);
    },

    /** Publishes an earlier version's content as a new version, through the same gate. */
    async rollback(principal: OperatorPrincipal, tenantId: string, scope: string, input: RollbackInput) {
      await checkScopeWrite(principal, tenantId, scope, context.teamOf(tenantId));
      const owner = tenantOwner(tenantId);
      const earlier = await context.requireVersion(owner, scope, input.toVersion);
      const head = await store.getHead(owner, scope);
      if (head?.activeVersion === input.toVersion)
        throw new ConflictError(`${scope} version ${input.toVersion} is already active`, 'already_active');
      const draft: Omit<PolicyVersion, 'version'> = {
        scope,
        status: 'draft',
        document: earlier.document,
        contentHash: earlier.contentHash,
        author: principal.sub,
        createdAt: isoAt(clock.nowMs()),
        reason: input.reason,
        rolledBackFrom: input.toVersion,
      };
      const version = await append(principal, owner, draft, { rolledBackFrom: input.toVersion });
      return publishVersion(principal, owner, scope, version, {
        reason: input.reason,
        deprecateAfterDays: 7,
        rolledBackFrom: input.toVersion,
      });
    },
  };
}
