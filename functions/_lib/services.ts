/**
 * The composition root of Warden's functions: picks the adapters for the configured platform and
 * builds the use cases once per execution environment (Lambda instance or local process).
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { createDynamoDbBillingFacts } from '../../shared/adapters/dynamodb/dynamodb-billing-facts';
import { createDynamoDbBillingStore } from '../../shared/adapters/dynamodb/dynamodb-billing-store';
import { createS3ObjectStore } from '../../shared/adapters/s3/s3-object-store';
import type { ObjectStore } from '../../shared/billing/billing-ports';
import { createBilling } from '../../shared/billing/billing';
import { createDynamoDbApprovalStore } from '../../shared/adapters/dynamodb/dynamodb-approval-store';
import { createSfnApprovalWorkflow } from '../../shared/adapters/sfn/sfn-approval-workflow';
import type { ApprovalWorkflow } from '../../shared/approvals/approval-workflow';
import { createApprovals } from '../../shared/approvals/approvals';
import { CLIENT_TIMEOUTS } from '../../shared/adapters/client-timeouts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { createDynamoDbDecisionStore } from '../../shared/adapters/dynamodb/dynamodb-decision-store';
import { createDynamoDbQuotaStore } from '../../shared/adapters/dynamodb/dynamodb-quota-store';
import { createDynamoDbUsageStore } from '../../shared/adapters/dynamodb/dynamodb-usage-store';
import { createDynamoDbUsageMeterStore } from '../../shared/adapters/dynamodb/dynamodb-usage-meter-store';
import { createDynamoDbPolicyStore } from '../../shared/adapters/dynamodb/dynamodb-policy-store';
import { createDynamoDbTenancyStore } from '../../shared/adapters/dynamodb/dynamodb-tenancy-store';
import { singleClient, tenantRoleClients } from '../../shared/adapters/dynamodb/tenant-clients';
import { type Clock, processTestClock, systemClock } from '../../shared/kernel/clock';
import { createIdGenerator } from '../../shared/kernel/ids';
import { createPageCursorCodec } from '../../shared/kernel/page-cursor';
import { createAuditLog } from '../../shared/decisions/audit-log';
import { createDecisionService } from '../../shared/decisions/decision-service';
import { createPolicySource } from '../../shared/decisions/policy-source';
import { quotaExceededChange } from '../../shared/quotas/quota';
import { createQuotaLeases } from '../../shared/quotas/quota-leases';
import { createUsageReports } from '../../shared/usage/usage';
import { createUsageMeter } from '../../shared/usage/usage-meter';
import { isoAt } from '../../shared/kernel/clock';
import { createPolicyCompiler } from '../../shared/policy/compile';
import { createPolicyLifecycle } from '../../shared/policy-lifecycle/policy-lifecycle';
import { createAgentKeyAuthenticator } from '../../shared/tenancy/agent-key-authenticator';
import { createAgentRegistry } from '../../shared/tenancy/agent-registry';
import type { TenancyDeps } from '../../shared/tenancy/tenancy-deps';
import { createTeamsAndRoles } from '../../shared/tenancy/teams-and-roles';
import { createTenantManagement } from '../../shared/tenancy/tenant-management';
import { createTenantStateCache } from '../../shared/tenancy/tenant-state-cache';
import { config } from './config';

async function cursorSecret(): Promise<string> {
  const { cursorSecret: secret } = config();
  if ('value' in secret) return secret.value;
  const value = await getSecret<string>(secret.arn, { maxAge: 3600 });
  if (typeof value !== 'string' || value.length < 32) throw new Error('The cursor secret is missing or too short');
  return value;
}

/** The approval workflow; a function without the state machine's ARN in its environment may not use it. */
function approvalWorkflow(stateMachineArn: string | undefined): ApprovalWorkflow {
  if (stateMachineArn) return createSfnApprovalWorkflow(new SFNClient({ ...CLIENT_TIMEOUTS }), stateMachineArn);
  const missing = async (): Promise<never> => {
    throw new Error('WARDEN_STATE_MACHINE_APPROVAL is not set for this function (see its `workflows` in the manifest)');
  };
  return { start: missing, complete: missing, stop: missing };
}

/** The exports bucket; a function without its name in the environment may not use it. */
function exportsBucket(bucket: string | undefined): ObjectStore {
  if (bucket) return createS3ObjectStore(new S3Client({ ...CLIENT_TIMEOUTS, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' }), bucket);
  const missing = async (): Promise<never> => {
    throw new Error('WARDEN_BUCKET_EXPORTS is not set for this function (see its `buckets` in the manifest)');
  };
  return { put: missing, get: missing, downloadUrl: missing };
}

async function build() {
  const settings = config();
  const clock: Clock = settings.testHooks ? processTestClock : systemClock;
  const documentClient = createDocumentClient();
  const clients = settings.tenantRoleArn ? tenantRoleClients(documentClient, settings.tenantRoleArn) : singleClient(documentClient);
  const tenancyStore = createDynamoDbTenancyStore(clients, settings.tables);
  const ids = createIdGenerator(clock);
  const tenancy: TenancyDeps = {
    store: tenancyStore,
    clock,
    ids,
    cursors: createPageCursorCodec(await cursorSecret()),
  };
  const compiler = createPolicyCompiler();
  const policyStore = createDynamoDbPolicyStore(clients, settings.tables);
  const decisionStore = createDynamoDbDecisionStore(clients, settings.tables);
  const quotaStore = createDynamoDbQuotaStore(clients, settings.tables);
  const quotas = createQuotaLeases({
    store: quotaStore,
    clock,
    onExceeded: async (tenantId, quota, used) => {
      await quotaStore.markExceeded(tenantId, quota, quotaExceededChange({ id: ids.next('aud'), at: isoAt(clock.nowMs()), tenantId, quota, used }));
    },
  });
  const tenantStates = createTenantStateCache({ store: tenancyStore, clock, stalenessMs: settings.cacheStalenessMs });
  const approvalStore = createDynamoDbApprovalStore(clients, settings.tables);
  const usageStore = createDynamoDbUsageStore(clients, settings.tables);
  const approvals = createApprovals({
    store: approvalStore,
    workflow: approvalWorkflow(settings.approvalStateMachineArn),
    tenants: tenantStates,
    clock,
    ids,
    timeoutSecondsPerMinute: settings.approvalSecondsPerMinute,
    cursors: tenancy.cursors,
  });
  return {
    clock,
    documentClient,
    clients,
    tenancyStore,
    tenantStates,
    tenants: createTenantManagement(tenancy),
    teamsAndRoles: createTeamsAndRoles(tenancy),
    agents: createAgentRegistry(tenancy),
    compiler,
    policies: createPolicyLifecycle({
      store: policyStore,
      audit: decisionStore,
      tenancy: tenancyStore,
      compiler,
      clock,
      ids: tenancy.ids,
      cursors: tenancy.cursors,
    }),
    decisions: createDecisionService({
      tenants: tenantStates,
      source: createPolicySource({ tenancy: tenancyStore, policies: policyStore, grants: approvalStore, clock, stalenessMs: settings.cacheStalenessMs }),
      compiler,
      store: decisionStore,
      quotas,
      clock,
      ids: tenancy.ids,
      approvals,
    }),
    approvals,
    billing: createBilling({
      store: createDynamoDbBillingStore(clients, settings.tables),
      facts: createDynamoDbBillingFacts({ clients, tables: settings.tables, tenancy: tenancyStore, usage: usageStore, approvals: approvalStore }),
      objects: exportsBucket(settings.exportsBucket),
      clock,
      ids,
      inlineLimitBytes: settings.exportInlineBytes,
      downloadSeconds: 900,
      cursors: tenancy.cursors,
    }),
    usage: createUsageReports({ store: usageStore }),
    usageMeter: createUsageMeter({ store: createDynamoDbUsageMeterStore(clients, settings.tables) }),
    auditLog: createAuditLog({ store: decisionStore, cursors: tenancy.cursors, clock }),
    agentKeys: createAgentKeyAuthenticator({
      store: tenancyStore,
      tenants: tenantStates,
      clock,
      lastSeenResolutionMs: settings.lastSeenResolutionMs,
    }),
  };
}

export type Services = Awaited<ReturnType<typeof build>>;

let services: Promise<Services> | undefined;

/** The services of this execution environment, built on first use. */
export function getServices(): Promise<Services> {
  services ??= build().catch((error: unknown) => {
    services = undefined;
    throw error;
  });
  return services;
}
