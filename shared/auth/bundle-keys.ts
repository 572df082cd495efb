/**
 * The keys that sign policy bundles: Ed25519, derived from a secret seed (on AWS a Secrets Manager
 * secret the CDK app generates; locally the dev credentials), so no key file is ever shipped. The
 * public key is published as a JWKS; `kid` is its thumbprint. Bundles are compact JWS (EdDSA).
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { CompactSign, calculateJwkThumbprint, compactVerify, createLocalJWKSet, exportJWK, type JSONWebKeySet } from 'jose';

/** The DER prefix of a PKCS #8 Ed25519 private key, before its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The media type of a signed bundle. */
export const BUNDLE_MEDIA_TYPE = 'application/jose';

/** A signer for bundles, from a secret of at least 32 characters. */
export async function createBundleSigner(secret: string) {
  if (secret.length < 32) throw new Error('The bundle signing secret is missing or shorter than 32 characters');
  const seed = createHash('sha256').update(`warden-bundle-key\n${secret}`).digest();
  const privateKey: KeyObject = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicJwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(publicJwk);
  const jwks: JSONWebKeySet = { keys: [{ ...publicJwk, kid, alg: 'EdDSA', use: 'sig' }] };
  return {
    kid,
    /** The public keys that verify bundles. */
    jwks,
    /** The compact JWS of `payload` (JSON). */
    sign: (payload: unknown): Promise<string> =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'warden-bundle+jws' })
        .sign(privateKey),
  };
}
export type BundleSigner = Awaited<ReturnType<typeof createBundleSigner>>;

/**
 * The payload of a bundle whose signature one of `jwks`'s keys verifies; throws for anything else
 * (a changed byte, another key, another algorithm or type).
 */
export async function verifyBundleJws(jws: string, jwks: JSONWebKeySet): Promise<unknown> {
  const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
  if (protectedHeader.typ !== 'warden-bundle+jws') throw new Error('Not a Warden bundle');
  return JSON.parse(new TextDecoder().decode(payload)) as unknown;
}
