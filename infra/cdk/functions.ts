/**
 * One Lambda function per manifest function: esbuild bundles it with code splitting
 * (function-bundling.ts, run in-process as the asset's local bundling), arm64, the current
 * Node.js runtime, X-Ray tracing, a log group with retention, and permissions exactly as the
 * manifest lists them: a tenant-scoped function that uses tables may only assume the tenant
 * access role (and gets its ARN); a cross-tenant one also gets each of its tables read or
 * read/write (indexes included); the bus only for functions that put events; the cursor secret.
 * Without a tenant access role (`tenantIsolationRole=false`) every function gets its tables.
 */
import { AssetHashType, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Alias, Architecture, Code, Function as LambdaFunction, type IFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { EVENT_BUS, FUNCTIONS, type FunctionSpec } from '../../shared/manifest';
import { tableEnvName, type TableId } from '../../shared/manifest/tables';
import { functionEnvironment, type FunctionVariables } from '../../shared/manifest/function-environment';
import { buildFunctionSync, FUNCTION_NODE_OPTIONS } from './function-bundling';
import type { TenantAccessRole } from './tenant-access-role';

const ROOT = join(import.meta.dirname, '../..');

/** `tenants-onboard` → `TenantsOnboard`, for construct ids. */
export const constructName = (id: string) => id.replace(/(^|-)([a-z0-9])/g, (_, __, char: string) => char.toUpperCase());

export interface FunctionsProps {
  readonly tables: Record<TableId, TableV2>;
  readonly bus: IEventBus;
  readonly cursorSecret: ISecret;
  /** The seed of the policy bundles' signing key: only functions that sign bundles read it. */
  readonly bundleSecret: ISecret;
  /** Stack-wide settings of the environment contract (the rest is set per function here). */
  readonly environment: FunctionVariables;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** The role tenant-scoped table access runs under; absent, functions get their tables directly. */
  readonly tenantAccess?: TenantAccessRole;
  /** Provisioned instances of each decision-path function (WARM_FUNCTIONS); 0 or absent: none. */
  readonly warmInstances?: number;
}

/**
 * The functions every agent call runs through: the agent authorizer, then `authorize`. With
 * `warmInstances`, each is invoked through a `live` alias with that many provisioned instances,
 * scaled on their use (70 %) up to WARM_SCALE_FACTOR times as many.
 */
export const WARM_FUNCTIONS = ['agent-authorizer', 'authorize'] as const;
export const WARM_SCALE_FACTOR = 10;
const WARM_UTILIZATION = 0.7;

/** The Node.js runtime of every function. */
const RUNTIME = Runtime.NODEJS_24_X;

/**
 * A function's code: bundled in-process with esbuild (`buildFunctionSync`), hashed by its output.
 * Docker is never needed; the image is named only because CDK's bundling options require one.
 * The command names the entry: CDK keys its bundling cache on these options, and without it every
 * function would be given the first one's bundle.
 */
function bundledCode(spec: FunctionSpec): Code {
  return Code.fromAsset(ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: RUNTIME.bundlingImage,
      command: ['esbuild', spec.entry],
      local: {
        tryBundle(outputDir) {
          buildFunctionSync(spec.id, join(ROOT, spec.entry), outputDir);
          return true;
        },
      },
    },
  });
}

/** The functions of the manifest, by id. */
export class WardenFunctions extends Construct {
  readonly byId = new Map<string, LambdaFunction>();
  /**
   * One log group for every function: Lambda names each stream after its function
   * (`YYYY/MM/DD/<function>[<version>]<id>`), so nothing is lost, and the stack holds one log group
   * instead of one per function (CloudFormation's 500 resources: docs/decisions/cdk-app.md).
   */
  readonly logGroup: LogGroup;
  /** The `live` aliases of the decision-path functions, when instances are kept warm. */
  readonly warm = new Map<string, Alias>();

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    const tableNames: FunctionVariables = Object.fromEntries(
      (Object.keys(props.tables) as TableId[]).map((tableId) => [tableEnvName(tableId), props.tables[tableId].tableName]),
    );
    for (const spec of FUNCTIONS) this.byId.set(spec.id, this.create(spec, props, tableNames));
    const warmInstances = props.warmInstances ?? 0;
    if (warmInstances > 0) for (const functionId of WARM_FUNCTIONS) this.warm.set(functionId, this.keepWarm(functionId, warmInstances));
  }

  /** What callers invoke for this manifest id: the `live` alias of a function kept warm, otherwise the function. */
  invoked(id: string): IFunction {
    return this.warm.get(id) ?? this.get(id);
  }

  private keepWarm(functionId: string, instances: number): Alias {
    const fn = this.get(functionId);
    const alias = new Alias(this, `${constructName(functionId)}Live`, {
      aliasName: 'live',
      version: fn.currentVersion,
      provisionedConcurrentExecutions: instances,
    });
    alias
      .addAutoScaling({ minCapacity: instances, maxCapacity: instances * WARM_SCALE_FACTOR })
      .scaleOnUtilization({ utilizationTarget: WARM_UTILIZATION });
    return alias;
  }

  /** The function with this manifest id. */
  get(id: string): LambdaFunction {
    const found = this.byId.get(id);
    if (!found) throw new Error(`No function ${id} in the manifest`);
    return found;
  }

  private create(spec: FunctionSpec, props: FunctionsProps, tableNames: FunctionVariables): LambdaFunction {
    const name = constructName(spec.id);
    const usesTables = Object.keys(spec.tables).length > 0;
    const assumesTenantRole = props.tenantAccess !== undefined && usesTables;
    const environment = functionEnvironment({
      ...props.environment,
      ...tableNames,
      [EVENT_BUS.envName]: props.bus.eventBusName,
      WARDEN_CURSOR_SECRET_ARN: props.cursorSecret.secretArn,
      ...(spec.signsBundles ? { WARDEN_BUNDLE_SECRET_ARN: props.bundleSecret.secretArn } : {}),
      POWERTOOLS_SERVICE_NAME: 'warden',
      ...(assumesTenantRole ? { WARDEN_TENANT_ROLE_ARN: props.tenantAccess.role.roleArn } : {}),
    });
    const fn = new LambdaFunction(this, name, {
      code: bundledCode(spec),
      handler: 'index.handler',
      description: spec.description,
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb ?? 512,
      timeout: Duration.seconds(spec.timeoutSeconds ?? 10),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      environment: { ...environment, NODE_OPTIONS: FUNCTION_NODE_OPTIONS.join(' ') },
    });
    if (assumesTenantRole) props.tenantAccess.grantAssume(fn);
    if (!props.tenantAccess || spec.crossTenant !== undefined) {
      for (const [tableId, access] of Object.entries(spec.tables) as [TableId, 'read' | 'readwrite'][]) {
        if (access === 'readwrite') props.tables[tableId].grantReadWriteData(fn);
        else props.tables[tableId].grantReadData(fn);
      }
    }
    if (spec.putsEvents) props.bus.grantPutEventsTo(fn);
    props.cursorSecret.grantRead(fn);
    if (spec.signsBundles) props.bundleSecret.grantRead(fn);
    return fn;
  }
}
