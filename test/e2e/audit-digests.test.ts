/**
 * The audit log's digests over the local runtime, on the test clock: a tenant's decisions in three
 * hours are sealed by the hourly job into three signed digests, chained; verifying the range finds
 * nothing wrong. Then the stored log is tampered with directly in DynamoDB Local (a record's
 * attribute changed, a record deleted, a record inserted, digests swapped or deleted) and each
 * time verify names the first break and what kind it is; each tampering is undone afterwards.
 * `warden audit verify` checks an export offline the same way, and exits 1 on a break. Last, a
 * record changed in the table after it was written but before its hour is sealed is still named:
 * hours are sealed from the leaves the audit stream captured.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditKeys, digestKeys } from '../../shared/adapters/dynamodb/keys';
import { verifyJws } from '../../shared/auth/bundle-keys';
import { DIGEST_JWS_TYPE } from '../../shared/audit/digest';
import { capturedIds, everyRecordCaptured } from '../support/audit-capture';
import { runtimeStores } from '../support/runtime-stores';
import { cliUser } from '../support/warden-cli';
import { eventually, tenantWithAgent, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const HOUR = 3_600_000;

interface Digest {
  sequence: number;
  hour: string;
  jws: string;
  leaves: Record<string, [string, string][]>;
}

describe('Audit digests', () => {
  const stores = runtimeStores(inject('runtimeLogFile'));
  const { clients, tables } = stores;
  const db = clients.platform;
  let tenant: Awaited<ReturnType<typeof tenantWithAgent>>;
  let range: { from: string; to: string };
  let digests: Digest[];
  let records: { at: string; id: string; kind: string }[];
  /** Undoes this test's tampering. */
  let undo: (() => Promise<unknown>)[] = [];

  const path = (rest: string) => `/v1/tenants/${tenant.tenantId}/audit${rest}`;
  const verify = async () => {
    const verified = await api.post(path('/verify'), tenant.admin, range);
    expect(verified.status).toBe(200);
    return verified.body as { verified: boolean; records: number; digests: number; firstBreak?: Record<string, unknown> };
  };
  const decide = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const answered = await api.request('POST', '/v1/authorize', {
        token: tenant.apiKey,
        body: { action: 'work:do', resource: `r/${i}` },
      });
      expect(answered.status).toBe(200);
    }
  };
  const auditItem = async (record: { at: string; id: string }) =>
    (await db.send(new GetCommand({ TableName: tables.audit, Key: auditKeys.record(tenant.tenantId, record.at, record.id) }))).Item!;
  const digestItem = async (hour: string) =>
    (await db.send(new GetCommand({ TableName: tables.control, Key: digestKeys.digest(tenant.tenantId, hour) }))).Item!;
  const put = (table: string, item: Record<string, unknown>) => db.send(new PutCommand({ TableName: table, Item: item }));
  beforeAll(async () => {
    await api.setClockOffset(0);
    // A leading digit: the sealing job walks tenants in id order, so this one comes early.
    tenant = await tenantWithAgent(api, 'dig', { rules: [{ id: 'work', effect: 'allow', actions: ['work:*'] }] }, { id: unique('0dig') });
    const start = Date.now();
    await decide(3);
    await api.setClockOffset(HOUR);
    await decide(2);
    await api.setClockOffset(2 * HOUR);
    await decide(2);
    // Each hour is sealed from the leaves the stream captured: the job waits for records it has not.
    await everyRecordCaptured(api, stores, tenant, new Date(start - HOUR).toISOString());
    // Five hours on (an hour is sealed an hour and five minutes after it ends), the job has sealed the three hours.
    await api.setClockOffset(5 * HOUR);
    range = { from: new Date(start - HOUR).toISOString(), to: new Date(start + 5 * HOUR).toISOString() };
    digests = await eventually(
      async () => {
        const listed = await api.get(`${path('/digests')}?${new URLSearchParams(range)}`, tenant.admin);
        return listed.status === 200 && listed.body.items.length >= 3 ? (listed.body.items as Digest[]) : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 500, explain: () => api.schedules() },
    );
    const listed = await api.get(`${path('')}?${new URLSearchParams({ ...range, limit: '100' })}`, tenant.admin);
    records = (listed.body.items as typeof records).reverse();
  });

  afterEach(async () => {
    for (const step of undo.reverse()) await step();
    undo = [];
  });

  afterAll(async () => {
    await api.setClockOffset(0);
  });

  it('seals each hour with records into a digest signed with a published key, chained to the one before', async () => {
    expect(digests.map((digest) => digest.sequence)).toEqual([1, 2, 3]);
    const keys = await api.get('/v1/audit/digest-keys');
    expect(keys.status).toBe(200);
    const payloads = await Promise.all(
      digests.map(async (digest) => (await verifyJws(digest.jws, keys.body, DIGEST_JWS_TYPE)).payload as any),
    );
    expect(payloads[1].from).toBe(payloads[0].to);
    expect(payloads.reduce((sum, payload) => sum + payload.records, 0)).toBe(records.length);
    expect(records.filter((record) => record.kind === 'decision')).toHaveLength(7);
  });

  it('copies each digest with its leaves to the digests bucket (Object Lock on AWS)', () => {
    for (const digest of digests) {
      const file = join(inject('runtimeDataDir'), 'object-storage', 'warden-digests', 'digests', tenant.tenantId, `${digest.hour}.json`);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
        sequence: digest.sequence,
        hour: digest.hour,
        jws: digest.jws,
        leaves: digest.leaves,
      });
    }
  });

  it('verifies the untouched log', async () => {
    expect(await verify()).toMatchObject({ verified: true, records: records.length, digests: 3 });
  });

  it('names a record whose attribute was changed in the table', async () => {
    const target = records.filter((record) => record.kind === 'decision')[3]!;
    const original = await auditItem(target);
    undo.push(() => put(tables.audit, original));
    await put(tables.audit, { ...original, effect: 'deny' });
    expect((await verify()).firstBreak).toMatchObject({ kind: 'record-changed', recordId: target.id, at: target.at, sequence: 2 });
  });

  it('names a record deleted from the table', async () => {
    const target = records.filter((record) => record.kind === 'decision')[5]!;
    const original = await auditItem(target);
    undo.push(() => put(tables.audit, original));
    await db.send(new DeleteCommand({ TableName: tables.audit, Key: auditKeys.record(tenant.tenantId, target.at, target.id) }));
    expect((await verify()).firstBreak).toMatchObject({ kind: 'record-removed', recordId: target.id, sequence: 3 });
  });

  it('names a record inserted into a sealed hour', async () => {
    const model = await auditItem(records.filter((record) => record.kind === 'decision')[0]!);
    const at = new Date(Date.parse(model.at as string) + 1).toISOString();
    const id = `${model.id as string}X`;
    const forged = { ...model, ...auditKeys.record(tenant.tenantId, at, id), at, id, effect: 'allow' };
    undo.push(() => db.send(new DeleteCommand({ TableName: tables.audit, Key: auditKeys.record(tenant.tenantId, at, id) })));
    await put(tables.audit, forged);
    expect((await verify()).firstBreak).toMatchObject({ kind: 'record-inserted', recordId: id, sequence: 1 });
  });

  it('catches two digests swapped in the table', async () => {
    const [first, second] = await Promise.all([digestItem(digests[0]!.hour), digestItem(digests[1]!.hour)]);
    undo.push(() => Promise.all([put(tables.control, first), put(tables.control, second)]));
    await Promise.all([
      put(tables.control, { ...second, pk: first.pk, sk: first.sk }),
      put(tables.control, { ...first, pk: second.pk, sk: second.sk }),
    ]);
    expect((await verify()).firstBreak).toMatchObject({ kind: 'digest-reordered', sequence: 2, hour: digests[1]!.hour });
  });

  it('catches a digest deleted from the middle of the chain', async () => {
    const middle = await digestItem(digests[1]!.hour);
    undo.push(() => put(tables.control, middle));
    await db.send(new DeleteCommand({ TableName: tables.control, Key: digestKeys.digest(tenant.tenantId, digests[1]!.hour) }));
    expect((await verify()).firstBreak).toMatchObject({ kind: 'digest-removed', sequence: 2 });
  });

  it('catches the newest digest deleted (the chain head still counts it)', async () => {
    const newest = await digestItem(digests[2]!.hour);
    undo.push(() => put(tables.control, newest));
    await db.send(new DeleteCommand({ TableName: tables.control, Key: digestKeys.digest(tenant.tenantId, digests[2]!.hour) }));
    expect((await verify()).firstBreak).toMatchObject({ kind: 'digest-removed', sequence: 3 });
  });

  it('verifies an export offline with the CLI, and exits 1 naming a record changed in the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-digests-'));
    const file = (name: string, body: unknown) => {
      writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
      return join(dir, name);
    };
    const exported = await api.get(`${path('')}?${new URLSearchParams({ ...range, limit: '100' })}`, tenant.admin);
    const listed = await api.get(`${path('/digests')}?${new URLSearchParams(range)}`, tenant.admin);
    const keys = file('keys.json', (await api.get('/v1/audit/digest-keys')).body);
    const digestsFile = file('digests.json', listed.body);
    const window = ['--from', range.from, '--to', range.to];
    const cli = cliUser(inject('runtimeUrl'));

    const clean = await cli.run([
      'audit',
      'verify',
      '--records',
      file('audit.json', exported.body),
      '--digests',
      digestsFile,
      '--keys',
      keys,
      ...window,
    ]);
    expect(clean.stdout).toContain(`verified: ${records.length} records against 3 digests`);
    expect(clean.code).toBe(0);

    const target = exported.body.items.find((record: { kind: string }) => record.kind === 'decision');
    // As NDJSON, the way `audit tail -o json` writes it, with one record's effect changed.
    const lines = exported.body.items.map((record: { id: string }) =>
      JSON.stringify(record.id === target.id ? { ...record, effect: 'deny' } : record),
    );
    const tampered = await cli.run([
      'audit',
      'verify',
      '--records',
      file('audit.ndjson', lines.join('\n')),
      '--digests',
      digestsFile,
      '--keys',
      keys,
      ...window,
    ]);
    expect(tampered.stdout).toContain(`BREAK record-changed at ${target.at as string} record ${target.id as string}`);
    expect(tampered.code).toBe(1);
  });

  it('answers a range longer than 31 days or turned around with 400 naming to', async () => {
    for (const body of [
      { from: '2026-01-01T00:00:00Z', to: '2026-02-05T00:00:00Z' },
      { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' },
    ]) {
      const refused = await api.post(path('/verify'), tenant.admin, body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.map((detail: { path: string }) => detail.path)).toContain('to');
    }
    const unknown = await api.post(path('/verify'), tenant.admin, { ...range, extra: 1 });
    expect(unknown.status).toBe(400);
  });

  it('names a record changed in the table before its hour was sealed (hours are sealed from the leaves the stream captured)', async () => {
    await decide(1);
    const newest = (await api.get(`${path('')}?limit=1`, tenant.admin)).body.items[0] as { at: string; id: string };
    await eventually(async () => (await capturedIds(stores, tenant.tenantId)).has(newest.id) || undefined, { timeoutMs: 30_000 });
    const original = await auditItem(newest);
    undo.push(() => put(tables.audit, original));
    await put(tables.audit, { ...original, effect: 'deny' });
    const hour = Math.floor(Date.parse(newest.at) / HOUR) * HOUR;
    const later = { from: new Date(hour).toISOString(), to: new Date(hour + HOUR).toISOString() };
    await api.setClockOffset(8 * HOUR);
    await eventually(
      async () => {
        const listed = await api.get(`${path('/digests')}?${new URLSearchParams(later)}`, tenant.admin);
        return listed.body.items?.length === 1 || undefined;
      },
      { timeoutMs: 45_000, intervalMs: 500, explain: () => api.schedules() },
    );
    const verified = await api.post(path('/verify'), tenant.admin, later);
    expect(verified.body.firstBreak).toMatchObject({ kind: 'record-changed', recordId: newest.id, sequence: 4 });
  });
});
