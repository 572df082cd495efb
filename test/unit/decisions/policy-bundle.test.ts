import { describe, expect, it } from 'vitest';
import { createBundleSigner, verifyBundleJws } from '../../../shared/auth/bundle-keys';
import {
  BUNDLE_LIFETIME_SECONDS,
  type BundleContent,
  bundleEtag,
  compileBundle,
  decideWithBundle,
  issuedTo,
  issueBundle as issueWithEtag,
  PolicyBundleSchema,
} from '../../../shared/decisions/policy-bundle';
import { localDecisionId, timelinessOf } from '../../../shared/decisions/decision-logs';

const signer = await createBundleSigner('t'.repeat(40));
/** A bundle issued with the ETag Warden gives its content. */
const issueBundle = (content: BundleContent, nowMs: number) => issueWithEtag(content, nowMs, bundleEtag(content, signer.tag));

const NOW = Date.parse('2026-12-07T12:00:00Z');
const content: BundleContent = {
  format: 1,
  tenantId: 'acme',
  agent: { id: 'agt_01ARZ3NDEKTSV4RRFFQ69G5FAV', name: 'triage', team: 'support', role: 'bot', environment: 'prod', labels: {} },
  policyEpoch: 3,
  documents: [
    {
      scope: 'tenant',
      version: 2,
      document: {
        defaults: { prod: 'deny' },
        rules: [
          { id: 'read', effect: 'allow', actions: ['tickets:read'], tools: ['*'], resources: ['**'], risk: 'low', locked: false },
          { id: 'refund', effect: 'require_approval', actions: ['refund'], tools: ['*'], resources: ['**'], risk: 'high', locked: false },
        ],
      },
    },
  ],
  warnings: [],
  grants: [],
  quotaLimited: false,
};

describe('policy bundles', () => {
  it('are named by their content, not by when they were issued', () => {
    const first = issueBundle(content, NOW);
    const later = issueBundle(content, NOW + 60_000);
    expect(later.etag).toBe(first.etag);
    expect(later.issuedAt).not.toBe(first.issuedAt);
    expect(first.notAfter).toBe(new Date(NOW + BUNDLE_LIFETIME_SECONDS * 1000).toISOString());
    expect(bundleEtag({ ...content, policyEpoch: 4 }, signer.tag)).not.toBe(first.etag);
    expect(
      bundleEtag({ ...content, grants: [{ id: 'grt_1', action: 'refund', expiresAt: '2026-12-07T13:00:00Z' } as never] }, signer.tag),
    ).not.toBe(first.etag);
  });

  it("carry Warden's tag in their ETag: only the agent they were issued to can name them, and nobody can make one up", async () => {
    const { etag } = issueBundle(content, NOW);
    expect(issuedTo(etag, 'acme', content.agent.id, signer.tag)).toBe(true);
    expect(issuedTo(etag, 'acme', 'agt_01ARZ3NDEKTSV4RRFFQ69G5FAW', signer.tag)).toBe(false);
    expect(issuedTo(etag, 'globex', content.agent.id, signer.tag)).toBe(false);
    const other = await createBundleSigner('o'.repeat(40));
    expect(issuedTo(bundleEtag(content, other.tag), 'acme', content.agent.id, signer.tag)).toBe(false);
    const [hash] = etag.slice(4, -1).split('.');
    expect(issuedTo(`"b1-${hash}.${'A'.repeat(22)}"`, 'acme', content.agent.id, signer.tag)).toBe(false);
    expect(issuedTo('"b1-short.tag"', 'acme', content.agent.id, signer.tag)).toBe(false);
  });

  it('decide as the engine does, and not at all once past their validity', () => {
    const compiled = compileBundle(issueBundle(content, NOW));
    expect(decideWithBundle(compiled, { action: 'tickets:read' }, NOW + 1000)).toMatchObject({
      effect: 'allow',
      rule: { id: 'read', scope: 'tenant', version: 2 },
    });
    expect(decideWithBundle(compiled, { action: 'wipe' }, NOW + 1000)).toMatchObject({ effect: 'deny' });
    expect(decideWithBundle(compiled, { action: 'tickets:read' }, NOW + BUNDLE_LIFETIME_SECONDS * 1000)).toBeUndefined();
  });

  it('apply the quarantine after the policy, and a grant that covers the request', () => {
    const quarantined = compileBundle(issueBundle({ ...content, quarantine: { until: '2026-12-07T13:00:00Z' } as never }, NOW));
    expect(decideWithBundle(quarantined, { action: 'tickets:read' }, NOW)).toMatchObject({
      effect: 'require_approval',
      rule: { id: 'quarantine' },
    });
    const grants = [{ id: 'grt_1', action: 'refund', expiresAt: '2026-12-07T13:00:00Z' }];
    const granted = compileBundle(issueBundle({ ...content, grants }, NOW));
    expect(decideWithBundle(granted, { action: 'refund' }, NOW)).toMatchObject({ effect: 'allow', grantId: 'grt_1' });
  });

  it('carry the pin warnings into every decision, first, as /v1/authorize does', () => {
    const warning = { code: 'deprecated_version', message: 'pinned', scope: 'tenant', version: 1 } as const;
    const decision = decideWithBundle(
      compileBundle(issueBundle({ ...content, warnings: [warning] }, NOW)),
      { action: 'tickets:read' },
      NOW,
    );
    expect(decision?.warnings[0]).toEqual(warning);
  });
});

describe('bundle signatures', () => {
  it('verify with the published keys, and refuse a changed byte, another key or another type', async () => {
    const bundle = issueBundle(content, NOW);
    const jws = await signer.sign(bundle);
    expect(PolicyBundleSchema.parse(await verifyBundleJws(jws, signer.jwks))).toMatchObject({ etag: bundle.etag });
    expect(signer.jwks.keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: signer.kid })]);
    expect(JSON.stringify(signer.jwks)).not.toContain('"d"');

    const [header, payload, signature] = jws.split('.');
    const changed = Buffer.from(JSON.stringify({ ...bundle, grants: [{ id: 'forged' }] })).toString('base64url');
    await expect(verifyBundleJws(`${header}.${changed}.${signature}`, signer.jwks)).rejects.toThrow();
    const other = await createBundleSigner('b'.repeat(40));
    await expect(verifyBundleJws(await other.sign(bundle), signer.jwks)).rejects.toThrow();
    expect(payload).toBeDefined();
  });

  it('derive the same key from the same secret, so every function instance signs alike', async () => {
    expect((await createBundleSigner('s'.repeat(64))).kid).toBe((await createBundleSigner('s'.repeat(64))).kid);
    await expect(createBundleSigner('short')).rejects.toThrow('shorter than 32');
  });
});

describe('decision logs', () => {
  it('give a shipped decision the same audit id at every delivery, another when what was decided changes, in time order', () => {
    const decided = {
      localId: 'local-0001',
      at: '2026-12-07T12:00:00.000Z',
      effect: 'deny' as const,
      bundleEtag: '"b1-x"',
      request: { action: 'tickets:delete', resource: 'tickets/1' },
    };
    const id = localDecisionId('acme', 'agt_1', decided);
    expect(localDecisionId('acme', 'agt_1', { ...decided })).toBe(id);
    expect(id).toMatch(/^dec_[0-9A-HJKMNP-TV-Z]{26}$/);
    for (const changed of [
      { localId: 'local-0002' },
      { effect: 'allow' as const },
      { request: { action: 'tickets:read', resource: 'tickets/1' } },
      { request: { action: 'tickets:delete', resource: 'tickets/2' } },
      { rule: { id: 'r1' } },
      { grantId: 'grt_1' },
    ])
      expect(localDecisionId('acme', 'agt_1', { ...decided, ...changed })).not.toBe(id);
    expect(localDecisionId('acme', 'agt_2', decided)).not.toBe(id);
    expect(localDecisionId('acme', 'agt_1', { ...decided, at: '2026-12-07T12:00:01.000Z' }) > id).toBe(true);
  });

  it('take decisions up to an hour old (before their hour is sealed) and up to a minute ahead of the clock', () => {
    expect(timelinessOf('2026-12-07T12:00:00Z', NOW)).toBeUndefined();
    expect(timelinessOf('2026-12-07T11:00:01Z', NOW)).toBeUndefined();
    expect(timelinessOf('2026-12-07T10:59:59Z', NOW)).toBe('too_late');
    expect(timelinessOf('2026-12-07T12:01:00Z', NOW)).toBeUndefined();
    expect(timelinessOf('2026-12-07T12:01:01Z', NOW)).toBe('in_the_future');
  });
});
