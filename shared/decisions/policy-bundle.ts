/**
 * Policy bundles (issue: local engines): everything one agent's decisions need — the active
 * documents of its org, tenant, team, role and agent scopes (pins applied), its live grants and its
 * quarantine — so an evaluator beside the agent decides as `POST /v1/authorize` does, with the same
 * engine. A bundle is signed (shared/auth/bundle-keys.ts), named by the hash of its content (the
 * ETag, so a conditional GET answers 304 while nothing changed) and valid until `notAfter`, after
 * which an evaluator must ask the central API again.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { type Decision, decide, type DecisionAgent, type DecisionWarning, type Grant } from '../policy/decide';
import { type CompiledScope, compileScope } from '../policy/compile';
import type { PolicyDocument } from '../policy/document';
import { canonicalJson } from '../policy-lifecycle/policy-diff';
import type { Quarantine } from '../tenancy/agent';
import type { AuthorizeRequest } from './decision-record';
import { underQuarantine } from './quarantine';

/** The format of a bundle's content; an evaluator refuses one it does not know. */
export const BUNDLE_FORMAT = 1;

/** How long a bundle may be used after it is issued (an evaluator refreshes well before). */
export const BUNDLE_LIFETIME_SECONDS = 300;

/** What a bundle holds, apart from its issue time and expiry. */
export interface BundleContent {
  readonly format: typeof BUNDLE_FORMAT;
  readonly tenantId: string;
  readonly agent: DecisionAgent;
  /** The tenant's policy epoch with the org's, as `/v1/authorize` answers it. */
  readonly policyEpoch: number;
  /** The documents governing the agent, org first, as the decision path assembles them. */
  readonly documents: readonly { readonly scope: string; readonly version: number; readonly document: PolicyDocument }[];
  /** Pins to deprecated versions and pins ignored, as every decision of the agent carries them. */
  readonly warnings: readonly DecisionWarning[];
  readonly grants: readonly Grant[];
  readonly quarantine?: Quarantine;
}

/** A bundle as signed: its content, its ETag, when it was issued and until when it may be used. */
export interface PolicyBundle extends BundleContent {
  readonly etag: string;
  readonly issuedAt: string;
  readonly notAfter: string;
}

/** The ETag of a bundle's content: equal content, equal tag, whenever it was issued. */
export const bundleEtag = (content: BundleContent): string =>
  `"b1-${createHash('sha256').update(canonicalJson(content)).digest('base64url').slice(0, 32)}"`;

/** The bundle for `content` issued at `nowMs`. */
export function issueBundle(content: BundleContent, nowMs: number): PolicyBundle {
  return {
    ...content,
    etag: bundleEtag(content),
    issuedAt: new Date(nowMs).toISOString(),
    notAfter: new Date(nowMs + BUNDLE_LIFETIME_SECONDS * 1000).toISOString(),
  };
}

/** The shape an evaluator checks a verified bundle's payload against before using it. */
export const PolicyBundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    tenantId: z.string().min(1),
    agent: z.object({
      id: z.string(),
      name: z.string(),
      team: z.string(),
      role: z.string(),
      environment: z.string(),
      labels: z.record(z.string(), z.string()),
    }),
    policyEpoch: z.number(),
    documents: z.array(z.object({ scope: z.string(), version: z.number(), document: z.unknown() })),
    warnings: z.array(z.unknown()),
    grants: z.array(z.unknown()),
    quarantine: z.unknown().optional(),
    etag: z.string(),
    issuedAt: z.iso.datetime(),
    notAfter: z.iso.datetime(),
  })
  .loose();

/** A bundle with its documents compiled once, for many decisions, and until when it may decide. */
export interface CompiledBundle {
  readonly bundle: PolicyBundle;
  readonly scopes: readonly CompiledScope[];
  /** The bundle's `notAfter`, or later once the server confirmed (304) that it is still current. */
  readonly validUntilMs: number;
}

/** Compiles a bundle's documents (in their order, org first). */
export const compileBundle = (bundle: PolicyBundle): CompiledBundle => ({
  bundle,
  scopes: bundle.documents.map(({ scope, version, document }) => compileScope(scope, version, document)),
  validUntilMs: Date.parse(bundle.notAfter),
});

/**
 * Decides `request` under a bundle, as the decision path does: the engine over the bundle's
 * documents with its grants, then the agent's quarantine; the agent's pin warnings are added as
 * `/v1/authorize` adds them. Undefined once the bundle is past its validity: a stale bundle never
 * decides.
 */
export function decideWithBundle(
  { bundle, scopes, validUntilMs }: CompiledBundle,
  request: AuthorizeRequest,
  nowMs: number,
): Decision | undefined {
  if (nowMs >= validUntilMs) return undefined;
  const decision = decide({ scopes, agent: bundle.agent, request, nowMs, grants: bundle.grants });
  const decided = underQuarantine(decision, { quarantine: bundle.quarantine, request, grants: bundle.grants, nowMs });
  return bundle.warnings.length > 0 ? { ...decided, warnings: [...bundle.warnings, ...decided.warnings] } : decided;
}
