/**
 * The policy store alone (versions, contents, test libraries), without the compiler or the
 * lifecycle: what functions that only read versions import, so they do not load the policy
 * language (docs/decisions/cold-starts.md).
 */
import { createDynamoDbPolicyStore } from '../../../shared/adapters/dynamodb/dynamodb-policy-store';
import { createPinCheck } from '../../../shared/policy-lifecycle/pin-check';
import { tableClients, tables } from './dynamodb';
import { clock } from './kernel';
import { once } from './once';

/** Policy versions, contents and test libraries. */
export const policyStore = once(() => createDynamoDbPolicyStore(tableClients(), tables()));

/** The check of an agent's pins against the stored versions (the agent routes that save pins). */
export const pinCheck = once(() => createPinCheck({ store: policyStore(), clock: clock() }));
