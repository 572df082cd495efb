/**
 * The audit log as OCSF over HTTP on the local runtime: a tenant's decisions (allow, deny,
 * require_approval) and changes export as NDJSON whose lines parse, run oldest first and carry
 * every attribute their OCSF class requires (test/fixtures/ocsf/required-attributes.json); bad
 * ranges and formats answer 400 naming the field; another tenant's admin learns nothing; an
 * export over the inline limit comes through the exports bucket behind a download link.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ocsfProblems } from '../fixtures/ocsf/validate-ocsf';
import { registerAgent, tenantWithAgent, wardenClient } from '../support/warden-client';

const baseUrl = inject('runtimeUrl');
const api = wardenClient(baseUrl, inject('runtimeDataDir'));

type OcsfEvent = Record<string, unknown> & { time: number; class_uid: number; metadata: { uid: string; version: string } };

/** The export as text (NDJSON is not one JSON document, so it is read raw). */
async function exportText(tenantId: string, token: string, query: Record<string, string>) {
  const response = await fetch(`${baseUrl}/v1/tenants/${tenantId}/audit/export?${new URLSearchParams(query)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

const parseLines = (text: string): OcsfEvent[] =>
  text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as OcsfEvent);

describe('OCSF audit export', () => {
  let tenant: Awaited<ReturnType<typeof tenantWithAgent>>;
  let range: { from: string; to: string };
  let auditIds: string[];

  beforeAll(async () => {
    tenant = await tenantWithAgent(api, 'ocsf', {
      rules: [
        { id: 'work', effect: 'allow', actions: ['work:*'] },
        { id: 'danger', effect: 'deny', actions: ['danger:*'] },
        { id: 'pay', effect: 'require_approval', actions: ['pay:*'] },
      ],
    });
    for (const action of ['work:do', 'danger:drop', 'pay:invoice']) {
      const answered = await api.request('POST', '/v1/authorize', { token: tenant.apiKey, body: { action, resource: 'r/1' } });
      expect(answered.status).toBe(200);
    }
    const second = await registerAgent(api, tenant.tenantId, tenant.admin, { name: 'second' });
    const suspended = await api.post(`/v1/tenants/${tenant.tenantId}/agents/${second.id}/suspend`, tenant.admin, { reason: 'test' });
    expect(suspended.status).toBe(200);
    // The range is taken from the records themselves, so a clock another test moved does not matter.
    const around = new URLSearchParams({
      limit: '100',
      from: new Date(Date.now() - 10 * 86_400_000).toISOString(),
      to: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    });
    const listed = await api.get(`/v1/tenants/${tenant.tenantId}/audit?${around}`, tenant.admin);
    expect(listed.status).toBe(200);
    const items = listed.body.items as { at: string; id: string }[];
    auditIds = items.map((item) => item.id);
    const times = items.map((item) => Date.parse(item.at));
    range = { from: new Date(Math.min(...times) - 1000).toISOString(), to: new Date(Math.max(...times) + 1000).toISOString() };
  });

  it('exports every record of the range as NDJSON lines that parse, oldest first, each valid for its class', async () => {
    const exported = await exportText(tenant.tenantId, tenant.admin, { ...range, format: 'ocsf' });
    expect(exported.status).toBe(200);
    expect(exported.contentType).toContain('application/x-ndjson');
    const events = parseLines(exported.text);
    expect(events.map((event) => event.metadata.uid).sort()).toEqual([...auditIds].sort());
    const times = events.map((event) => event.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const event of events) {
      expect(ocsfProblems(event), JSON.stringify(event)).toEqual([]);
      expect(event.metadata.version).toBe('1.8.0');
    }
  });

  it('maps allow, deny and require_approval to Success, Failure and Other', async () => {
    const events = parseLines((await exportText(tenant.tenantId, tenant.admin, { ...range, format: 'ocsf', kind: 'decision' })).text);
    const byOperation = Object.fromEntries(
      events.map((event) => [(event.api as { operation: string }).operation, event as Record<string, unknown>]),
    );
    expect(byOperation['work:do']).toMatchObject({ class_uid: 6003, status_id: 1, unmapped: { effect: 'allow' } });
    expect(byOperation['danger:drop']).toMatchObject({ class_uid: 6003, status_id: 2, unmapped: { effect: 'deny' } });
    expect(byOperation['pay:invoice']).toMatchObject({ class_uid: 6003, status_id: 99, unmapped: { effect: 'require_approval' } });
  });

  it('maps changes to Entity Management, an agent suspended as Suspend', async () => {
    const events = parseLines((await exportText(tenant.tenantId, tenant.admin, { ...range, format: 'ocsf', kind: 'change' })).text);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event.class_uid).toBe(3004);
    const suspension = events.find((event) => (event.unmapped as { action: string }).action === 'agent.suspended');
    expect(suspension).toMatchObject({ activity_id: 12, type_uid: 300412, comment: 'test' });
  });

  it('lets an auditor export', async () => {
    const auditor = await api.token({ roles: ['auditor'], tenant: tenant.tenantId });
    expect((await exportText(tenant.tenantId, auditor, { ...range, format: 'ocsf' })).status).toBe(200);
  });

  const from = '2026-01-01T00:00:00Z';
  it.each([
    ['a range longer than 31 days', { from, to: '2026-02-05T00:00:00Z', format: 'ocsf' }, 'to'],
    ['to equal to from', { from, to: from, format: 'ocsf' }, 'to'],
    ['to before from', { from, to: '2025-12-31T00:00:00Z', format: 'ocsf' }, 'to'],
    ['another format', { from, to: '2026-01-02T00:00:00Z', format: 'cef' }, 'format'],
    ['no format', { from, to: '2026-01-02T00:00:00Z' }, 'format'],
    ['no from', { to: '2026-01-02T00:00:00Z', format: 'ocsf' }, 'from'],
    ['a from that is no datetime', { from: 'yesterday', to: '2026-01-02T00:00:00Z', format: 'ocsf' }, 'from'],
  ])('answers %s with 400 naming %s', async (_case, query, field) => {
    const refused = await exportText(tenant.tenantId, tenant.admin, query);
    expect(refused.status).toBe(400);
    const body = JSON.parse(refused.text) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((detail) => detail.path)).toContain(field);
  });

  it("refuses another tenant's admin with 403 and none of the tenant's data", async () => {
    const other = await tenantWithAgent(api, 'ocsf-other');
    const refused = await exportText(tenant.tenantId, other.admin, { ...range, format: 'ocsf' });
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain(tenant.agentId);
    expect(refused.text).not.toContain('work:do');
    // Its own export holds only its own records.
    const own = await exportText(other.tenantId, other.admin, { ...range, format: 'ocsf' });
    expect(own.status).toBe(200);
    expect(own.text).not.toContain(tenant.tenantId);
    expect(own.text).not.toContain(tenant.agentId);
  });

  it('refuses an agent key and a missing token', async () => {
    expect((await exportText(tenant.tenantId, tenant.apiKey, { ...range, format: 'ocsf' })).status).toBe(401);
    const anonymous = await fetch(
      `${baseUrl}/v1/tenants/${tenant.tenantId}/audit/export?${new URLSearchParams({ ...range, format: 'ocsf' })}`,
    );
    expect(anonymous.status).toBe(401);
  });
});

describe('OCSF audit export of a large range', () => {
  it('stores an export over the inline limit and answers with a download link to the same NDJSON', async () => {
    const tenant = await tenantWithAgent(api, 'ocsf-big', { rules: [{ id: 'bulk', effect: 'allow', actions: ['bulk:*'] }] });
    // 400 decisions with a 1,000-character resource: over 1 MiB of events (the runtime's inline limit).
    for (let batch = 0; batch < 4; batch += 1) {
      const requests = Array.from({ length: 100 }, (_, i) => ({ action: 'bulk:do', resource: `r/${batch * 100 + i}/${'x'.repeat(1000)}` }));
      const answered = await api.request('POST', '/v1/authorize/batch', { token: tenant.apiKey, body: { requests } });
      expect(answered.status).toBe(200);
    }
    const query = {
      from: new Date(Date.now() - 10 * 86_400_000).toISOString(),
      to: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      format: 'ocsf',
    };
    const exported = await exportText(tenant.tenantId, tenant.admin, query);
    expect(exported.status).toBe(200);
    const { download } = JSON.parse(exported.text) as { download: { url: string; expiresAt: string; bytes: number; lines: number } };
    expect(download).toMatchObject({ url: expect.stringContaining('X-Amz-Signature='), expiresAt: expect.any(String) });
    expect(download.bytes).toBeGreaterThan(1_048_576);
    const file = await fetch(download.url);
    expect(file.status).toBe(200);
    const text = await file.text();
    expect(Buffer.byteLength(text)).toBe(download.bytes);
    const events = parseLines(text);
    expect(events).toHaveLength(download.lines);
    expect(events.filter((event) => event.class_uid === 6003)).toHaveLength(400);
    for (const event of events) expect(ocsfProblems(event)).toEqual([]);
    const times = events.map((event) => event.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
