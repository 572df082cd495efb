/**
 * The data the cold-start probes run against: the local runtime (on DynamoDB Local in memory) is
 * started, and through its HTTP API a tenant gets a team, a role, two agents, a published policy
 * with CEL conditions, decisions and a pending approval. Stream and bus events are taken from the
 * audit records this produced, as the platform would deliver them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { JWK } from 'jose';
import { LOCAL_TOKEN_SETTINGS } from '../../infra/local/dev-credentials';
import { LOCAL_RUNTIME_NODE_FLAGS } from '../../infra/local/node-flags';
import { localStateMachineArn } from '../../infra/local/step-functions';
import { localTableName } from '../../infra/local/runtime';
import { signOperatorToken } from '../../shared/auth/operator-token';
import { eventOfAuditRecord } from '../../shared/events/audit-events';
import { MANIFEST } from '../../shared/manifest';
import { tableEnvName, type TableId } from '../../shared/manifest/tables';

const ROOT = join(import.meta.dirname, '../..');

interface BusEvent {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
}

interface StreamRecord {
  eventID: string;
  eventName: 'INSERT';
  eventSource: 'aws:dynamodb';
  dynamodb: { NewImage: Record<string, AttributeValue>; SequenceNumber: string; StreamViewType: 'NEW_AND_OLD_IMAGES' };
}

export interface Seeded {
  readonly tenantId: string;
  readonly admin: string;
  readonly platform: string;
  readonly agent: { id: string; keyId: string; apiKey: string };
  readonly spareAgentId: string;
  readonly approvalId: string;
  readonly period: string;
  readonly policyDraft: unknown;
  readonly decisionRecord: StreamRecord;
  readonly changeRecord: StreamRecord;
  readonly agentRegistered: BusEvent;
  readonly agentSuspended: BusEvent;
  /** Distinguishes this run's new names from an earlier run's. */
  readonly runTag: string;
  /** The functions' environment, as the CDK app sets it (tables, secret, workflow, bucket), pointed at DynamoDB Local. */
  readonly env: Record<string, string>;
  stop(): void;
}

async function startRuntime() {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-cold-start-'));
  const child = spawn(process.execPath, [...LOCAL_RUNTIME_NODE_FLAGS, '--import', 'tsx', 'infra/local/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      WARDEN_DATA_DIR: dataDir,
      WARDEN_DYNAMODB_IN_MEMORY: '1',
      WARDEN_LOG_LEVEL: 'ERROR',
      WARDEN_PARENT_PID: String(process.pid),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pattern = /listening on (http:\/\/[^\s]+) \(DynamoDB Local at (http:\/\/[^\s,)]+)/;
  const [, url, dynamo] = await new Promise<RegExpExecArray>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const found = pattern.exec(buffer);
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`the local runtime exited with ${code}`)));
  });
  const credentials = JSON.parse(readFileSync(join(dataDir, 'dev-credentials.json'), 'utf8')) as {
    privateJwk: JWK;
    cursorSecret: string;
    bundleSecret: string;
  };
  return {
    url: url!,
    dynamo: dynamo!,
    credentials,
    stop() {
      child.kill('SIGINT');
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

async function call(url: string, method: string, token: string, body?: unknown): Promise<any> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const parsed = (await response.json()) as unknown;
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(parsed)}`);
  return parsed;
}

const streamRecord = (image: Record<string, AttributeValue>, sequence: string): StreamRecord => ({
  eventID: `cold-start-${sequence}`,
  eventName: 'INSERT',
  eventSource: 'aws:dynamodb',
  dynamodb: { NewImage: image, SequenceNumber: sequence, StreamViewType: 'NEW_AND_OLD_IMAGES' },
});

/** Starts the local runtime and creates the data every probe's event refers to. */
export async function seed(): Promise<Seeded> {
  const runtime = await startRuntime();
  try {
    const { url } = runtime;
    const sign = (claims: { roles: string[]; tenant?: string }) =>
      signOperatorToken({ sub: 'cold-start', ...claims }, runtime.credentials.privateJwk, LOCAL_TOKEN_SETTINGS);
    const tenantId = 'cold';
    const platform = await sign({ roles: ['platform-admin'] });
    const admin = await sign({ roles: ['tenant-admin'], tenant: tenantId });
    const tenants = `${url}/v1/tenants/${tenantId}`;
    await call(`${url}/v1/tenants`, 'POST', platform, { id: tenantId, name: 'Cold start', tier: 'business', environments: ['prod'] });
    await call(`${tenants}/teams`, 'POST', admin, { name: 'ops' });
    await call(`${tenants}/roles/bot`, 'PUT', admin, { description: 'bot' });
    const registered = await call(`${tenants}/agents`, 'POST', admin, {
      name: 'main',
      team: 'ops',
      role: 'bot',
      environment: 'prod',
      owner: 'bench',
    });
    const spare = await call(`${tenants}/agents`, 'POST', admin, {
      name: 'spare',
      team: 'ops',
      role: 'bot',
      environment: 'prod',
      owner: 'bench',
    });
    await call(`${tenants}/agents/${spare.agent.id}/suspend`, 'POST', admin, { reason: 'seed' });
    await call(`${tenants}/agents/${spare.agent.id}/reinstate`, 'POST', admin, { reason: 'seed' });
    const policyDraft = {
      reason: 'cold start',
      defaults: { prod: 'deny' },
      rules: [
        { id: 'reads', effect: 'allow', actions: ['read:*'] },
        { id: 'small-payments', effect: 'allow', actions: ['pay:*'], when: 'request.context.amount <= 100' },
        { id: 'large-payments', effect: 'require_approval', actions: ['pay:*'], when: 'request.context.amount > 100', risk: 'high' },
        { id: 'deploys', effect: 'require_approval', actions: ['deploy:*'], risk: 'high' },
        { id: 'no-secrets', effect: 'deny', actions: ['*'], resources: ['secrets/**'], locked: true },
      ],
    };
    await call(`${tenants}/policies/tenant`, 'PUT', admin, policyDraft);
    await call(`${tenants}/policies/tenant/versions/1/publish`, 'POST', admin, { reason: 'cold start' });
    const agentCall = (path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${registered.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (const amount of [5, 50]) await agentCall('/v1/authorize', { action: 'pay:invoice', context: { amount } });
    const deploy = await agentCall('/v1/authorize', { action: 'deploy:prod', resource: 'service/api' });
    const answer = (await deploy.json()) as { approvalId?: string };
    const approvalId = answer.approvalId;
    if (!approvalId) throw new Error(`seeding opened no approval: ${JSON.stringify(answer)}`);

    const dynamo = new DynamoDBClient({
      endpoint: runtime.dynamo,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { Items = [] } = await dynamo.send(new ScanCommand({ TableName: localTableName('audit') }));
    dynamo.destroy();
    const decision = Items.find((item) => item.itemType?.S === 'decision');
    const change = Items.map((item) => ({ item, event: eventOfAuditRecord(unmarshall(item)) }));
    const registeredChange = change.find(({ event }) => event?.detailType === 'Agent.Registered');
    const suspended = change.find(({ event }) => event?.detailType === 'Agent.Suspended');
    if (!decision || !registeredChange?.event || !suspended?.event)
      throw new Error('seeding left no decision, Agent.Registered or Agent.Suspended record');

    const tableIds = Object.keys(MANIFEST.tables) as TableId[];
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: runtime.dynamo,
      ...Object.fromEntries(tableIds.map((id) => [tableEnvName(id), localTableName(id)])),
      WARDEN_EVENT_BUS_NAME: MANIFEST.eventBus.localName,
      WARDEN_CURSOR_SECRET: runtime.credentials.cursorSecret,
      WARDEN_BUNDLE_SECRET: runtime.credentials.bundleSecret,
      ...Object.fromEntries(Object.values(MANIFEST.workflows).map((workflow) => [workflow.envName, localStateMachineArn(workflow.id)])),
      ...Object.fromEntries(Object.values(MANIFEST.buckets).map((bucket) => [bucket.envName, `warden-${bucket.id}`])),
      POWERTOOLS_SERVICE_NAME: 'warden',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    };
    const now = new Date();
    return {
      tenantId,
      admin,
      platform,
      agent: { id: registered.agent.id, keyId: registered.agent.keys[0].keyId, apiKey: registered.apiKey },
      spareAgentId: spare.agent.id,
      approvalId,
      period: `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`,
      policyDraft,
      decisionRecord: streamRecord(decision, '100000000000000000000001'),
      changeRecord: streamRecord(registeredChange.item, '100000000000000000000002'),
      agentRegistered: registeredChange.event as BusEvent,
      agentSuspended: suspended.event as BusEvent,
      runTag: now.getTime().toString(36),
      env,
      stop: runtime.stop,
    };
  } catch (error) {
    runtime.stop();
    throw error;
  }
}
