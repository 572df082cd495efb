/**
 * Secrets the local runtime makes at first start and keeps under the data directory: the ES256
 * key pair that signs and verifies local operator JWTs (`npm run token`), the secret that signs
 * pagination cursors, and the one the policy bundles' signing key is derived from. On AWS none
 * exists: an OIDC issuer signs tokens and the two secrets live in Secrets Manager.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { z } from 'zod';

/** Issuer and audience of local operator tokens (the CDK app takes the real ones from context). */
export const LOCAL_TOKEN_SETTINGS = { issuer: 'https://warden.local/dev', audience: 'warden' } as const;

const DevCredentialsSchema = z.object({
  privateJwk: z.record(z.string(), z.unknown()),
  publicJwk: z.record(z.string(), z.unknown()),
  cursorSecret: z.string().min(32),
  /** Absent from data directories made before bundles existed: added on the next start. */
  bundleSecret: z.string().min(32).optional(),
});
export type DevCredentials = { privateJwk: JWK; publicJwk: JWK; cursorSecret: string; bundleSecret: string };

/** Loads the data directory's dev credentials, creating them on first use (file mode 0600). */
export async function loadOrCreateDevCredentials(dataDir: string): Promise<DevCredentials> {
  const file = join(dataDir, 'dev-credentials.json');
  if (existsSync(file)) {
    const stored = DevCredentialsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    if (stored.bundleSecret !== undefined) return stored as DevCredentials;
    const completed = { ...stored, bundleSecret: randomBytes(32).toString('base64url') } as DevCredentials;
    writeFileSync(file, JSON.stringify(completed, null, 2), { mode: 0o600 });
    return completed;
  }
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `warden-local-${randomBytes(4).toString('hex')}`;
  const credentials: DevCredentials = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' },
    cursorSecret: randomBytes(32).toString('base64url'),
    bundleSecret: randomBytes(32).toString('base64url'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}
