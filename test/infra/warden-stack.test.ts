/**
 * The CDK app against the manifest: every route with its authorizer, both authorizers, every
 * table's protection, every function's runtime and least-privilege permissions, event rules with
 * dead letters, the stream pipe, the tenant role, removal policies, and cdk-nag with no finding left
 * unacknowledged. Synthesized once per setting, without bundling (a separate test bundles for real).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App, type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BUCKETS,
  EVENT_RULES,
  FUNCTIONS,
  SCHEDULES,
  type ScheduleSpec,
  STREAM_CONSUMERS,
  STREAM_FLOWS,
  WORKFLOWS,
} from '../../shared/manifest';
import { FUNCTION_VARIABLES } from '../../shared/manifest/function-environment';
import { ROUTES } from '../../shared/manifest/routes';
import type { RouteSpec } from '../../shared/manifest/route-spec';
import { TABLES, type TableId } from '../../shared/manifest/tables';
import { DEFAULT_SETTINGS, type Settings } from '../../infra/cdk/settings';
import { WardenStack } from '../../infra/cdk/warden-stack';
import { WARM_FUNCTIONS, WARM_SCALE_FACTOR } from '../../infra/cdk/functions';
import { consoleContentSecurityPolicy } from '../../infra/cdk/console-hosting';
import { consoleSecurityHeaders } from '../../infra/local/console-server';
import { ACKNOWLEDGED_DISTRIBUTION_RULES } from '../../infra/cdk/nag-suppressions';
import { SHARED_READ_PARTITIONS } from '../../infra/cdk/shared-read-partitions';
import { controlKeys, ORG_PARTITION_OWNER, policyKeys } from '../../shared/adapters/dynamodb/keys';

const ROOT = join(import.meta.dirname, '../..');
const settings: Settings = { ...DEFAULT_SETTINGS, jwtIssuer: 'https://login.example.org/tenant/', jwtAudience: 'warden-api' };

/** An empty directory: the stack is synthesized as if web/dist were not built, whether or not it is in this work tree. */
const NO_CONSOLE_BUILD = mkdtempSync(join(tmpdir(), 'warden-no-console-'));

function synthesize(overrides: Partial<Settings> = {}, schedules?: readonly ScheduleSpec[], consoleDist = NO_CONSOLE_BUILD) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new WardenStack(app, 'Warden', { ...settings, ...overrides }, { consoleDist, ...(schedules ? { schedules } : {}) });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, template: Template.fromStack(stack) };
}

type Json = Record<string, any>;
const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);
const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/** The logical ids a policy resource refers to (`Fn::GetAtt`, including inside `Fn::Join`). */
function referencedIds(resource: unknown): string[] {
  if (Array.isArray(resource)) return resource.flatMap(referencedIds);
  if (resource && typeof resource === 'object') {
    const value = resource as Json;
    if (value['Fn::GetAtt']) return [value['Fn::GetAtt'][0]];
    if (value.Ref) return [value.Ref];
    return Object.values(value).flatMap(referencedIds);
  }
  return [];
}

describe('WardenStack', () => {
  let stack: WardenStack;
  let template: Template;
  let app: App;
  let resources: Record<string, Json>;

  beforeAll(() => {
    ({ app, stack, template } = synthesize());
    resources = template.toJSON().Resources;
  });

  const tableLogicalIds = () =>
    Object.fromEntries(
      Object.entries(resources)
        .filter(([, resource]) => resource.Type === 'AWS::DynamoDB::GlobalTable')
        .map(([id]) => [Object.keys(TABLES).find((table) => id.startsWith(`${table[0]!.toUpperCase()}${table.slice(1)}Table`))!, id]),
    ) as Record<TableId, string>;

  /** The statements of the inline policies attached to a function's role. */
  function statementsOf(functionId: string): Json[] {
    const fn = resources[logicalId(stack, stack.functions.get(functionId))]!;
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    return Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy' && resource.Properties.Roles.some((role: Json) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  }

  const actionsOf = (statement: Json): string[] => [statement.Action].flat();

  it('keeps the stack 20 resources short of the 500 CloudFormation allows (beyond that: nested stacks, docs/decisions/cdk-app.md)', () => {
    const count = Object.keys(resources).length;
    expect(count).toBeGreaterThan(400);
    expect(count).toBeLessThanOrEqual(480);
  });

  it('sends every function to one log group with a retention, so the stack does not hold one per function', () => {
    const functions = Object.values(resources).filter(
      (resource) => resource.Type === 'AWS::Lambda::Function' && resource.Properties.Description !== undefined,
    );
    expect(functions.length).toBeGreaterThanOrEqual(FUNCTIONS.length);
    const groups = new Set(functions.map((fn) => JSON.stringify(fn.Properties.LoggingConfig?.LogGroup)));
    expect(groups.size).toBe(1);
    const [groupId] = referencedIds(functions[0]!.Properties.LoggingConfig.LogGroup);
    expect(resources[groupId!]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: expect.any(Number) } });
  });

  it('routes every manifest route with its method, path and authorizer', () => {
    const routes = Object.values(resources).filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route');
    for (const route of Object.values(ROUTES) as RouteSpec[]) {
      const found = routes.find((candidate) => candidate.Properties.RouteKey === `${route.method} ${route.path}`);
      expect(found, `${route.method} ${route.path}`).toBeDefined();
      expect(found!.Properties.AuthorizationType).toBe({ operator: 'JWT', agent: 'CUSTOM', none: 'NONE' }[route.auth]);
    }
    expect(routes).toHaveLength(Object.keys(ROUTES).length);
  });

  it('verifies operator JWTs with the configured issuer and audience, and agent keys with the Lambda authorizer', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: settings.jwtIssuer, Audience: [settings.jwtAudience] },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
    });
  });

  it('logs and throttles the API stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: { DestinationArn: Match.anyValue() },
      DefaultRouteSettings: { ThrottlingRateLimit: 5000 },
    });
  });

  it('creates every table on demand, with point-in-time recovery, encryption, TTL and streams as defined', () => {
    const ids = tableLogicalIds();
    for (const [id, definition] of Object.entries(TABLES) as [TableId, (typeof TABLES)[TableId]][]) {
      const table = resources[ids[id]]!.Properties;
      expect(table.BillingMode, id).toBe('PAY_PER_REQUEST');
      expect(table.Replicas[0].PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled, id).toBe(true);
      expect(table.SSESpecification.SSEEnabled, id).toBe(true);
      expect(table.KeySchema.map((key: Json) => key.AttributeName)).toEqual([
        definition.partitionKey.name,
        ...('sortKey' in definition ? [definition.sortKey.name] : []),
      ]);
      if ('ttlAttribute' in definition)
        expect(table.TimeToLiveSpecification).toEqual({ AttributeName: definition.ttlAttribute, Enabled: true });
      if ('stream' in definition) expect(table.StreamSpecification.StreamViewType).toBe(definition.stream);
      else expect(table.StreamSpecification).toBeUndefined();
    }
  });

  it('keeps tables by default and deletes them only when the context says destroy', () => {
    for (const id of Object.values(tableLogicalIds())) expect(resources[id]!.DeletionPolicy).toBe('Retain');
    const destroyed = synthesize({ removalPolicy: 'destroy' }).template.toJSON().Resources as Record<string, Json>;
    const tables = Object.values(destroyed).filter((resource) => resource.Type === 'AWS::DynamoDB::GlobalTable');
    expect(tables.map((table) => table.DeletionPolicy)).toEqual(Array(tables.length).fill('Delete'));
  });

  it('runs every function on arm64 with the current Node.js runtime and active tracing', () => {
    for (const spec of FUNCTIONS) {
      const fn = resources[logicalId(stack, stack.functions.get(spec.id))]!.Properties;
      expect(fn.Architectures, spec.id).toEqual(['arm64']);
      expect(fn.Runtime, spec.id).toBe('nodejs24.x');
      expect(fn.TracingConfig, spec.id).toEqual({ Mode: 'Active' });
    }
  });

  it('tells every function the staleness bound and the longest operator token lifetime from the context', () => {
    const custom = synthesize({ operatorTokenMaxLifetimeSeconds: 3600 });
    const customResources = custom.template.toJSON().Resources as Record<string, Json>;
    for (const spec of FUNCTIONS) {
      expect(resources[logicalId(stack, stack.functions.get(spec.id))]!.Properties.Environment.Variables, spec.id).toMatchObject({
        WARDEN_CACHE_STALENESS_SECONDS: '1',
        WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS: '43200',
      });
      expect(
        customResources[logicalId(custom.stack, custom.stack.functions.get(spec.id))]!.Properties.Environment.Variables
          .WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS,
        spec.id,
      ).toBe('3600');
    }
  });

  it('sets on every function only variables of the environment contract (and NODE_OPTIONS)', () => {
    for (const spec of FUNCTIONS) {
      const names = Object.keys(resources[logicalId(stack, stack.functions.get(spec.id))]!.Properties.Environment.Variables);
      expect(
        names.filter((name) => name !== 'NODE_OPTIONS' && !(FUNCTION_VARIABLES as string[]).includes(name)),
        spec.id,
      ).toEqual([]);
      expect(names, spec.id).toEqual(
        expect.arrayContaining(['WARDEN_TABLE_CONTROL', 'WARDEN_TABLE_AUDIT', 'WARDEN_TABLE_POLICIES', 'WARDEN_CURSOR_SECRET_ARN']),
      );
    }
  });

  // Reading a table's stream is the stream consumers' (asserted with them), and writing the
  // operational notes' one partition is every API function's and consumer's (asserted below), not table access.
  const streamActions = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
  const tableStatementsOf = (functionId: string) =>
    statementsOf(functionId).filter(
      (statement) =>
        statement.Sid !== 'OpsNotes' &&
        actionsOf(statement).some((action) => action.startsWith('dynamodb:') && !streamActions.includes(action)),
    );
  const tenantRoleId = () => logicalId(stack, stack.node.findChild('TenantAccess').node.findChild('Role') as Role);
  const crossTenant = FUNCTIONS.filter((spec) => spec.crossTenant !== undefined);
  const tenantScoped = FUNCTIONS.filter((spec) => spec.crossTenant === undefined);

  it('lists as cross-tenant only the functions whose work spans tenants, each with its reason', () => {
    expect(crossTenant.map((spec) => spec.id).sort()).toEqual([
      'audit-digest-sealer',
      'billing',
      'detect-anomalies',
      'hygiene-sweep',
      'maturity-snapshot',
      'org-policy',
      'platform-metrics',
      'price-plans',
      'retry-deliveries',
      'tenants-list',
    ]);
    for (const spec of crossTenant) expect(spec.crossTenant!.length, spec.id).toBeGreaterThan(20);
  });

  it('gives tenant-scoped functions no DynamoDB access of their own: they may only assume the tenant role', () => {
    for (const spec of tenantScoped) {
      expect(tableStatementsOf(spec.id), spec.id).toEqual([]);
      const assumes = statementsOf(spec.id).filter((statement) => actionsOf(statement).some((action) => action.startsWith('sts:')));
      const variables = resources[logicalId(stack, stack.functions.get(spec.id))]!.Properties.Environment.Variables;
      if (Object.keys(spec.tables).length === 0) {
        expect(assumes, spec.id).toEqual([]);
        expect(variables.WARDEN_TENANT_ROLE_ARN, spec.id).toBeUndefined();
        continue;
      }
      expect(
        assumes.map((statement) => ({ actions: actionsOf(statement).sort(), resources: referencedIds(statement.Resource) })),
        spec.id,
      ).toEqual([{ actions: ['sts:AssumeRole', 'sts:TagSession'], resources: [tenantRoleId()] }]);
      expect(referencedIds(variables.WARDEN_TENANT_ROLE_ARN), spec.id).toEqual([tenantRoleId()]);
    }
  });

  it("serves an agent's own key rotation from its own function, behind the agent key authorizer, tenant-scoped", () => {
    const [, route] = Object.entries(resources).find(
      ([, resource]) => resource.Type === 'AWS::ApiGatewayV2::Route' && resource.Properties.RouteKey === 'POST /v1/agent/self/rotate-key',
    )!;
    expect(route.Properties.AuthorizationType).toBe('CUSTOM');
    const authorizer = resources[route.Properties.AuthorizerId.Ref]!;
    expect(authorizer.Properties.AuthorizerType).toBe('REQUEST');
    expect(referencedIds(authorizer.Properties.AuthorizerUri)).toContain(logicalId(stack, stack.functions.get('agent-authorizer')));
    const integration = resources[referencedIds(route.Properties.Target)[0]!]!;
    expect(referencedIds(integration.Properties.IntegrationUri)).toEqual([logicalId(stack, stack.functions.get('agent-self-rotate-key'))]);
    expect(stack.functions.get('agent-self-rotate-key')).not.toBe(stack.functions.get('agent-self'));
    expect(tableStatementsOf('agent-self-rotate-key')).toEqual([]);
    const assumes = statementsOf('agent-self-rotate-key').filter((statement) => actionsOf(statement).includes('sts:AssumeRole'));
    expect(assumes.flatMap((statement) => referencedIds(statement.Resource))).toEqual([tenantRoleId()]);
  });

  it('serves policy bundles behind the agent key authorizer and their keys publicly; only the signers of bundles and audit digests read the signing secret', () => {
    const routeOf = (key: string) =>
      Object.values(resources).find((resource) => resource.Type === 'AWS::ApiGatewayV2::Route' && resource.Properties.RouteKey === key)!;
    const bundleId = logicalId(stack, stack.functions.get('agent-bundle'));
    const bundleRoute = routeOf('GET /v1/agent/bundle');
    expect(bundleRoute.Properties.AuthorizationType).toBe('CUSTOM');
    expect(referencedIds(resources[referencedIds(bundleRoute.Properties.Target)[0]!]!.Properties.IntegrationUri)).toEqual([bundleId]);
    const keysRoute = routeOf('GET /v1/agent/bundle/keys');
    expect(keysRoute.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(referencedIds(resources[referencedIds(keysRoute.Properties.Target)[0]!]!.Properties.IntegrationUri)).toEqual([bundleId]);

    const [secretId] = Object.entries(resources).find(
      ([id, resource]) => resource.Type === 'AWS::SecretsManager::Secret' && id.startsWith('BundleSecret'),
    )!;
    expect(resources[secretId]!.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    const readers = Object.entries(resources)
      .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
      .filter(([, resource]) =>
        referencedIds(resource.Properties.Environment?.Variables?.WARDEN_BUNDLE_SECRET_ARN ?? {}).includes(secretId),
      )
      .map(([id]) => id);
    const signers = ['agent-bundle', 'audit-digests', 'audit-digest-sealer'];
    expect(readers.sort()).toEqual(signers.map((id) => logicalId(stack, stack.functions.get(id))).sort());
    const granted = FUNCTIONS.filter((spec) =>
      statementsOf(spec.id).some(
        (statement) =>
          actionsOf(statement).includes('secretsmanager:GetSecretValue') && referencedIds(statement.Resource).includes(secretId),
      ),
    ).map((spec) => spec.id);
    expect(granted.sort()).toEqual([...signers].sort());
  });

  it('grants cross-tenant functions exactly the tables they name, writes only where they may write, and the tenant role', () => {
    const ids = tableLogicalIds();
    for (const spec of crossTenant) {
      const dynamo = tableStatementsOf(spec.id);
      const touched = new Set(dynamo.flatMap((statement) => referencedIds(statement.Resource)));
      const allowed = new Set((Object.keys(spec.tables) as TableId[]).map((table) => ids[table]));
      expect([...touched].sort(), spec.id).toEqual([...allowed].sort());
      for (const statement of dynamo) {
        const tables = referencedIds(statement.Resource);
        const writes = actionsOf(statement).some((action) => writeActions.includes(action));
        if (writes)
          for (const table of tables)
            expect(spec.tables[(Object.keys(ids) as TableId[]).find((key) => ids[key] === table)!], `${spec.id} writes ${table}`).toBe(
              'readwrite',
            );
      }
      const variables = resources[logicalId(stack, stack.functions.get(spec.id))]!.Properties.Environment.Variables;
      expect(referencedIds(variables.WARDEN_TENANT_ROLE_ARN), spec.id).toEqual([tenantRoleId()]);
    }
  });

  it('lets API functions, stream consumers and jobs with a cursor write their operational notes, one control-table partition and nothing else', () => {
    const writers = new Set([
      ...Object.values(ROUTES as Record<string, RouteSpec>)
        .filter((route) => route.auth !== 'none')
        .map((route) => route.function),
      ...STREAM_CONSUMERS.map((consumer) => consumer.consumer),
      ...SCHEDULES.filter((schedule) => schedule.keepsOpsCursor).map((schedule) => schedule.target),
    ]);
    expect(writers.has('authorize') && writers.has('usage-meter') && writers.has('metrics-rollup') && writers.has('hygiene-sweep')).toBe(
      true,
    );
    for (const spec of FUNCTIONS) {
      const notes = statementsOf(spec.id).filter((statement) => statement.Sid === 'OpsNotes');
      if (!writers.has(spec.id)) {
        expect(notes, spec.id).toEqual([]);
        continue;
      }
      expect(notes, spec.id).toHaveLength(1);
      expect(actionsOf(notes[0]!).sort(), spec.id).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem']);
      expect(referencedIds(notes[0]!.Resource), spec.id).toEqual([tableLogicalIds().control]);
      expect(notes[0]!.Condition, spec.id).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['~platform#OPS'] } });
    }
  });

  it('lets only the platform metrics function read the depth of every dead-letter queue, and tells only it their URLs', () => {
    const queues = Object.keys(template.findResources('AWS::SQS::Queue')).sort();
    expect(queues.length).toBeGreaterThan(0);
    for (const spec of FUNCTIONS) {
      const sqs = statementsOf(spec.id).filter((statement) => actionsOf(statement).some((action) => action.startsWith('sqs:')));
      const variables = resources[logicalId(stack, stack.functions.get(spec.id))]!.Properties.Environment.Variables;
      const readers = sqs.filter((statement) => statement.Sid === 'DeadLetterDepths');
      if (spec.id !== 'platform-metrics') {
        expect(readers, spec.id).toEqual([]);
        expect(variables.WARDEN_DEAD_LETTER_QUEUES, spec.id).toBeUndefined();
        continue;
      }
      expect(sqs).toHaveLength(1);
      expect(actionsOf(sqs[0]!)).toEqual(['sqs:GetQueueAttributes']);
      expect(referencedIds(sqs[0]!.Resource).sort()).toEqual(queues);
      expect([...new Set(referencedIds(variables.WARDEN_DEAD_LETTER_QUEUES))].sort()).toEqual(queues);
    }
  });

  it('lets only the functions that put events put them on the bus', () => {
    for (const spec of FUNCTIONS) {
      const puts = statementsOf(spec.id).some((statement) => actionsOf(statement).includes('events:PutEvents'));
      expect(puts, spec.id).toBe(spec.putsEvents === true);
    }
  });

  it('delivers every event rule to its consumer with retries and a dead-letter queue', () => {
    const rules = Object.values(resources).filter((resource) => resource.Type === 'AWS::Events::Rule');
    expect(rules).toHaveLength(EVENT_RULES.length);
    for (const rule of EVENT_RULES) {
      const found = rules.find((candidate) => candidate.Properties.Description === rule.description)!;
      expect(found.Properties.EventPattern).toEqual(rule.pattern);
      const [target] = found.Properties.Targets;
      expect(referencedIds(target.Arn)).toEqual([logicalId(stack, stack.functions.get(rule.target))]);
      expect(target.DeadLetterConfig.Arn).toBeDefined();
      expect(target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
    }
  });

  it('runs the anomaly detection and delivery retry jobs every minute, the hygiene sweep every 10 minutes, and sends approvals, incidents, anomalies, quota thresholds, hygiene findings and remediation notices to the notifier', () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')).map((schedule) => schedule.Properties);
    for (const target of ['detect-anomalies', 'retry-deliveries']) {
      const found = schedules.find((schedule) => referencedIds(schedule.Target.Arn)[0] === logicalId(stack, stack.functions.get(target)));
      expect(found, target).toMatchObject({ ScheduleExpression: 'rate(1 minute)' });
      expect(found.Target.DeadLetterConfig.Arn).toBeDefined();
    }
    const sweep = schedules.find(
      (schedule) => referencedIds(schedule.Target.Arn)[0] === logicalId(stack, stack.functions.get('hygiene-sweep')),
    );
    expect(sweep).toMatchObject({ ScheduleExpression: 'rate(10 minutes)' });
    expect(sweep.Target.DeadLetterConfig.Arn).toBeDefined();
    const notifier = logicalId(stack, stack.functions.get('notify'));
    const patterns = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::Events::Rule')
      .filter((rule) => rule.Properties.Targets.some((target: Json) => referencedIds(target.Arn)[0] === notifier))
      .map((rule) => rule.Properties.EventPattern['detail-type'])
      .flat();
    expect(patterns.sort()).toEqual([
      'Agent.Inactive',
      'Anomaly.Detected',
      'Approval.Escalated',
      'Approval.Requested',
      'Incident.Opened',
      'Incident.Resolved',
      'Key.Expired',
      'Key.Expiring',
      'Quota.Threshold',
      'Remediation.Notified',
    ]);
  });

  it('keeps weekly maturity snapshots from an hourly schedule run by a cross-tenant job, and serves the maturity routes from a function that writes only its operational notes', () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')).map((schedule) => schedule.Properties);
    const snapshots = schedules.find(
      (schedule) => referencedIds(schedule.Target.Arn)[0] === logicalId(stack, stack.functions.get('maturity-snapshot')),
    );
    expect(snapshots).toMatchObject({ ScheduleExpression: 'rate(1 hour)' });
    expect(snapshots.Target.DeadLetterConfig.Arn).toBeDefined();
    const writes = statementsOf('maturity')
      .filter((statement) => statement.Sid !== 'OpsNotes')
      .flatMap(actionsOf)
      .filter((action) => /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/.test(action));
    expect(writes).toEqual([]);
    const routes = Object.values(ROUTES as Record<string, RouteSpec>).filter((route) => route.function === 'maturity');
    expect(routes.map((route) => route.path).sort()).toEqual([
      '/v1/maturity',
      '/v1/tenants/{tenantId}/maturity',
      '/v1/tenants/{tenantId}/maturity/report',
    ]);
  });

  it('serves the template routes from one tenant-scoped function behind the operator JWT, which reaches the tables only through the tenant role', () => {
    const routes = Object.values(resources).filter(
      (resource) =>
        resource.Type === 'AWS::ApiGatewayV2::Route' &&
        ['GET /v1/templates', 'POST /v1/tenants/{tenantId}/templates/{templateId}/apply'].includes(resource.Properties.RouteKey),
    );
    expect(routes).toHaveLength(2);
    for (const route of routes) {
      expect(route.Properties.AuthorizationType).toBe('JWT');
      const integration = resources[referencedIds(route.Properties.Target)[0]!]!;
      expect(referencedIds(integration.Properties.IntegrationUri)).toEqual([logicalId(stack, stack.functions.get('templates'))]);
    }
    expect(FUNCTIONS.find((spec) => spec.id === 'templates')).toMatchObject({
      tables: { policies: 'readwrite', control: 'readwrite', audit: 'readwrite' },
    });
    expect(FUNCTIONS.find((spec) => spec.id === 'templates')!.crossTenant).toBeUndefined();
    expect(tableStatementsOf('templates')).toEqual([]);
  });

  it("serves the platform admin's template routes from the cross-tenant org-policy function behind the operator JWT", () => {
    const keys = ['PUT /v1/templates/{templateId}', 'GET /v1/templates/{templateId}/versions', 'POST /v1/templates/{templateId}/require'];
    const routes = Object.values(resources).filter(
      (resource) => resource.Type === 'AWS::ApiGatewayV2::Route' && keys.includes(resource.Properties.RouteKey),
    );
    expect(routes).toHaveLength(3);
    for (const route of routes) {
      expect(route.Properties.AuthorizationType).toBe('JWT');
      const authorizer = resources[route.Properties.AuthorizerId.Ref]!;
      expect(authorizer.Properties.AuthorizerType).toBe('JWT');
      const integration = resources[referencedIds(route.Properties.Target)[0]!]!;
      expect(referencedIds(integration.Properties.IntegrationUri)).toEqual([logicalId(stack, stack.functions.get('org-policy'))]);
    }
    expect(FUNCTIONS.find((spec) => spec.id === 'org-policy')!.crossTenant).toBeDefined();
  });

  it('alarms on 5xx rate, stream lag, dead letters and throttles to an encrypted topic, and draws an operations dashboard', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties);
    const topics = template.findResources('AWS::SNS::Topic');
    expect(Object.keys(topics)).toHaveLength(1);
    const [topicId, topic] = Object.entries(topics)[0]!;
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    for (const alarm of alarms) expect(alarm.AlarmActions, alarm.AlarmDescription).toEqual([{ Ref: topicId }]);

    const errorRate = alarms.find((alarm) => alarm.AlarmDescription.includes('5xx'));
    expect(errorRate).toMatchObject({ Threshold: 1, EvaluationPeriods: 2, ComparisonOperator: 'GreaterThanThreshold' });
    expect(JSON.stringify(errorRate.Metrics)).toContain('5xx');

    // One alarm on the slowest stream consumer: the maximum of every consumer's iterator age.
    const iteratorAlarms = alarms.filter((alarm) => JSON.stringify(alarm.Metrics ?? []).includes('IteratorAge'));
    expect(iteratorAlarms).toHaveLength(1);
    const [lag] = iteratorAlarms;
    expect(lag).toMatchObject({ Threshold: 60_000, EvaluationPeriods: 3, ComparisonOperator: 'GreaterThanThreshold' });
    const ages = (lag.Metrics as Json[]).filter((metric) => metric.MetricStat?.Metric.MetricName === 'IteratorAge');
    expect(ages.map((metric) => referencedIds(metric.MetricStat.Metric.Dimensions[0].Value)[0]).sort()).toEqual(
      STREAM_CONSUMERS.map((consumer) => logicalId(stack, stack.functions.get(consumer.consumer))).sort(),
    );
    for (const age of ages) expect(age.MetricStat.Stat).toBe('Maximum');
    const expression = (lag.Metrics as Json[]).find((metric) => metric.Expression)!;
    expect(expression.Expression).toBe(`MAX([${ages.map((age) => age.Id).join(', ')}])`);

    const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
    const watched = alarms
      .filter((alarm) => alarm.MetricName === 'ApproximateNumberOfMessagesVisible')
      .map((alarm) => referencedIds(alarm.Dimensions[0].Value)[0]);
    expect(watched.sort()).toEqual(queues.sort());
    expect(alarms.some((alarm) => alarm.MetricName === 'Throttles' && alarm.Namespace === 'AWS/Lambda')).toBe(true);

    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]!.Properties.DashboardBody);
    for (const metric of ['Decisions', 'Denied', 'DecisionLatency', 'IteratorAge', 'ApproximateNumberOfMessagesVisible', '5xx'])
      expect(body, metric).toContain(metric);
  });

  it('pipes the audit stream through the relay to the bus', () => {
    const pipes = Object.values(resources).filter((resource) => resource.Type === 'AWS::Pipes::Pipe');
    expect(pipes).toHaveLength(STREAM_FLOWS.length);
    const [pipe] = pipes;
    expect(referencedIds(pipe!.Properties.Source)).toEqual([tableLogicalIds().audit]);
    expect(referencedIds(pipe!.Properties.Enrichment)).toEqual([logicalId(stack, stack.functions.get('audit-stream-relay'))]);
    expect(pipe!.Properties.TargetParameters.EventBridgeEventBusParameters).toEqual({ Source: '$.source', DetailType: '$.detailType' });
    // New records only: TTL removals neither reach the relay nor count as Pipes requests.
    expect(JSON.parse(pipe!.Properties.SourceParameters.FilterCriteria.Filters[0].Pattern)).toEqual({ eventName: ['INSERT'] });
  });

  it('feeds the audit stream to each consumer (usage meter, leaf capture, decision feed, metrics rollup) in order per partition key, new records only, in full batches, retried and dead-lettered', () => {
    const mappings = Object.values(resources).filter((resource) => resource.Type === 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(STREAM_CONSUMERS.length);
    expect(STREAM_CONSUMERS.map((consumer) => consumer.consumer)).toEqual([
      'usage-meter',
      'audit-leaf-capture',
      'decision-feed',
      'metrics-rollup',
    ]);
    const deadLetterQueues = new Set<string>();
    for (const consumer of STREAM_CONSUMERS) {
      const functionId = logicalId(stack, stack.functions.get(consumer.consumer));
      const mapping = mappings.find((candidate) => referencedIds(candidate.Properties.FunctionName)[0] === functionId)?.Properties;
      expect(mapping, consumer.id).toBeDefined();
      expect(referencedIds(mapping.EventSourceArn)).toEqual([tableLogicalIds().audit]);
      // Full batches within the consumer's window (1–2 s), two at a time per shard: the lag stays within seconds
      // (docs/decisions/stream-consumers.md).
      expect(mapping).toMatchObject({
        StartingPosition: 'TRIM_HORIZON',
        ParallelizationFactor: 2,
        BisectBatchOnFunctionError: false,
        MaximumRetryAttempts: 10,
        BatchSize: 1000,
        MaximumBatchingWindowInSeconds: consumer.batchingWindowSeconds ?? 1,
      });
      // Usage and metrics are read within seconds; captured leaves only when their hour is sealed, 65 minutes on.
      expect(consumer.batchingWindowSeconds ?? 1).toBeLessThanOrEqual(consumer.consumer === 'audit-leaf-capture' ? 5 : 2);
      expect(JSON.parse(mapping.FilterCriteria.Filters[0].Pattern)).toEqual({ eventName: ['INSERT'] });
      const deadLetters = referencedIds(mapping.DestinationConfig.OnFailure.Destination);
      expect(resources[deadLetters[0]!]!.Type).toBe('AWS::SQS::Queue');
      deadLetterQueues.add(deadLetters[0]!);
    }
    // The consumers share one dead-letter queue (a failure record names its function and batch).
    expect(deadLetterQueues.size).toBe(1);
    // Which tables' streams a function may read (statements on a `StreamArn`).
    const streamsReadBy = (functionId: string) =>
      statementsOf(functionId)
        .filter((statement) => actionsOf(statement).includes('dynamodb:GetRecords'))
        .flatMap((statement) => [statement.Resource].flat())
        .filter((resource: Json) => resource?.['Fn::GetAtt']?.[1] === 'StreamArn')
        .map((resource: Json) => resource['Fn::GetAtt'][0]);
    const consumers = new Set(STREAM_CONSUMERS.map((consumer) => consumer.consumer));
    for (const spec of FUNCTIONS) expect(streamsReadBy(spec.id), spec.id).toEqual(consumers.has(spec.id) ? [tableLogicalIds().audit] : []);
  });

  it('without the tenant role (tenantIsolationRole=false), grants every function its tables directly and warns', () => {
    const { stack: open, template: openTemplate } = synthesize({ tenantIsolationRole: false });
    const openResources = openTemplate.toJSON().Resources as Record<string, Json>;
    const authorize = openResources[logicalId(open, open.functions.get('authorize'))]!;
    const roleId = authorize.Properties.Role['Fn::GetAtt'][0];
    const actions = Object.values(openResources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy' && resource.Properties.Roles.some((role: Json) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[])
      .flatMap(actionsOf);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']));
    expect(actions.filter((action) => action.startsWith('sts:'))).toEqual([]);
    expect(authorize.Properties.Environment.Variables.WARDEN_TENANT_ROLE_ARN).toBeUndefined();
    Annotations.fromStack(open).hasWarning('*', Match.stringLikeRegexp('tenantIsolationRole is false'));
  });

  it('confines the tenant role to items whose key begins with the session tag tenant, and to reads of org and platform partitions', () => {
    const ids = tableLogicalIds();
    const roleStatements = Object.values(resources)
      .filter(
        (resource) => resource.Type === 'AWS::IAM::Policy' && resource.Properties.Roles.some((role: Json) => role.Ref === tenantRoleId()),
      )
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[]);
    const bySid = Object.fromEntries(roleStatements.map((statement) => [statement.Sid, statement]));
    expect(Object.keys(bySid).sort()).toEqual(['SharedReadsControl', 'SharedReadsPolicies', 'TenantItems']);
    expect(bySid.TenantItems.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['${aws:PrincipalTag/tenant}', '${aws:PrincipalTag/tenant}#*'] },
      StringLike: { 'aws:PrincipalTag/tenant': '?*' },
      StringNotLike: { 'aws:PrincipalTag/tenant': ['~*', '*#*'] },
    });
    expect(new Set(referencedIds(bySid.TenantItems.Resource))).toEqual(new Set(Object.values(ids)));
    const shared = {
      SharedReadsPolicies: { table: ids.policies, keys: ['~org#*'] },
      SharedReadsControl: { table: ids.control, keys: ['~platform#*'] },
    };
    for (const [sid, { table, keys }] of Object.entries(shared)) {
      const statement = bySid[sid]!;
      expect(actionsOf(statement).sort(), sid).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']);
      expect(statement.Resource, sid).toEqual({ 'Fn::GetAtt': [table, 'Arn'] }); // the table only: no index
      expect(statement.Condition, sid).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keys } });
    }
  });

  it('shares for reading exactly the partitions the org and platform keys live in, never a tenant key', () => {
    // IAM's StringLike with one trailing `*`, the only wildcard these patterns use.
    const matches = (patterns: readonly string[], key: string) => patterns.some((pattern) => key.startsWith(pattern.slice(0, -1)));
    const org = SHARED_READ_PARTITIONS.policies!;
    const platform = SHARED_READ_PARTITIONS.control!;
    for (const pattern of [...org, ...platform]) expect(pattern).toMatch(/^~[a-z]+#\*$/);
    for (const key of [
      policyKeys.orgEpoch.pk,
      policyKeys.head(ORG_PARTITION_OWNER, 'org').pk,
      policyKeys.version(ORG_PARTITION_OWNER, 'org', 3).pk,
      policyKeys.testLibrary(ORG_PARTITION_OWNER).pk,
    ]) {
      expect(matches(org, key), key).toBe(true);
    }
    for (const key of [
      controlKeys.pricePlan('gold').pk,
      controlKeys.pricePlanHistory('gold'),
      controlKeys.closedPeriod('2026-11').pk,
      // Org templates: the tenant-scoped templates function lists and applies them through the shared client.
      controlKeys.orgTemplate('ours').pk,
      controlKeys.orgTemplateHistory('ours'),
      controlKeys.requiredTemplate('pii-guardrail').pk,
    ])
      expect(matches(platform, key), key).toBe(true);
    for (const key of [
      policyKeys.head('acme', 'tenant').pk,
      controlKeys.tenant('acme').pk,
      controlKeys.agent('acme', 'a1').pk,
      controlKeys.tenantListingPartition,
    ]) {
      expect(matches([...org, ...platform], key), key).toBe(false);
    }
  });

  it.each(Object.values(WORKFLOWS).map((workflow) => [workflow.id, workflow] as const))(
    'deploys the %s state machine from the same ASL file, its placeholders replaced by function ARNs, logged and traced',
    (workflowId, workflow) => {
      const machine = resources[logicalId(stack, stack.workflows.get(workflowId))]!.Properties;
      const asl = readFileSync(join(ROOT, workflow.definitionFile), 'utf8');
      expect(machine.DefinitionString).toEqual(asl);
      const taskFunctions = Object.values(workflow.functions).map((functionId) => logicalId(stack, stack.functions.get(functionId)));
      expect(Object.values(machine.DefinitionSubstitutions).flatMap(referencedIds).sort()).toEqual([...taskFunctions].sort());
      expect(machine.TracingConfiguration).toEqual({ Enabled: true });
      expect(machine.LoggingConfiguration.Level).toBe('ALL');
      const machineRole = machine.RoleArn['Fn::GetAtt'][0];
      const invokes = Object.values(resources)
        .filter(
          (resource) => resource.Type === 'AWS::IAM::Policy' && resource.Properties.Roles.some((role: Json) => role.Ref === machineRole),
        )
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
        .filter((statement: Json) => actionsOf(statement).includes('lambda:InvokeFunction'));
      expect(new Set(invokes.flatMap((statement: Json) => referencedIds(statement.Resource)))).toEqual(new Set(taskFunctions));
    },
  );

  it.each(Object.values(WORKFLOWS).map((workflow) => [workflow.id] as const))(
    'lets a function start, answer or stop %s executions only as the manifest says, and tells only those the ARN',
    (workflowId) => {
      const machineId = logicalId(stack, stack.workflows.get(workflowId));
      // Every grant names the machine: on it, or on its executions (an ARN made from the machine's).
      const sfnActions = (functionId: string) =>
        statementsOf(functionId)
          .filter((statement) => JSON.stringify(statement.Resource).includes(machineId))
          .flatMap(actionsOf)
          .filter((action) => action.startsWith('states:'))
          .sort();
      const expected = {
        start: ['states:StartExecution'],
        respond: ['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess'],
        stop: ['states:StopExecution'],
      };
      for (const spec of FUNCTIONS) {
        const accesses = spec.workflows?.[workflowId] ?? [];
        expect(sfnActions(spec.id), `${spec.id} on ${workflowId}`).toEqual(accesses.flatMap((access) => expected[access]).sort());
        const machineIds = Object.keys(WORKFLOWS).map((id) => logicalId(stack, stack.workflows.get(id as keyof typeof WORKFLOWS)));
        for (const statement of statementsOf(spec.id).filter((candidate) => actionsOf(candidate).some((a) => a.startsWith('states:'))))
          expect(
            machineIds.some((id) => JSON.stringify(statement.Resource).includes(id)),
            `${spec.id}: ${JSON.stringify(statement.Resource)}`,
          ).toBe(true);
        const variables = resources[logicalId(stack, stack.functions.get(spec.id))]!.Properties.Environment.Variables;
        if (accesses.length > 0) expect(variables[WORKFLOWS[workflowId].envName], spec.id).toEqual({ Ref: machineId });
        else expect(variables[WORKFLOWS[workflowId].envName], spec.id).toBeUndefined();
      }
      // No cycle: a machine's task functions never call the machine.
      for (const functionId of Object.values(WORKFLOWS[workflowId].functions))
        expect(FUNCTIONS.find((spec) => spec.id === functionId)?.workflows).toBeUndefined();
    },
  );

  it('starts remediation runs from the events playbooks listen to, and sends their notices to the notifier', () => {
    const trigger = logicalId(stack, stack.functions.get('remediation-trigger'));
    const rules = Object.values(resources).filter((resource) => resource.Type === 'AWS::Events::Rule');
    const detailTypes = rules
      .filter((rule) => rule.Properties.Targets.some((target: Json) => referencedIds(target.Arn)[0] === trigger))
      .flatMap((rule) => rule.Properties.EventPattern['detail-type']);
    expect(detailTypes.sort()).toEqual([
      'Agent.Inactive',
      'Anomaly.Detected',
      'Incident.Opened',
      'Key.Expired',
      'Key.Expiring',
      'Quota.Threshold',
    ]);
    for (const rule of rules) expect(rule.Properties.Targets[0].DeadLetterConfig.Arn, rule.Properties.Description).toBeDefined();
  });

  it('runs each schedule of the manifest on EventBridge Scheduler: its function only, with the time it was due, retried and dead-lettered', () => {
    const schedules: ScheduleSpec[] = [{ id: 'nightly-sweep', description: 'A test job', target: 'health', rate: 'rate(1 day)' }];
    const withSchedule = synthesize({}, schedules);
    const found = withSchedule.template.findResources('AWS::Scheduler::Schedule');
    expect(Object.keys(found)).toHaveLength(1);
    const props = Object.values(found)[0]!.Properties;
    expect(props.ScheduleExpression).toBe('rate(1 day)');
    expect(props.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    const healthId = logicalId(withSchedule.stack, withSchedule.stack.functions.get('health'));
    expect(props.Target.Arn).toEqual({ 'Fn::GetAtt': [healthId, 'Arn'] });
    expect(JSON.parse(props.Target.Input)).toEqual({ scheduleId: 'nightly-sweep', scheduledAt: '<aws.scheduler.scheduled-time>' });
    expect(props.Target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 2 });
    expect(props.Target.DeadLetterConfig.Arn).toBeDefined();
    const resourcesWithSchedule = withSchedule.template.toJSON().Resources as Record<string, Json>;
    const roleId = props.Target.RoleArn['Fn::GetAtt'][0] as string;
    const invokes = Object.values(resourcesWithSchedule)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy' && resource.Properties.Roles.some((role: Json) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[])
      .filter((statement) => [statement.Action].flat().includes('lambda:InvokeFunction'));
    expect(JSON.stringify(invokes)).toContain(healthId);
    expect(
      FUNCTIONS.filter((spec) => spec.id !== 'health').some((spec) =>
        JSON.stringify(invokes).includes(logicalId(withSchedule.stack, withSchedule.stack.functions.get(spec.id))),
      ),
    ).toBe(false);
    // The manifest has no schedules yet: the app itself makes none.
    expect(Object.keys(template.findResources('AWS::Scheduler::Schedule'))).toHaveLength(SCHEDULES.length);
  });

  it('keeps billing exports in an encrypted, private, TLS-only bucket whose exports expire and whose frozen months stay', () => {
    const bucket = resources[logicalId(stack, stack.buckets.byId.get('exports')!)]!.Properties;
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.LoggingConfiguration.DestinationBucketName).toBeDefined();
    const rules = bucket.LifecycleConfiguration.Rules as Json[];
    expect(rules.find((rule) => rule.Prefix === 'exports/')).toMatchObject({
      ExpirationInDays: BUCKETS.exports.expire['exports/'],
      Status: 'Enabled',
    });
    expect(rules.filter((rule) => rule.ExpirationInDays !== undefined).map((rule) => rule.Prefix)).toEqual(['exports/']); // periods/ never expire
    const policy = Object.values(resources).find(
      (resource) =>
        resource.Type === 'AWS::S3::BucketPolicy' &&
        referencedIds(resource.Properties.Bucket).includes(logicalId(stack, stack.buckets.byId.get('exports')!)),
    )!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('lets only the functions the manifest names get or put objects, and tells only those the bucket', () => {
    for (const bucket of ['exports', 'digests'] as const) {
      const bucketId = logicalId(stack, stack.buckets.byId.get(bucket)!);
      for (const spec of FUNCTIONS) {
        const s3 = statementsOf(spec.id).filter(
          (statement) =>
            actionsOf(statement).some((action) => action.startsWith('s3:')) && referencedIds(statement.Resource).includes(bucketId),
        );
        const actions = s3.flatMap(actionsOf).sort();
        const access = spec.buckets?.[bucket];
        expect(actions, `${spec.id} ${bucket}`).toEqual(
          access === 'readwrite'
            ? ['s3:GetObject', 's3:ListBucket', 's3:PutObject']
            : access === 'read'
              ? ['s3:GetObject', 's3:ListBucket']
              : [],
        );
        for (const statement of s3) expect(referencedIds(statement.Resource), spec.id).toEqual([bucketId]);
        const variables = resources[logicalId(stack, stack.functions.get(spec.id))]!.Properties.Environment.Variables;
        expect(variables[BUCKETS[bucket].envName] !== undefined, `${spec.id} ${bucket}`).toBe(access !== undefined);
      }
    }
    // Every S3 statement of a function names one of the manifest's buckets.
    const known = [...stack.buckets.byId.values()].map((bucket) => logicalId(stack, bucket));
    for (const spec of FUNCTIONS)
      for (const statement of statementsOf(spec.id).filter((candidate) => actionsOf(candidate).some((action) => action.startsWith('s3:'))))
        expect(known, spec.id).toEqual(expect.arrayContaining(referencedIds(statement.Resource)));
  });

  it('keeps the audit digests in a versioned bucket under Object Lock in compliance mode, kept when the stack goes, written only by the sealer', () => {
    const id = logicalId(stack, stack.buckets.byId.get('digests')!);
    const bucket = resources[id]!;
    expect(bucket.Properties.ObjectLockEnabled).toBe(true);
    expect(bucket.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: BUCKETS.digests.objectLockDays } },
    });
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.DeletionPolicy).toBe('Retain');
    const rules = bucket.Properties.LifecycleConfiguration.Rules as Json[];
    expect(rules.filter((rule) => rule.ExpirationInDays !== undefined || rule.NoncurrentVersionExpiration !== undefined)).toEqual([]);
    const writers = FUNCTIONS.filter((spec) =>
      statementsOf(spec.id).some(
        (statement) => actionsOf(statement).includes('s3:PutObject') && referencedIds(statement.Resource).includes(id),
      ),
    ).map((spec) => spec.id);
    expect(writers).toEqual(['audit-digest-sealer']);
    const sealing = Object.values(template.findResources('AWS::Scheduler::Schedule')).find(
      (schedule) => referencedIds(schedule.Properties.Target.Arn)[0] === logicalId(stack, stack.functions.get('audit-digest-sealer')),
    );
    expect(sealing?.Properties).toMatchObject({ ScheduleExpression: 'rate(1 hour)' });
  });

  it('passes cdk-nag AwsSolutions with every finding acknowledged with a reason', () => {
    expect(() => app.synth()).not.toThrow();
  });

  describe('warm decision path (warmDecisionInstances)', () => {
    it('keeps no instance warm by default: routes and the authorizer invoke the functions themselves', () => {
      expect(Object.values(resources).filter((resource) => resource.Type === 'AWS::Lambda::Alias')).toEqual([]);
      expect(Object.values(resources).filter((resource) => resource.Type === 'AWS::ApplicationAutoScaling::ScalableTarget')).toEqual([]);
    });

    it('keeps the authorizer and authorize warm through live aliases, scaled on use, and points the API at them', () => {
      // Prepare
      const warm = synthesize({ warmDecisionInstances: 3 });
      const warmResources = warm.template.toJSON().Resources as Record<string, Json>;
      const of = (type: string) => Object.entries(warmResources).filter(([, resource]) => resource.Type === type);

      // Act
      const aliases = of('AWS::Lambda::Alias');

      // Assess
      const aliasOf = (functionId: string) => {
        const functionLogicalId = logicalId(warm.stack, warm.stack.functions.get(functionId));
        const found = aliases.filter(([, alias]) => referencedIds(alias.Properties.FunctionName).includes(functionLogicalId));
        expect(found, functionId).toHaveLength(1);
        return found[0]!;
      };
      expect(aliases).toHaveLength(WARM_FUNCTIONS.length);
      for (const functionId of WARM_FUNCTIONS) {
        const [, alias] = aliasOf(functionId);
        expect(alias.Properties).toMatchObject({ Name: 'live', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 3 } });
      }
      const targets = of('AWS::ApplicationAutoScaling::ScalableTarget');
      expect(targets.map(([, target]) => target.Properties)).toEqual(
        WARM_FUNCTIONS.map(() =>
          expect.objectContaining({
            MinCapacity: 3,
            MaxCapacity: 3 * WARM_SCALE_FACTOR,
            ScalableDimension: 'lambda:function:ProvisionedConcurrency',
          }),
        ),
      );
      const policies = of('AWS::ApplicationAutoScaling::ScalingPolicy').map(([, policy]) => policy.Properties);
      expect(policies).toHaveLength(WARM_FUNCTIONS.length);
      for (const policy of policies)
        expect(policy.TargetTrackingScalingPolicyConfiguration).toMatchObject({
          TargetValue: 0.7,
          PredefinedMetricSpecification: { PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' },
        });

      const routeOf = (key: string) => of('AWS::ApiGatewayV2::Route').find(([, route]) => route.Properties.RouteKey === key)![1] as Json;
      const authorizeRoute = routeOf('POST /v1/authorize');
      const integration = warmResources[referencedIds(authorizeRoute.Properties.Target)[0]!]!;
      expect(referencedIds(integration.Properties.IntegrationUri)).toEqual([aliasOf('authorize')[0]]);
      const authorizer = warmResources[authorizeRoute.Properties.AuthorizerId.Ref]!;
      expect(referencedIds(authorizer.Properties.AuthorizerUri)).toContain(aliasOf('agent-authorizer')[0]);
      // The gateway may invoke the aliases (the function's own permission does not cover a qualified ARN).
      const invokers = of('AWS::Lambda::Permission').map(([, permission]) => referencedIds(permission.Properties.FunctionName));
      for (const functionId of WARM_FUNCTIONS) expect(invokers.flat()).toContain(aliasOf(functionId)[0]);
      // Other routes still invoke their functions.
      const teamsRoute = routeOf('GET /v1/tenants/{tenantId}/teams');
      expect(referencedIds(warmResources[referencedIds(teamsRoute.Properties.Target)[0]!]!.Properties.IntegrationUri)).toEqual([
        logicalId(warm.stack, warm.stack.functions.get('teams-list')),
      ]);
      expect(() => warm.app.synth()).not.toThrow();
    });
  });

  describe('console hosting', () => {
    it('has the local runtime send the same Content-Security-Policy as CloudFront, so browser tests meet the policy AWS enforces', () => {
      const issuer = 'https://idp.example.com/realms/warden';
      expect(consoleSecurityHeaders(issuer)['content-security-policy']).toBe(consoleContentSecurityPolicy(issuer));
    });

    const distributionId = () => logicalId(stack, stack.console.distribution);
    const bucketId = () => logicalId(stack, stack.console.bucket);
    const distribution = () => resources[distributionId()]!.Properties.DistributionConfig as Json;
    const apiOrigin = () => (distribution().Origins as Json[]).find((origin) => origin.CustomOriginConfig)!;
    /** The files a BucketDeployment's sources hold: each source is a staged asset directory of the app. */
    const deployedFiles = (synthesized: { app: App; template: Template }, id: string) => {
      const deployment = Object.entries(synthesized.template.findResources('Custom::CDKBucketDeployment')).find(([key]) =>
        key.startsWith(id),
      );
      const keys = (deployment?.[1].Properties.SourceObjectKeys ?? []) as string[];
      return keys.map((key) => join(synthesized.app.outdir, `asset.${key.replace(/\.zip$/, '')}`));
    };

    it('keeps the app in a private, encrypted, versioned, logged, TLS-only bucket only the distribution may read (Origin Access Control)', () => {
      const bucket = resources[bucketId()]!.Properties;
      expect(bucket.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
      expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(referencedIds(bucket.LoggingConfiguration.DestinationBucketName)).toEqual([logicalId(stack, stack.buckets.accessLogs)]);
      const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter((policy) =>
        referencedIds(policy.Properties.Bucket).includes(bucketId()),
      );
      expect(policies).toHaveLength(1);
      const statements = policies[0]!.Properties.PolicyDocument.Statement as Json[];
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      const allowed = statements.filter((statement) => statement.Effect === 'Allow');
      expect(allowed).toHaveLength(1);
      expect(allowed[0]).toMatchObject({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' });
      const sourceArn = allowed[0]!.Condition.StringEquals['AWS:SourceArn'];
      expect(referencedIds(sourceArn).filter((id) => !id.startsWith('AWS::'))).toEqual([distributionId()]);
      expect(JSON.stringify(sourceArn)).toContain(':cloudfront::');
      const s3Origin = (distribution().Origins as Json[]).find((origin) => origin.S3OriginConfig)!;
      const [oacId] = referencedIds(s3Origin.OriginAccessControlId);
      expect(resources[oacId!]).toMatchObject({
        Type: 'AWS::CloudFront::OriginAccessControl',
        Properties: { OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always' } },
      });
      expect(referencedIds(s3Origin.DomainName)).toEqual([bucketId()]);
    });

    it('serves the app over HTTPS (HTTP/2 and 3, index.html at the root, logged) with no error responses that would rewrite the API', () => {
      const config = distribution();
      expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
      expect(config.HttpVersion).toBe('http2and3');
      expect(config.DefaultRootObject).toBe('index.html');
      expect(referencedIds(config.Logging.Bucket)).toEqual([logicalId(stack, stack.buckets.accessLogs)]);
      expect(config.CustomErrorResponses).toBeUndefined();
    });

    it('sends /v1/* and /openapi.json to the HTTP API over HTTPS only, uncached, all methods, with every viewer header but Host', () => {
      const config = distribution();
      expect(config.Origins).toHaveLength(2);
      const origin = apiOrigin();
      expect(origin.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
      expect(referencedIds(origin.DomainName)).toEqual([logicalId(stack, stack.http.api), 'AWS::Region', 'AWS::URLSuffix']);
      expect(JSON.stringify(origin.DomainName)).toContain('.execute-api.');
      const behaviors = config.CacheBehaviors as Json[];
      expect(behaviors.map((behavior) => behavior.PathPattern)).toEqual(['/v1/*', '/openapi.json']);
      for (const behavior of behaviors) {
        expect(behavior, behavior.PathPattern).toMatchObject({
          TargetOriginId: origin.Id,
          CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
          OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
          ViewerProtocolPolicy: 'redirect-to-https',
        });
        expect([...behavior.AllowedMethods].sort(), behavior.PathPattern).toEqual([
          'DELETE',
          'GET',
          'HEAD',
          'OPTIONS',
          'PATCH',
          'POST',
          'PUT',
        ]);
      }
      expect(config.DefaultCacheBehavior.TargetOriginId).not.toBe(origin.Id);
    });

    it('puts security headers on every behaviour: a CSP without inline scripts that allows the issuer, HSTS for two years, DENY, nosniff', () => {
      const config = distribution();
      const policyIds = [config.DefaultCacheBehavior, ...config.CacheBehaviors].map((behavior: Json) => behavior.ResponseHeadersPolicyId);
      const headersId = logicalId(stack, stack.console.headers);
      expect(policyIds).toEqual([{ Ref: headersId }, { Ref: headersId }, { Ref: headersId }]);
      const headers = resources[headersId]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
      const csp = new Map(
        (headers.ContentSecurityPolicy.ContentSecurityPolicy as string).split(';').map((directive) => {
          const [name, ...sources] = directive.trim().split(/\s+/);
          return [name!, sources];
        }),
      );
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(headers.ContentSecurityPolicy.ContentSecurityPolicy).not.toContain('unsafe-inline');
      expect(csp.get('connect-src')).toEqual(["'self'", new URL(settings.jwtIssuer).origin]);
      expect(csp.get('form-action')).toEqual(["'self'", new URL(settings.jwtIssuer).origin]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(headers.StrictTransportSecurity).toMatchObject({
        AccessControlMaxAgeSec: 63_072_000,
        IncludeSubdomains: true,
        Override: true,
      });
      expect(headers.ContentTypeOptions).toMatchObject({ Override: true });
      expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
      expect(headers.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'strict-origin-when-cross-origin' });
    });

    it('rewrites client-side routes to /index.html on the app behaviour only, leaving files and the API untouched', () => {
      const config = distribution();
      const functionId = logicalId(stack, stack.console.spaRewrite);
      expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
        { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
      ]);
      for (const behavior of config.CacheBehaviors as Json[]) expect(behavior.FunctionAssociations, behavior.PathPattern).toBeUndefined();
      const fn = resources[functionId]!.Properties;
      expect(fn.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
      const handler = new Function(`${fn.FunctionCode}\nreturn handler;`)() as (event: Json) => { uri: string };
      const rewrite = (uri: string) => handler({ request: { uri } }).uri;
      expect(rewrite('/agents/a-1')).toBe('/index.html');
      expect(rewrite('/')).toBe('/index.html');
      expect(rewrite('/settings/')).toBe('/index.html');
      expect(rewrite('/assets/index-4f2a9c.js')).toBe('/assets/index-4f2a9c.js');
      expect(rewrite('/config.json')).toBe('/config.json');
      expect(rewrite('/index.html')).toBe('/index.html');
    });

    it('deploys only config.json, with the issuer and client id from the settings, and warns when web/dist is not built', () => {
      const deployments = template.findResources('Custom::CDKBucketDeployment');
      expect(Object.keys(deployments)).toHaveLength(1);
      const [sourceDir] = deployedFiles({ app, template }, 'ConsoleEntry');
      expect(readdirSync(sourceDir!)).toEqual(['config.json']);
      expect(JSON.parse(readFileSync(join(sourceDir!, 'config.json'), 'utf8'))).toEqual({
        mode: 'oidc',
        oidc: { issuer: settings.jwtIssuer, clientId: DEFAULT_SETTINGS.consoleOidcClientId, scopes: ['openid', 'profile', 'email'] },
      });
      const entry = Object.values(deployments)[0]!.Properties;
      expect(entry).toMatchObject({ DistributionId: { Ref: distributionId() }, DistributionPaths: ['/*'] });
      expect(referencedIds(entry.DestinationBucketName)).toEqual([bucketId()]);
      Annotations.fromStack(stack).hasWarning('/Warden/Console', Match.stringLikeRegexp('web/dist is missing: run npm run build:web'));
    });

    it('with web/dist built, deploys its hashed assets (cached a year) before index.html and config.json (revalidated), and does not warn', () => {
      const dist = mkdtempSync(join(tmpdir(), 'warden-web-dist-'));
      mkdirSync(join(dist, 'assets'));
      writeFileSync(join(dist, 'index.html'), '<!doctype html><script type="module" src="/assets/index-1.js"></script>');
      writeFileSync(join(dist, 'assets/index-1.js'), 'console.log(1)');
      writeFileSync(join(dist, 'config.json'), '{"mode":"local"}');
      const built = synthesize({ consoleOidcClientId: 'ops-console' }, undefined, dist);
      const deployments = built.template.findResources('Custom::CDKBucketDeployment');
      const [assetsId, entryId] = ['ConsoleAssets', 'ConsoleEntry'].map((prefix) =>
        Object.keys(deployments).find((id) => id.startsWith(prefix))!,
      );
      expect(deployments[assetsId!]!.Properties).toMatchObject({
        Exclude: ['index.html'],
        Prune: false,
        SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      });
      expect(deployments[entryId!]!.Properties).toMatchObject({
        Exclude: ['*'],
        Include: ['index.html', 'config.json'],
        SystemMetadata: { 'cache-control': 'no-cache' },
        DistributionPaths: ['/*'],
      });
      expect(deployments[entryId!]!.DependsOn).toContain(assetsId);
      const [appDir, configDir] = deployedFiles(built, 'ConsoleEntry');
      expect(readdirSync(appDir!).sort()).toEqual(['assets', 'index.html']); // the build's own config.json is not deployed
      expect(JSON.parse(readFileSync(join(configDir!, 'config.json'), 'utf8')).oidc.clientId).toBe('ops-console');
      expect(Annotations.fromStack(built.stack).findWarning('*', Match.stringLikeRegexp('web/dist is missing'))).toEqual([]);
    });

    it('outputs the console URL and its bucket', () => {
      template.hasOutput('ConsoleUrl', { Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId(), 'DomainName'] }]] } });
      template.hasOutput('ConsoleBucketName', { Value: { Ref: bucketId() } });
    });

    it('acknowledges the CloudFront findings on the distribution only, and the deployment handler findings on it only', () => {
      const acknowledged = (construct: { node: { metadata: { type: string; data: unknown }[] } }) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.keys(entry.data as Json));
      expect(acknowledged(stack.console.distribution)).toEqual(Object.keys(ACKNOWLEDGED_DISTRIBUTION_RULES));
      expect(acknowledged(stack).filter((id) => /CFR|L1/.test(id))).toEqual([]);
      const handler = stack.console.deployments[0]!.handlerRole.node.scope!;
      expect(acknowledged(handler)).toEqual(expect.arrayContaining(['AwsSolutions::AwsSolutions-L1']));
      expect(new Set(stack.console.deployments.map((deployment) => deployment.handlerRole.node.scope))).toEqual(new Set([handler]));
    });
  });

  it('fails synthesis on an AwsSolutions finding nobody acknowledged', () => {
    const other = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const bad = new Stack(other, 'Bad');
    new Queue(bad, 'Plain', { enforceSSL: false });
    Validations.of(other).addPlugins(new AwsSolutionsChecks(other));
    expect(() => other.synth()).toThrow();
  });
});

describe('cdk synth (real esbuild bundling, offline)', () => {
  it('synthesizes the app and bundles every function', async () => {
    const output = mkdtempSync(join(tmpdir(), 'warden-cdk-'));
    await promisify(execFile)('npx', ['cdk', 'synth', '--quiet', '--output', output], {
      cwd: ROOT,
      timeout: 240_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const stackTemplate = JSON.parse(readFileSync(join(output, 'Warden.template.json'), 'utf8')) as { Resources: Record<string, Json> };
    const functions = Object.values(stackTemplate.Resources).filter((resource) => resource.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(FUNCTIONS.length);
    // Directories only: the console's BucketDeployment adds the AWS CLI layer, a zip file asset.
    const bundles = readdirSync(output).filter((entry) => entry.startsWith('asset.') && statSync(join(output, entry)).isDirectory());
    const withCode = bundles.filter((bundle) => readdirSync(join(output, bundle)).includes('index.mjs'));
    expect(withCode.length).toBeGreaterThanOrEqual(FUNCTIONS.length);
    // Each function its own bundle: CDK keys its bundling cache on the options, which name the entry.
    const codes = new Set(functions.map((fn) => JSON.stringify((fn.Properties as { Code: Json }).Code)));
    expect(codes.size).toBe(functions.length);
    expect(bundles.some((bundle) => readdirSync(join(output, bundle)).includes('openapi.json'))).toBe(true);
  }, 300_000);
});
