/**
 * The policy bundles' signer. Its secret is read from Secrets Manager only where the configuration
 * names an ARN (AWS); locally it comes in the environment from the dev credentials.
 */
import { type BundleSigner, createBundleSigner } from '../../../shared/auth/bundle-keys';
import { config } from '../config';
import { onceAsync } from './once';

async function bundleSecret(): Promise<string> {
  const secret = config().bundleSecret;
  if (!secret) throw new Error('Set WARDEN_BUNDLE_SECRET or WARDEN_BUNDLE_SECRET_ARN for a function that signs bundles');
  if ('value' in secret) return secret.value;
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const value = await getSecret<string>(secret.arn, { maxAge: 3600 });
  if (typeof value !== 'string') throw new Error('The bundle signing secret is missing');
  return value;
}

/** The signer of policy bundles, with the public keys it publishes. */
export const bundleSigner = onceAsync(async (): Promise<BundleSigner> => createBundleSigner(await bundleSecret()));
