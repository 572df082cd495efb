/**
 * The audit table's decision store (decisions and change records) and the audit log's reader.
 */
import { createDynamoDbDecisionStore } from '../../../shared/adapters/dynamodb/dynamodb-decision-store';
import { createAuditLog } from '../../../shared/decisions/audit-log';
import { tableClients, tables } from './dynamodb';
import { clock } from './kernel';
import { cursors } from './cursors';
import { once, onceAsync } from './once';
import { tenantStates } from './tenancy-store';

/** Decisions and change records. */
export const decisionStore = once(() => createDynamoDbDecisionStore(tableClients(), tables()));

/** What the audit route uses. */
export const auditServices = onceAsync(async () => ({
  tenantStates: tenantStates(),
  auditLog: createAuditLog({ store: decisionStore(), cursors: await cursors(), clock: clock() }),
}));
