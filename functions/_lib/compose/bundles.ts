/**
 * The policy bundles' signer. Its secret is read from Secrets Manager only where the configuration
 * names an ARN (AWS); locally it comes in the environment from the dev credentials.
 */
import { type BundleSigner, createBundleSigner } from '../../../shared/auth/bundle-keys';
import { signingSecret } from './signing-secret';
import { onceAsync } from './once';

/** The signer of policy bundles, with the public keys it publishes. */
export const bundleSigner = onceAsync(async (): Promise<BundleSigner> => createBundleSigner(await signingSecret()));
