/**
 * Policy bundles (issue: local engines): everything one agent's decisions need — the active
 * documents of its org, tenant, team, role and agent scopes (pins applied), its live grants and its
 * quarantine — so an evaluator beside the agent decides as `POST /v1/authorize` does, with the same
 * engine. A bundle is signed (shared/auth/bundle-keys.ts), named by the hash of its content (the
 * ETag, so a conditional GET answers 304 while nothing changed) and valid until `notAfter`, after
 * which an evaluator must ask the central API again.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { type Decision, decide, type DecisionAgent, type DecisionWarning, type Grant } from '../policy/decide';
import { type CompiledScope, compileScope } from '../policy/compile';
import type { PolicyDocument } from '../policy/document';
import { canonicalJson } from '../kernel/canonical-json';
import type { Quarantine } from '../tenancy/agent';
import type { AuthorizeRequest } from './decision-record';
import { underQuarantine } from './quarantine';

/** The format of a bundle's content; an evaluator refuses one it does not know. */
export const BUNDLE_FORMAT = 1;

/** How long a bundle may be used after it is issued (an evaluator refreshes well before). */
export const BUNDLE_LIFETIME_SECONDS = 300;

/** What a bundle holds, apart from its issue time, expiry and quota lease. */
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
  /** Whether a quota is in force for the agent: then each local decision spends a unit of a lease. */
  readonly quotaLimited: boolean;
}

/**
 * Units of the agent's quotas spent ahead for a local evaluator: it decides at most `units` times
 * with them, before `expiresAt` (the end of the shortest quota period they were taken from).
 * Unused units are not given back: the error is on the safe side, as with the service's own leases.
 */
export interface QuotaLease {
  readonly units: number;
  readonly expiresAt: string;
}

/** A bundle as signed: its content, its ETag, when it was issued, until when it may be used, and a lease if one was asked for. */
export interface PolicyBundle extends BundleContent {
  readonly etag: string;
  readonly issuedAt: string;
  readonly notAfter: string;
  readonly lease?: QuotaLease;
}

/** A keyed tag over a string (the bundle signer's `tag`): only Warden can make one. */
export type BundleTagger = (data: string) => string;

const contentHash = (content: BundleContent) => createHash('sha256').update(canonicalJson(content)).digest('base64url').slice(0, 32);
const tagInput = (tenantId: string, agentId: string, hash: string) => `${tenantId}\n${agentId}\n${hash}`;
const ETAG_PATTERN = /^"b1-([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{22})"$/;

/**
 * The ETag of a bundle's content: the hash of the content (equal content, equal tag, whenever it
 * was issued) and Warden's keyed tag over it, the tenant and the agent — so a decision log naming
 * the ETag proves the bundle was issued to that agent without Warden keeping a list of bundles.
 */
export function bundleEtag(content: BundleContent, tag: BundleTagger): string {
  const hash = contentHash(content);
  return `"b1-${hash}.${tag(tagInput(content.tenantId, content.agent.id, hash))}"`;
}

/** Whether `etag` is one Warden issued to this agent of this tenant (any version of its bundle). */
export function issuedTo(etag: string, tenantId: string, agentId: string, tag: BundleTagger): boolean {
  const match = ETAG_PATTERN.exec(etag);
  if (!match) return false;
  const expected = Buffer.from(tag(tagInput(tenantId, agentId, match[1]!)));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The bundle for `content` issued at `nowMs`, under `etag`, with a quota lease when one was taken. */
export function issueBundle(content: BundleContent, nowMs: number, etag: string, lease?: QuotaLease): PolicyBundle {
  return {
    ...content,
    etag,
    issuedAt: new Date(nowMs).toISOString(),
    notAfter: new Date(nowMs + BUNDLE_LIFETIME_SECONDS * 1000).toISOString(),
    ...(lease ? { lease } : {}),
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
    quotaLimited: z.boolean(),
    lease: z.object({ units: z.number().int().nonnegative(), expiresAt: z.iso.datetime() }).optional(),
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
