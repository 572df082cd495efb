/**
 * Remediation: playbooks for the routes, and runs for the routes, the trigger consumer and the run
 * state machine's steps. Steps act through the agent registry, the approvals' grants and the
 * incidents, as operators do. The Step Functions client is loaded on the first call that starts,
 * answers or stops a run.
 */
import { createDynamoDbRemediationStore } from '../../../shared/adapters/dynamodb/dynamodb-remediation-store';
import { CLIENT_TIMEOUTS } from '../../../shared/adapters/client-timeouts';
import { createIncidents } from '../../../shared/monitoring/incidents';
import { createPlaybooks } from '../../../shared/remediation/playbooks';
import type { RemediationWorkflow } from '../../../shared/remediation/remediation-ports';
import { createRemediations } from '../../../shared/remediation/remediations';
import { createAgentRegistry } from '../../../shared/tenancy/agent-registry';
import { config } from '../config';
import { approvals } from './approvals';
import { tableClients, tables } from './dynamodb';
import { clock, ids } from './kernel';
import { cursors } from './cursors';
import { monitoringStore } from './monitoring-store';
import { once, onceAsync } from './once';
import { tenancyStore, tenantStates } from './tenancy-store';

const remediationStore = once(() => createDynamoDbRemediationStore(tableClients(), tables()));

/** The run workflow, its client and adapter loaded on first use; a function without the machine's ARN may not use it. */
function remediationWorkflow(stateMachineArn: string | undefined): RemediationWorkflow {
  if (!stateMachineArn) {
    const missing = async (): Promise<never> => {
      throw new Error('WARDEN_STATE_MACHINE_REMEDIATION is not set for this function (see its `workflows` in the manifest)');
    };
    return { start: missing, complete: missing, stop: missing };
  }
  const workflow = onceAsync(async () => {
    const [{ createSfnClient }, { createSfnRemediationWorkflow }] = await Promise.all([
      import('../../../shared/adapters/sfn/sfn-client'),
      import('../../../shared/adapters/sfn/sfn-remediation-workflow'),
    ]);
    return createSfnRemediationWorkflow(createSfnClient({ ...CLIENT_TIMEOUTS }), stateMachineArn);
  });
  return {
    start: async (input) => (await workflow()).start(input),
    complete: async (taskToken) => (await workflow()).complete(taskToken),
    stop: async (runId, cause) => (await workflow()).stop(runId, cause),
  };
}

/** What the playbook routes use. */
export const playbookServices = onceAsync(async () => ({
  tenantStates: tenantStates(),
  playbooks: createPlaybooks({ store: remediationStore(), clock: clock(), ids: ids() }),
}));

/** The runs' use cases. */
export const remediations = onceAsync(async () => {
  const deps = { store: tenancyStore(), clock: clock(), ids: ids(), cursors: await cursors() };
  const registry = createAgentRegistry(deps);
  const incidents = createIncidents({ store: monitoringStore(), clock: clock(), ids: ids(), cursors: deps.cursors });
  const grants = await approvals();
  return createRemediations({
    store: remediationStore(),
    workflow: remediationWorkflow(config().remediationStateMachineArn),
    actions: {
      agents: {
        get: (tenantId, agentId) => deps.store.getAgent(tenantId, agentId),
        changeLifecycleAs: registry.changeLifecycleAs,
        quarantine: registry.quarantine,
        liftQuarantineAs: registry.liftQuarantineAs,
        expireKeysAs: registry.expireKeysAs,
      },
      grants: { revokeGrantsOf: grants.revokeGrantsOf },
      incidents,
    },
    clock: clock(),
    ids: ids(),
    cursors: deps.cursors,
  });
});

/** What the remediation routes use. */
export const remediationServices = onceAsync(async () => ({ tenantStates: tenantStates(), remediations: await remediations() }));
