/**
 * The OCSF export of the audit log: the decision store's records, rendered by shared/audit/ocsf.ts,
 * inline or through the exports bucket. Apart from compose/audit.ts, which the decision path and
 * the policy functions import for the decision store: they must not bundle the S3 client.
 */
import { createOcsfExport } from '../../../shared/audit/ocsf';
import { config } from '../config';
import { decisionStore } from './audit';
import { exportsBucket } from './exports-bucket';
import { clock, ids } from './kernel';
import { onceAsync } from './once';
import { tenantStates } from './tenancy-store';

/** How long a large export's download link works. */
const DOWNLOAD_SECONDS = 900;

/** What the OCSF export route uses. */
export const auditExportServices = onceAsync(async () => {
  const settings = config();
  return {
    tenantStates: tenantStates(),
    auditExport: createOcsfExport({
      store: decisionStore(),
      objects: exportsBucket(settings.exportsBucket),
      clock: clock(),
      ids: ids(),
      inlineLimitBytes: settings.exportInlineBytes,
      downloadSeconds: DOWNLOAD_SECONDS,
    }),
  };
});
