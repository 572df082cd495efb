/**
 * Warden on AWS, built from the one manifest: tables, functions, the HTTP API with its two
 * authorizers, the event bus with rules and pipes, the state machines, the schedules, the buckets,
 * the tenant access role, the cursor secret, and the web console on CloudFront in front of the API.
 */
import { Annotations, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { functionEnvironment } from '../../shared/manifest/function-environment';
import { STREAM_FLOWS } from '../../shared/manifest/event-flows';
import { WORKFLOWS } from '../../shared/manifest/workflows';
import { WardenEvents } from './events';
import { WardenFunctions } from './functions';
import { WardenHttpApi } from './http-api';
import { acknowledgeNagFindings } from './nag-suppressions';
import type { Settings } from './settings';
import { createTables } from './tables';
import { TenantAccessRole } from './tenant-access-role';
import { WardenBuckets } from './buckets';
import { WardenConsole } from './console-hosting';
import { WardenWorkflows } from './workflows';
import { WardenOperations } from './operations';
import { grantOpsNotes } from './ops-grants';
import { WardenSchedules } from './schedules';
import { SCHEDULES, type ScheduleSpec } from '../../shared/manifest/schedules';

const RETENTION: Record<number, RetentionDays> = {
  7: RetentionDays.ONE_WEEK,
  14: RetentionDays.TWO_WEEKS,
  30: RetentionDays.ONE_MONTH,
  90: RetentionDays.THREE_MONTHS,
  365: RetentionDays.ONE_YEAR,
};

export class WardenStack extends Stack {
  readonly functions: WardenFunctions;
  readonly http: WardenHttpApi;
  readonly workflows: WardenWorkflows;
  readonly buckets: WardenBuckets;
  readonly schedules: WardenSchedules;
  readonly operations: WardenOperations;
  readonly console: WardenConsole;

  /** `schedules` defaults to the manifest's, `consoleDist` (the built web console) to `web/dist` (tests give others). */
  constructor(
    scope: Construct,
    id: string,
    settings: Settings,
    props: StackProps & { schedules?: readonly ScheduleSpec[]; consoleDist?: string } = {},
  ) {
    const { schedules = SCHEDULES, consoleDist, ...stackProps } = props;
    super(scope, id, { description: 'Warden: governance control plane for fleets of AI agents', ...stackProps });
    const removalPolicy = settings.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const logRetention = RETENTION[settings.logRetentionDays] ?? RetentionDays.ONE_MONTH;

    const tables = createTables(this, removalPolicy);
    const events = new WardenEvents(this, 'Events', { removalPolicy });
    const cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'Signs pagination cursors (HMAC)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    const bundleSecret = new Secret(this, 'BundleSecret', {
      description: "Seed of the Ed25519 key that signs agents' policy bundles",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    const tenantAccess = settings.tenantIsolationRole ? new TenantAccessRole(this, 'TenantAccess', { tables }) : undefined;
    if (!tenantAccess) {
      Annotations.of(this).addWarningV2(
        'warden:no-tenant-isolation-role',
        'tenantIsolationRole is false: every function gets its tables with its own credentials, so DynamoDB does not enforce tenant isolation.',
      );
    }

    this.functions = new WardenFunctions(this, 'Functions', {
      tables,
      bus: events.bus,
      cursorSecret,
      bundleSecret,
      logRetention,
      removalPolicy,
      environment: functionEnvironment(
        {
          WARDEN_CACHE_STALENESS_SECONDS: String(settings.cacheStalenessSeconds),
          WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS: String(settings.operatorTokenMaxLifetimeSeconds),
        },
        { partial: true },
      ),
      ...(tenantAccess ? { tenantAccess } : {}),
      warmInstances: settings.warmDecisionInstances,
    });
    this.workflows = new WardenWorkflows(this, 'Workflows', { functions: this.functions, logRetention, removalPolicy });
    this.buckets = new WardenBuckets(this, 'Buckets', { functions: this.functions, removalPolicy });
    this.schedules = new WardenSchedules(this, 'Schedules', { functions: this.functions, schedules });
    events.addRules(this.functions);
    events.addPipes(this.functions, tables);
    events.addStreamConsumers(this.functions, tables);
    this.http = new WardenHttpApi(this, 'Http', {
      functions: this.functions,
      jwtIssuer: settings.jwtIssuer,
      jwtAudience: settings.jwtAudience,
      logRetention,
      removalPolicy,
    });

    this.console = new WardenConsole(this, 'Console', {
      api: this.http.api,
      accessLogs: this.buckets.accessLogs,
      removalPolicy,
      oidc: { issuer: settings.jwtIssuer, clientId: settings.consoleOidcClientId },
      logGroup: this.functions.logGroup,
      ...(consoleDist ? { distDir: consoleDist } : {}),
    });

    // Once every dead-letter queue exists: the platform view reads their depths.
    grantOpsNotes(this, this.functions, tables.control);

    // Last: its alarms watch every dead-letter queue the constructs above made.
    this.operations = new WardenOperations(this, 'Operations', { functions: this.functions, api: this.http.api, removalPolicy });

    new CfnOutput(this, 'AlarmTopicArn', { value: this.operations.alarmTopic.topicArn, description: 'Subscribe to be told of alarms' });
    new CfnOutput(this, 'ApiUrl', { value: this.http.api.apiEndpoint, description: 'Base URL of the Warden API' });
    new CfnOutput(this, 'EventBusName', { value: events.bus.eventBusName });
    new CfnOutput(this, 'ConsoleUrl', {
      value: `https://${this.console.distribution.distributionDomainName}`,
      description: 'The web console (and the API on the same origin)',
    });
    new CfnOutput(this, 'ConsoleBucketName', { value: this.console.bucket.bucketName, description: 'Bucket the console is deployed to' });
    acknowledgeNagFindings(this, {
      tables: Object.values(tables),
      invokedFunctions: [
        ...STREAM_FLOWS.map((flow) => this.functions.get(flow.enrichment)),
        ...Object.values(WORKFLOWS).flatMap((workflow) =>
          Object.values(workflow.functions).map((functionId) => this.functions.get(functionId)),
        ),
        ...schedules.map((schedule) => this.functions.get(schedule.target)),
      ],
      stateMachines: [...this.workflows.byId.values()],
      buckets: [...this.buckets.byId.values()],
      accessLogBuckets: [this.buckets.accessLogs],
      distributions: [this.console.distribution],
      // The deployments share one handler (a singleton per stack).
      deploymentHandlers: [...new Set(this.console.deployments.map((deployment) => deployment.handlerRole.node.scope!))].map((handler) => ({
        handler,
        bucket: this.console.bucket,
      })),
    });
  }
}
