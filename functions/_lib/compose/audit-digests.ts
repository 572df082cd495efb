/**
 * The audit digests: their store (control table) and the audit records they are made of, the
 * monthly signing keys derived from the signing secret (the bundle secret, under labels of their
 * own: shared/audit/digest-keys.ts) and the routes' use cases. The sealing job, with the S3 client
 * of its copies, composes in audit-digest-sealing.ts, so the routes' bundle holds no S3 client.
 */
import { createDynamoDbDigestStore } from '../../../shared/adapters/dynamodb/dynamodb-digest-store';
import { createAuditDigests } from '../../../shared/audit/audit-digests';
import { createDigestKeyRing } from '../../../shared/audit/digest-keys';
import { config } from '../config';
import { decisionStore } from './audit';
import { cursors } from './cursors';
import { tableClients, tables } from './dynamodb';
import { clock } from './kernel';
import { once, onceAsync } from './once';
import { tenantStates } from './tenancy-store';

/** The signing secret: from the environment locally, from Secrets Manager on AWS. */
async function signingSecret(): Promise<string> {
  const secret = config().bundleSecret;
  if (!secret) throw new Error('Set WARDEN_BUNDLE_SECRET or WARDEN_BUNDLE_SECRET_ARN for a function that signs audit digests');
  if ('value' in secret) return secret.value;
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const value = await getSecret<string>(secret.arn, { maxAge: 3600 });
  if (typeof value !== 'string') throw new Error('The signing secret is missing');
  return value;
}

/** The digests and the audit records they are made of. */
export const digestStore = once(() => createDynamoDbDigestStore(tableClients(), tables()));
/** The monthly digest keys. */
export const keyRing = onceAsync(async () => createDigestKeyRing(await signingSecret()));

/** What the digest routes use. */
export const auditDigestServices = onceAsync(async () => ({
  tenantStates: tenantStates(),
  digests: createAuditDigests({
    store: digestStore(),
    audit: decisionStore(),
    keys: await keyRing(),
    cursors: await cursors(),
    clock: clock(),
  }),
}));
