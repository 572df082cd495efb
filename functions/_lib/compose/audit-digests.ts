/**
 * The audit digests: their store (control table) and the audit records they are made of, the
 * monthly signing keys derived from the signing secret (the bundle secret, under labels of their
 * own: shared/audit/digest-keys.ts) and the routes' use cases. The sealing job, with the S3 client
 * of its copies, composes in audit-digest-sealing.ts, so the routes' bundle holds no S3 client.
 */
import { createDynamoDbDigestStore } from '../../../shared/adapters/dynamodb/dynamodb-digest-store';
import { createAuditDigests } from '../../../shared/audit/audit-digests';
import { createDigestKeyRing } from '../../../shared/audit/digest-keys';
import { signingSecret } from './signing-secret';
import { decisionStore } from './audit';
import { cursors } from './cursors';
import { tableClients, tables } from './dynamodb';
import { clock } from './kernel';
import { once, onceAsync } from './once';
import { tenantStates } from './tenancy-store';

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
