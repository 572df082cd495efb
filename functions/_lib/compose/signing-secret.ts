/**
 * The signing secret the bundle and audit digest keys derive from: in the environment locally (the
 * dev credentials), read from Secrets Manager where the configuration names an ARN (AWS), cached
 * for an hour. Only the functions that sign may read it (the CDK app grants them).
 */
import { config } from '../config';

export async function signingSecret(): Promise<string> {
  const secret = config().bundleSecret;
  if (!secret) throw new Error('Set WARDEN_BUNDLE_SECRET or WARDEN_BUNDLE_SECRET_ARN for a function that signs bundles or audit digests');
  if ('value' in secret) return secret.value;
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const value = await getSecret<string>(secret.arn, { maxAge: 3600 });
  if (typeof value !== 'string') throw new Error('The signing secret is missing');
  return value;
}
