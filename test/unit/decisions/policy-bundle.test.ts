import { describe, expect, it } from 'vitest';
import { createBundleSigner, verifyBundleJws } from '../../../shared/auth/bundle-keys';
import {
  BUNDLE_LIFETIME_SECONDS,
  type BundleContent,
  bundleEtag,
  compileBundle,
  decideWithBundle,
  issueBundle,
  PolicyBundleSchema,
} from '../../../shared/decisions/policy-bundle';

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
};

describe('policy bundles', () => {
  it('are named by their content, not by when they were issued', () => {
    const first = issueBundle(content, NOW);
    const later = issueBundle(content, NOW + 60_000);
    expect(later.etag).toBe(first.etag);
    expect(later.issuedAt).not.toBe(first.issuedAt);
    expect(first.notAfter).toBe(new Date(NOW + BUNDLE_LIFETIME_SECONDS * 1000).toISOString());
    expect(bundleEtag({ ...content, policyEpoch: 4 })).not.toBe(first.etag);
    expect(bundleEtag({ ...content, grants: [{ id: 'grt_1', action: 'refund', expiresAt: '2026-12-07T13:00:00Z' } as never] })).not.toBe(
      first.etag,
    );
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
    const signer = await createBundleSigner('a'.repeat(40));
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
