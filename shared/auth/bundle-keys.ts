/**
 * The keys that sign policy bundles: Ed25519, derived from a secret seed (on AWS a Secrets Manager
 * secret the CDK app generates; locally the dev credentials), so no key file is ever shipped. The
 * public key is published as a JWKS; `kid` is its thumbprint. Bundles are compact JWS (EdDSA).
 */
import { createHash, createHmac, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { CompactSign, calculateJwkThumbprint, compactVerify, createLocalJWKSet, exportJWK, type JSONWebKeySet } from 'jose';

/** The DER prefix of a PKCS #8 Ed25519 private key, before its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The media type of a signed bundle. */
export const BUNDLE_MEDIA_TYPE = 'application/jose';

/** A signer for bundles, from a secret of at least 32 characters. */
export async function createBundleSigner(secret: string) {
  const key = await deriveEd25519Key(secret, 'bundle');
  const tagKey = createHash('sha256').update(`warden-bundle-tag\n${secret}`).digest();
  return {
    kid: key.kid,
    /** The public keys that verify bundles. */
    jwks: { keys: [key.publicJwk] } as JSONWebKeySet,
    /**
     * A short keyed tag (HMAC-SHA256, 22 characters) over `data`: only the holder of the secret makes
     * one, so a tag in a bundle's ETag proves Warden issued that bundle without keeping a list of them.
     */
    tag: (data: string): string => createHmac('sha256', tagKey).update(data).digest('base64url').slice(0, 22),
    /** The compact JWS of `payload` (JSON). */
    sign: (payload: unknown): Promise<string> => signJws(payload, key, BUNDLE_JWS_TYPE),
  };
}
export type BundleSigner = Awaited<ReturnType<typeof createBundleSigner>>;

/** The JOSE type of a signed bundle. */
const BUNDLE_JWS_TYPE = 'warden-bundle+jws';

/**
 * The payload of a bundle whose signature one of `jwks`'s keys verifies; throws for anything else
 * (a changed byte, another key, another algorithm or type).
 */
export async function verifyBundleJws(jws: string, jwks: JSONWebKeySet): Promise<unknown> {
  return (await verifyJws(jws, jwks, BUNDLE_JWS_TYPE)).payload;
}

/**
 * An Ed25519 key derived from a secret for one purpose: the purpose's label separates the keys
 * (`bundle` gives the bundle signer's key above; `digest/2026-12` a month's audit digest key), so
 * one secret seeds several keys of which none reveals another.
 */
export async function deriveEd25519Key(secret: string, label: string) {
  if (secret.length < 32) throw new Error('The signing secret is missing or shorter than 32 characters');
  const seed = createHash('sha256').update(`warden-${label}-key\n${secret}`).digest();
  const privateKey: KeyObject = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicJwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' } };
}
export type DerivedEd25519Key = Awaited<ReturnType<typeof deriveEd25519Key>>;

/** The compact JWS (EdDSA) of `payload` (JSON) under `key`, of JOSE type `typ`. */
export const signJws = (payload: unknown, key: DerivedEd25519Key, typ: string): Promise<string> =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ })
    .sign(key.privateKey);

/**
 * The payload and key id of a JWS of type `typ` that one of `jwks`'s keys verifies; throws for
 * anything else (a changed byte, an unknown key, another algorithm or type).
 */
export async function verifyJws(jws: string, jwks: JSONWebKeySet, typ: string): Promise<{ payload: unknown; kid: string | undefined }> {
  const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
  if (protectedHeader.typ !== typ) throw new Error(`Not a ${typ}`);
  return { payload: JSON.parse(new TextDecoder().decode(payload)) as unknown, kid: protectedHeader.kid };
}
