/**
 * Leaf capture, the audit stream's consumer that keeps each new record's digest leaf
 * (shared/audit/leaf-capture.ts): the digest store's capture items, nothing else.
 */
import { capturedRecordOf, createDynamoDbDigestStore } from '../../../shared/adapters/dynamodb/dynamodb-digest-store';
import { createLeafCapture } from '../../../shared/audit/leaf-capture';
import { tableClients, tables } from './dynamodb';
import { once } from './once';

/** Reads a new audit item of the stream as a record to capture. */
export { capturedRecordOf };

/** Keeps the leaves of new audit records. */
export const leafCapture = once(() => createLeafCapture({ store: createDynamoDbDigestStore(tableClients(), tables()) }));
