/**
 * One NodejsFunction per manifest function: esbuild bundles (ESM, source maps), arm64, the current
 * Node.js runtime, X-Ray tracing, a log group with retention, and permissions exactly as the
 * manifest lists them: a tenant-scoped function that uses tables may only assume the tenant
 * access role (and gets its ARN); a cross-tenant one also gets each of its tables read or
 * read/write (indexes included); the bus only for functions that put events; the cursor secret.
 * Without a tenant access role (`tenantIsolationRole=false`) every function gets its tables.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { EVENT_BUS, FUNCTIONS, type FunctionSpec } from '../../shared/manifest';
import { tableEnvName, type TableId } from '../../shared/manifest/tables';
import type { TenantAccessRole } from './tenant-access-role';

const ROOT = join(import.meta.dirname, '../..');

/** `tenants-onboard` → `TenantsOnboard`, for construct ids. */
export const constructName = (id: string) => id.replace(/(^|-)([a-z0-9])/g, (_, __, char: string) => char.toUpperCase());

export interface FunctionsProps {
  readonly tables: Record<TableId, TableV2>;
  readonly bus: IEventBus;
  readonly cursorSecret: ISecret;
  readonly environment: Record<string, string>;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** The role tenant-scoped table access runs under; absent, functions get their tables directly. */
  readonly tenantAccess?: TenantAccessRole;
}

/** Environment variable with the tenant access role's ARN (functions/_lib/config.ts). */
export const TENANT_ROLE_ENV = 'WARDEN_TENANT_ROLE_ARN';

/** The functions of the manifest, by id. */
export class WardenFunctions extends Construct {
  readonly byId = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const tableNames = Object.fromEntries((Object.keys(props.tables) as TableId[]).map((tableId) => [tableEnvName(tableId), props.tables[tableId].tableName]));
    for (const spec of FUNCTIONS) this.byId.set(spec.id, this.create(spec, props, tableNames));
  }

  /** The function with this manifest id. */
  get(id: string): NodejsFunction {
    const found = this.byId.get(id);
    if (!found) throw new Error(`No function ${id} in the manifest`);
    return found;
  }

  private create(spec: FunctionSpec, props: FunctionsProps, tableNames: Record<string, string>): NodejsFunction {
    const name = constructName(spec.id);
    const logGroup = new LogGroup(this, `${name}Logs`, { retention: props.logRetention, removalPolicy: props.removalPolicy });
    const fn = new NodejsFunction(this, name, {
      entry: join(ROOT, spec.entry),
      handler: 'handler',
      description: spec.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb ?? 512,
      timeout: Duration.seconds(spec.timeoutSeconds ?? 10),
      tracing: Tracing.ACTIVE,
      logGroup,
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      environment: {
        ...props.environment,
        ...tableNames,
        [EVENT_BUS.envName]: props.bus.eventBusName,
        WARDEN_CURSOR_SECRET_ARN: props.cursorSecret.secretArn,
        POWERTOOLS_SERVICE_NAME: 'warden',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        sourceMap: true,
        minify: true,
        forceDockerBundling: false,
        // ESM bundles of CommonJS dependencies still call require().
        banner: "import { createRequire as __warden_createRequire } from 'node:module'; const require = __warden_createRequire(import.meta.url);",
        externalModules: ['@aws-sdk/*'],
      },
    });
    const usesTables = Object.keys(spec.tables).length > 0;
    if (props.tenantAccess && usesTables) {
      props.tenantAccess.grantAssume(fn);
      fn.addEnvironment(TENANT_ROLE_ENV, props.tenantAccess.role.roleArn);
    }
    if (!props.tenantAccess || spec.crossTenant !== undefined) {
      for (const [tableId, access] of Object.entries(spec.tables) as [TableId, 'read' | 'readwrite'][]) {
        if (access === 'readwrite') props.tables[tableId].grantReadWriteData(fn);
        else props.tables[tableId].grantReadData(fn);
      }
    }
    if (spec.putsEvents) props.bus.grantPutEventsTo(fn);
    props.cursorSecret.grantRead(fn);
    return fn;
  }
}
