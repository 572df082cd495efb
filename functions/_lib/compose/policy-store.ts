/**
 * The policy store alone (versions, contents, test libraries), without the compiler or the
 * lifecycle: what functions that only read versions import, so they do not load the policy
 * language (docs/decisions/cold-starts.md).
 */
import { createDynamoDbPolicyStore } from '../../../shared/adapters/dynamodb/dynamodb-policy-store';
import { tableClients, tables } from './dynamodb';
import { once } from './once';

/** Policy versions, contents and test libraries. */
export const policyStore = once(() => createDynamoDbPolicyStore(tableClients(), tables()));
