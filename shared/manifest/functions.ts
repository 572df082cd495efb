/**
 * Every function of Warden: its entry file, what it is for, and exactly which tables (and how) and
 * which other resources it may use. The CDK app grants these permissions and nothing more; the
 * local runtime loads the same entries. A function is tenant-scoped unless it says why it is
 * cross-tenant: tenant-scoped functions reach the tables only under the tenant access role
 * (docs/decisions/tenant-isolation.md).
 */
import type { TableId } from './tables';
import type { BucketAccess, BucketId } from './buckets';
import type { WorkflowAccess, WorkflowId } from './workflows';

export type TableAccess = 'read' | 'readwrite';

export interface FunctionSpec {
  readonly id: string;
  /** Path of the handler module from the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /**
   * The tables it uses, and how. A cross-tenant function is granted exactly these; a tenant-scoped
   * one gets no table access of its own and reaches them under the tenant access role.
   */
  readonly tables: Partial<Record<TableId, TableAccess>>;
  /**
   * Why this function's work is cross-tenant by nature, so that it keeps its own table access
   * (listing tenants, org and platform writes). Absent: the function is tenant-scoped.
   */
  readonly crossTenant?: string;
  /** May put events on the bus. */
  readonly putsEvents?: boolean;
  /** What it may do with which state machines (its ARN comes in the workflow's environment variable). */
  readonly workflows?: Partial<Record<WorkflowId, readonly WorkflowAccess[]>>;
  /** Buckets it may read or write (its name comes in the bucket's environment variable). */
  readonly buckets?: Partial<Record<BucketId, BucketAccess>>;
  /** Reads how many messages wait in the dead-letter queues (their URLs come in WARDEN_DEAD_LETTER_QUEUES). */
  readonly deadLetterQueues?: 'read';
  /** Signs policy bundles or audit digests: reads the bundle signing secret (its ARN comes in WARDEN_BUNDLE_SECRET_ARN). */
  readonly signsBundles?: boolean;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
}

const fn = (
  id: string,
  entry: string,
  description: string,
  tables: FunctionSpec['tables'],
  extra: Partial<FunctionSpec> = {},
): FunctionSpec => ({
  id,
  entry: `functions/${entry}.ts`,
  description,
  tables,
  ...extra,
});

const tenancyWrite = { control: 'readwrite', audit: 'readwrite' } as const;
const controlRead = { control: 'read' } as const;
const policyWrite = { policies: 'readwrite', control: 'readwrite', audit: 'readwrite' } as const;
const policyRead = { policies: 'read', control: 'read' } as const;

export const FUNCTIONS: readonly FunctionSpec[] = [
  fn('health', 'platform/health', 'Liveness probe', {}),
  fn('openapi', 'platform/openapi', 'Serves the OpenAPI document', {}),

  fn('tenants-onboard', 'tenancy/onboard-tenant', 'Onboard a tenant', tenancyWrite),
  fn('tenants-list', 'tenancy/list-tenants', 'List tenants', controlRead, {
    crossTenant: 'Lists every tenant (the tenant index partition belongs to no tenant)',
  }),
  fn('tenants-get', 'tenancy/get-tenant', 'Read a tenant', controlRead),
  fn('tenants-update', 'tenancy/update-tenant', 'Change a tenant', tenancyWrite),
  fn('teams-create', 'tenancy/create-team', 'Create a team', tenancyWrite),
  fn('teams-list', 'tenancy/list-teams', 'List teams', controlRead),
  fn('teams-update', 'tenancy/update-team', "Change a team's description or quotas", tenancyWrite),
  fn('roles-put', 'tenancy/put-role', 'Create or replace an agent role', tenancyWrite),
  fn('roles-get', 'tenancy/get-role', 'Read an agent role', controlRead),
  fn('roles-list', 'tenancy/list-roles', 'List agent roles', controlRead),

  fn('agents-register', 'agents/register-agent', 'Register an agent and issue its key', tenancyWrite),
  fn('agents-list', 'agents/list-agents', 'List agents', controlRead),
  fn('agents-get', 'agents/get-agent', 'Read an agent', controlRead),
  fn('agents-update', 'agents/update-agent', 'Change an agent (pins are checked against policy versions)', {
    ...tenancyWrite,
    policies: 'read',
  }),
  fn('agents-rotate-key', 'agents/rotate-key', 'Rotate an agent key', tenancyWrite),
  fn('agents-lifecycle', 'agents/change-lifecycle', 'Suspend, reinstate or decommission an agent', tenancyWrite),
  fn('agent-self', 'agents/agent-self', 'The calling agent', controlRead),
  fn('agent-self-rotate-key', 'agents/agent-self-rotate-key', 'The calling agent rotates its own key', tenancyWrite),

  fn(
    'policies-write',
    'policies/write-policies',
    'Save drafts, publish (through the test gate) and roll back tenant policies',
    policyWrite,
  ),
  fn('policies-read', 'policies/read-policies', 'Scopes, versions, diffs and effective policies', policyRead),
  fn('policy-tests', 'policies/policy-tests', "The tenant's test library: read, replace, run", policyWrite),
  fn(
    'policy-impact',
    'policies/impact',
    'Replays recent audited requests against a candidate version',
    { policies: 'read', control: 'read', audit: 'read' },
    { timeoutSeconds: 60, memoryMb: 1024 },
  ),
  fn('policies-simulate', 'policies/simulate', 'Explained decisions for what-if questions; records nothing', policyRead),
  fn(
    'org-policy',
    'policies/org-policy',
    "The org document, the org test library and org templates; publishing runs every tenant's tests",
    policyWrite,
    {
      timeoutSeconds: 60,
      crossTenant:
        "Writes the org's policies and tests (`~org#` partitions) and org templates (`~platform#` partitions); an org publish lists every tenant to run its tests",
    },
  ),

  fn(
    'authorize',
    'decisions/authorize',
    'Decisions for agents: single and batch, recorded before answering',
    { control: 'readwrite', policies: 'read', audit: 'readwrite' },
    {
      memoryMb: 1024,
      workflows: { approval: ['start'] },
    },
  ),
  fn(
    'agent-bundle',
    'decisions/agent-bundle',
    "Local engines: signed policy bundles (with quota leases) for agents' evaluators, the keys that verify them, and the decision logs they ship",
    { control: 'readwrite', policies: 'read', audit: 'readwrite' },
    { signsBundles: true },
  ),
  fn(
    'audit-query',
    'decisions/query-audit',
    'Reads the audit log, and exports it as OCSF events',
    { audit: 'read' },
    { buckets: { exports: 'readwrite' }, memoryMb: 1024, timeoutSeconds: 60 },
  ),
  fn(
    'audit-digests',
    'audit/audit-digests',
    "The audit log's signed digests: lists them, verifies a range of the log against them, publishes their keys",
    { control: 'read', audit: 'read' },
    // Reads the signing secret to publish the digest keys; a verification reads up to 100,000 records.
    { signsBundles: true, memoryMb: 1024, timeoutSeconds: 60 },
  ),
  fn(
    'audit-digest-sealer',
    'audit/seal-audit-digests',
    "Seals every tenant's finished hours of audit records into signed, chained digests (scheduled)",
    { control: 'readwrite', audit: 'read' },
    {
      signsBundles: true,
      buckets: { digests: 'readwrite' },
      timeoutSeconds: 300,
      crossTenant: "Lists tenants (the tenant index belongs to no tenant) to seal each one's audit hours",
    },
  ),
  fn('usage', 'usage/get-usage', 'Metered usage of a month', controlRead),
  fn(
    'audit-leaf-capture',
    'audit/capture-audit-leaves',
    "Keeps each new audit record's digest leaf, so its hour is sealed from what was written (audit stream consumer)",
    { control: 'readwrite' },
  ),
  fn('usage-meter', 'usage/usage-meter', 'Counts audited decisions into daily usage, exactly once (audit stream consumer)', {
    control: 'readwrite',
  }),
  fn('monitoring', 'monitoring/monitoring-api', 'Detector settings and anomalies', { control: 'readwrite', audit: 'readwrite' }),
  fn('incidents', 'monitoring/incidents-api', 'Lists, acknowledges and resolves incidents', { control: 'readwrite', audit: 'readwrite' }),
  fn('channels', 'notifications/channels-api', 'Notification channels: save, read, delete, test, deliveries', {
    control: 'readwrite',
    audit: 'readwrite',
  }),
  fn('notify', 'notifications/notify', "Delivers events to the tenant's notification channels (event consumer)", { control: 'readwrite' }),
  fn(
    'decision-feed',
    'notifications/decision-feed',
    "Delivers new decisions in batches to the tenant's channels subscribed to Decision.Made (audit stream consumer)",
    { control: 'readwrite' },
    // A slow receiver holds a batch for at most one attempt's timeout (5 s).
    { timeoutSeconds: 30 },
  ),
  fn(
    'retry-deliveries',
    'notifications/retry-deliveries',
    'Tries again the webhook deliveries that are due (scheduled)',
    { control: 'readwrite' },
    // A run walks every tenant; it ends before the next minute's run begins.
    { timeoutSeconds: 50, crossTenant: "Lists tenants (the tenant index belongs to no tenant) to find each one's due deliveries" },
  ),
  fn(
    'detect-anomalies',
    'monitoring/detect-anomalies',
    'Runs the anomaly detectors over the last minutes of every tenant (scheduled)',
    { control: 'readwrite', audit: 'readwrite' },
    // A run walks every tenant; it ends before the next minute's run begins.
    { timeoutSeconds: 50, crossTenant: 'Lists tenants (the tenant index belongs to no tenant) to run the detectors of each one' },
  ),
  fn(
    'hygiene-sweep',
    'hygiene/hygiene-sweep',
    "Sweeps the tenants' agents for expiring keys and inactivity, a slice per run (scheduled)",
    { control: 'readwrite', audit: 'readwrite' },
    // A slice of up to 200 tenants with their agents; the next run (10 minutes on) resumes from its cursor.
    {
      timeoutSeconds: 300,
      crossTenant: "Lists tenants (the tenant index belongs to no tenant) to sweep each one's agents, approvals and grants",
    },
  ),
  fn('playbooks', 'remediation/playbooks-api', 'Remediation playbooks: save, read, list, delete, enable the defaults', {
    control: 'readwrite',
    audit: 'readwrite',
  }),
  fn('remediations', 'remediation/remediations-api', 'Remediation runs: list, read, approve, cancel, revert', tenancyWrite, {
    workflows: { remediation: ['respond', 'stop'] },
  }),
  fn(
    'remediation-trigger',
    'remediation/remediation-trigger',
    'Starts the playbooks an event fires, once per event (event consumer)',
    {
      control: 'readwrite',
    },
    {
      workflows: { remediation: ['start'] },
    },
  ),
  fn(
    'remediation-steps',
    'remediation/remediation-steps',
    "The remediation state machine's steps: do one step of a run, keep a waiting step's task token, mark a failed run",
    tenancyWrite,
  ),
  fn('metrics', 'metrics/get-metrics', "The fleet's metrics, read from the rollups", controlRead),
  fn(
    'templates',
    'templates/templates-api',
    'Templates: list them; apply one to a tenant (drafts, roles, test scenarios; never a publish)',
    policyWrite,
  ),
  fn(
    'maturity',
    'maturity/maturity-api',
    "Tenants' governance maturity: the assessment, its history and report, the platform's list",
    policyRead,
  ),
  fn(
    'maturity-snapshot',
    'maturity/maturity-snapshot',
    "Keeps every tenant's weekly maturity snapshot, a slice per run (scheduled)",
    {
      control: 'readwrite',
      policies: 'read',
    },
    {
      // 200 assessments, four at a time, outlast the default 10 s; a run starts none in its last 15 s.
      timeoutSeconds: 300,
      crossTenant: "Lists tenants, assesses each one, and keeps every tenant's latest level in the platform's list",
    },
  ),
  fn('platform-metrics', 'metrics/get-platform-metrics', "Every tenant's metrics and the system's health (platform admins)", controlRead, {
    crossTenant: "Lists tenants and reads each one's rollups and incidents, and the platform's operational notes",
    deadLetterQueues: 'read',
  }),
  fn(
    'metrics-rollup',
    'metrics/metrics-rollup',
    'Rolls audited decisions up into per-minute, hour and day metrics, exactly once (audit stream consumer)',
    {
      control: 'readwrite',
    },
  ),

  fn('approvals', 'approvals/approvals-api', "Lists approvals and takes approvers' decisions", tenancyWrite, {
    workflows: { approval: ['respond'] },
  }),
  fn('grants', 'approvals/grants-api', 'Lists and revokes just-in-time grants', tenancyWrite),
  fn(
    'access-requests',
    'approvals/access-requests',
    'Agents ask for just-in-time access ahead of time',
    { control: 'readwrite', policies: 'read', audit: 'readwrite' },
    {
      workflows: { approval: ['start'] },
    },
  ),
  fn('approval-steps', 'approvals/approval-steps', "The approval state machine's steps: state, await (task token), timeout", tenancyWrite),
  fn(
    'approvals-agent-left',
    'approvals/agent-left',
    'Cancels pending approvals and revokes grants of suspended or decommissioned agents',
    tenancyWrite,
    {
      workflows: { approval: ['stop', 'respond'] },
    },
  ),

  fn(
    'price-plans',
    'billing/price-plans',
    'Price plans of the tenant tiers',
    { control: 'readwrite' },
    { crossTenant: 'Writes price plans (`~platform#` partitions), which belong to no tenant' },
  ),
  fn(
    'billing',
    'billing/billing-api',
    'FOCUS billing exports, closing a month, reconciliation',
    { control: 'readwrite', audit: 'read' },
    {
      buckets: { exports: 'readwrite' },
      memoryMb: 1024,
      timeoutSeconds: 60,
      crossTenant: "The platform export and closing a month list every tenant and read each one's usage; closing writes `~platform#` items",
    },
  ),

  fn('agent-authorizer', 'auth/agent-authorizer', 'Checks agent API keys for the HTTP API', { control: 'readwrite' }),
  fn('audit-stream-relay', 'events/audit-stream-relay', 'Turns new audit records into domain events (EventBridge Pipes enrichment)', {}),
  fn('tenant-stats-projection', 'tenancy/tenant-stats-projection', 'Keeps per-tenant agent counts from agent events', {
    control: 'readwrite',
  }),
];

/** The function with this id; throws on an unknown id (a manifest error). */
export function functionSpec(id: string): FunctionSpec {
  const spec = FUNCTIONS.find((candidate) => candidate.id === id);
  if (!spec) throw new Error(`No function ${id} in the manifest`);
  return spec;
}
