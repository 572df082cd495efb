/**
 * Billing over HTTP on the local runtime: decisions made over several (clock-injected) days of a
 * month export as FOCUS 1.3 CSV (1.2 on request) whose totals equal the audited decisions and the
 * price plan's arithmetic (recomputed here independently); the platform export; closing a month; late usage
 * as corrections; reconciliation; a 2,000-agent month through object storage. Months are far in
 * the future so closing them touches no other test's data.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EXPORT_COLUMNS, EXPORT_COLUMNS_1_3, FOCUS_1_3_MANDATORY_COLUMNS, FOCUS_1_3_NEW_COLUMNS } from '../../shared/billing/focus';
import { meteredUsage, unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));

type Row = Record<string, string>;
const parseCsv = (text: string): Row[] => parse(text, { columns: true, skip_empty_lines: true });

/** Moves the runtime's clock to `iso` (it keeps running from there). */
const travelTo = (iso: string) => api.setClockOffset(Date.parse(iso) - Date.now());

/** Half away from zero, in integers: cents of `count` units at `priceCents` per `per` units. */
const cents = (count: number, priceCents: number, per = 1) => Math.floor((2 * count * priceCents + per) / (2 * per));

interface TenantSetup {
  tenantId: string;
  admin: string;
  finance: string;
  agents: { id: string; apiKey: string }[];
}

async function tenantOnTier(tier: string, agentCount: number): Promise<TenantSetup> {
  const platform = await api.token({ roles: ['platform-admin'] });
  const tenantId = unique('bill');
  expect(
    (await api.post('/v1/tenants', platform, { id: tenantId, name: `Billing ${tenantId}`, tier, environments: ['prod'] })).status,
  ).toBe(201);
  const admin = await api.token({ sub: 'admin@corp', roles: ['tenant-admin'], tenant: tenantId });
  const path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  await api.post(path('/teams'), admin, { name: 'ops' });
  await api.put(path('/roles/bot'), admin, { description: 'bot' });
  await api.put(path('/policies/tenant'), admin, {
    reason: 'billing',
    rules: [
      { id: 'work', effect: 'allow', actions: ['work:*'] },
      { id: 'pay', effect: 'require_approval', actions: ['pay:*'] },
    ],
  });
  expect((await api.post(path('/policies/tenant/versions/1/publish'), admin, { reason: 'go' })).status).toBe(200);
  const agents: { id: string; apiKey: string }[] = [];
  for (let start = 0; start < agentCount; start += 16) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(16, agentCount - start) }, async (_, i) => {
        const registered = await api.post(path('/agents'), admin, {
          name: `bot-${start + i}`,
          team: 'ops',
          role: 'bot',
          environment: 'prod',
          owner: 'owner@corp',
        });
        expect(registered.status).toBe(201);
        return { id: registered.body.agent.id as string, apiKey: registered.body.apiKey as string };
      }),
    );
    agents.push(...batch);
  }
  return { tenantId, admin, finance: await api.token({ sub: 'fin@corp', roles: ['finance'], tenant: tenantId }), agents };
}

/** `count` allowed decisions of one agent, in batches of 100. */
async function decide(apiKey: string, count: number) {
  for (let done = 0; done < count; done += 100) {
    const requests = Array.from({ length: Math.min(100, count - done) }, (_, i) => ({ action: 'work:do', resource: `r/${done + i}` }));
    const answered = await api.request('POST', '/v1/authorize/batch', { token: apiKey, body: { requests } });
    expect(answered.status).toBe(200);
  }
}

/** Decision records of a month, counted through the audit API. */
async function auditedDecisions(t: TenantSetup, period: string): Promise<number> {
  let count = 0;
  const [year, month] = period.split('-').map(Number) as [number, number];
  const to = new Date(Date.UTC(year, month, 1) - 1).toISOString();
  let cursor: string | undefined;
  do {
    const page = await api.get(
      `/v1/tenants/${t.tenantId}/audit?kind=decision&from=${period}-01T00:00:00.000Z&to=${to}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      t.admin,
    );
    expect(page.status).toBe(200);
    count += page.body.items.length;
    cursor = page.body.nextCursor;
  } while (cursor);
  return count;
}

describe('Billing', () => {
  const tier = unique('tier');
  let platformAdmin: string;
  let platformFinance: string;
  let a: TenantSetup;
  let b: TenantSetup;
  const P = '2030-01';

  beforeAll(async () => {
    platformAdmin = await api.token({ roles: ['platform-admin'] });
    platformFinance = await api.token({ roles: ['platform-finance'] });
    const plan = await api.put(`/v1/price-plans/${tier}`, platformAdmin, {
      currency: 'EUR',
      prices: { decisionsPer1000: '0.45', approval: '0.25', activeAgentMonth: '2.10' },
      included: { decisions: 100, approvals: 0, activeAgents: 1 },
    });
    expect(plan.status).toBe(200);
    // Three days of January 2030: 250, 121 and 30 decisions, and one approval handled on the 6th.
    // (Agents are registered there too: their keys are valid for 90 days from registration.)
    await travelTo(`${P}-05T10:00:00Z`);
    a = await tenantOnTier(tier, 2);
    b = await tenantOnTier(tier, 1);
    await decide(a.agents[0]!.apiKey, 150);
    await decide(a.agents[1]!.apiKey, 100);
    await decide(b.agents[0]!.apiKey, 10);
    await travelTo(`${P}-06T10:00:00Z`);
    await decide(a.agents[0]!.apiKey, 120);
    const asked = await api.request('POST', '/v1/authorize', {
      token: a.agents[0]!.apiKey,
      body: { action: 'pay:invoice', resource: 'inv/1' },
    });
    const security = await api.token({ sub: 'sec@corp', roles: ['security'], tenant: a.tenantId });
    expect((await api.post(`/v1/tenants/${a.tenantId}/approvals/${asked.body.approvalId}/approve`, security, {})).status).toBe(200);
    await travelTo(`${P}-09T10:00:00Z`);
    await decide(a.agents[1]!.apiKey, 30);
    await meteredUsage(api, a.tenantId, P, a.admin, 401);
    await meteredUsage(api, b.tenantId, P, b.admin, 10);
  });

  afterAll(async () => {
    await api.setClockOffset(0);
  });

  it('keeps price plans as exact decimals, for platform admins to write and platform finance to read', async () => {
    const plan = await api.get(`/v1/price-plans/${tier}`, platformFinance);
    expect(plan.body).toMatchObject({ tier, currency: 'EUR', prices: { decisionsPer1000: '0.45' }, version: 1 });
    expect((await api.put(`/v1/price-plans/${tier}`, platformFinance, plan.body)).status).toBe(403);
    const bad = await api.put(`/v1/price-plans/${tier}`, platformAdmin, {
      currency: 'euro',
      prices: { decisionsPer1000: 0.45, approval: '1', activeAgentMonth: '1' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['currency', 'prices.decisionsPer1000']);
  });

  it("keeps every version of a tier's plan, newest first, with who set it — for platform finance only", async () => {
    const historyTier = unique('history');
    const prices = (decisionsPer1000: string) => ({
      currency: 'EUR',
      prices: { decisionsPer1000, approval: '0.25', activeAgentMonth: '2.10' },
    });
    expect((await api.put(`/v1/price-plans/${historyTier}`, platformAdmin, prices('0.40'))).status).toBe(200);
    const raiser = await api.token({ sub: 'cfo@corp', roles: ['platform-admin'] });
    expect((await api.put(`/v1/price-plans/${historyTier}`, raiser, prices('0.55'))).body).toMatchObject({
      version: 2,
      updatedBy: 'cfo@corp',
    });
    const first = await api.get(`/v1/price-plans/${historyTier}/versions?limit=1`, platformFinance);
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      expect.objectContaining({ version: 2, updatedBy: 'cfo@corp', prices: expect.objectContaining({ decisionsPer1000: '0.55' }) }),
    ]);
    const second = await api.get(
      `/v1/price-plans/${historyTier}/versions?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      platformFinance,
    );
    expect(second.body.items).toEqual([
      expect.objectContaining({ version: 1, prices: expect.objectContaining({ decisionsPer1000: '0.40' }) }),
    ]);
    expect(second.body.nextCursor).toBeUndefined();
    expect((await api.get(`/v1/price-plans/${historyTier}/versions`, a.admin)).status).toBe(403);
    expect((await api.get(`/v1/price-plans/${historyTier}/versions`, a.finance)).status).toBe(403);
  });

  it('exports FOCUS 1.3 CSV by default (1.2 on request) whose decisions equal the audit log and whose costs follow the price plan', async () => {
    const exported = await api.get(`/v1/tenants/${a.tenantId}/billing/export?period=${P}&format=csv`, a.finance);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('text/csv');
    const rows = parseCsv(exported.body);
    expect(Object.keys(rows[0]!)).toEqual([...EXPORT_COLUMNS_1_3]);
    const v12 = await api.get(`/v1/tenants/${a.tenantId}/billing/export?period=${P}&format=csv&focusVersion=1.2`, a.finance);
    expect(v12.status).toBe(200);
    const rows12 = parseCsv(v12.body);
    expect(Object.keys(rows12[0]!)).toEqual([...EXPORT_COLUMNS]);
    expect(rows12).toEqual(rows.map((row) => Object.fromEntries(EXPORT_COLUMNS.map((column) => [column, row[column]]))));
    for (const row of rows) {
      for (const column of FOCUS_1_3_MANDATORY_COLUMNS.filter((c) => c !== 'ChargeClass')) expect(row[column], column).not.toBe('');
      expect(row).toMatchObject({ ServiceProviderName: 'Warden', HostProviderName: 'Warden' });
      for (const column of FOCUS_1_3_NEW_COLUMNS.filter((c) => !c.endsWith('ProviderName'))) expect(row[column], column).toBe('');
      expect(row.SubAccountId).toBe(a.tenantId);
      expect(row.BillingPeriodStart).toBe('2030-01-01T00:00:00Z');
      expect(row.BillingPeriodEnd).toBe('2030-02-01T00:00:00Z');
    }

    const usage = (kind: string) => rows.filter((row) => row.x_ChargeKind === kind && row.ChargeCategory === 'Usage');
    const decisions = usage('decisions');
    expect(decisions.map((row) => [row.ChargePeriodStart, row.ConsumedQuantity])).toEqual([
      ['2030-01-05T00:00:00Z', '250'],
      ['2030-01-06T00:00:00Z', '121'],
      ['2030-01-09T00:00:00Z', '30'],
    ]);
    const billed = decisions.reduce((sum, row) => sum + Number(row.ConsumedQuantity), 0);
    expect(billed).toBe(await auditedDecisions(a, P));

    // The price plan's arithmetic, recomputed: 0.45 per 1,000 decisions per day, 0.25 per approval,
    // 2.10 per active agent, less the included units.
    const expectedCents =
      cents(250, 45, 1000) +
      cents(121, 45, 1000) +
      cents(30, 45, 1000) +
      cents(1, 25) +
      cents(2, 210) -
      cents(100, 45, 1000) -
      cents(1, 210);
    const totalCents = rows.reduce((sum, row) => sum + Math.round(Number(row.BilledCost) * 100), 0);
    expect(totalCents).toBe(expectedCents);
    expect(decisions[0]).toMatchObject({
      BilledCost: '0.11',
      ListUnitPrice: '0.45',
      PricingUnit: '1000 Decisions',
      PricingQuantity: '0.25',
      BillingCurrency: 'EUR',
    });
    expect(usage('approvals')).toEqual([
      expect.objectContaining({ ConsumedQuantity: '1', BilledCost: '0.25', ChargePeriodStart: '2030-01-06T00:00:00Z' }),
    ]);
    expect(usage('active-agents')).toEqual([expect.objectContaining({ ConsumedQuantity: '2', BilledCost: '4.20' })]);
    const credits = rows.filter((row) => row.ChargeCategory === 'Credit');
    expect(credits.map((row) => [row.x_ChargeKind, row.BilledCost]).sort()).toEqual([
      ['active-agents', '-2.10'],
      ['decisions', '-0.05'],
    ]);

    const reconciled = await api.get(`/v1/tenants/${a.tenantId}/billing/reconcile?period=${P}`, a.finance);
    expect(reconciled.body).toMatchObject({ auditedDecisions: billed, billedDecisions: billed, difference: 0, closed: false });
  });

  it('breaks the month down by agent on request, and renders the same lines as JSON', async () => {
    const byAgent = parseCsv((await api.get(`/v1/tenants/${a.tenantId}/billing/export?period=${P}&granularity=agent`, a.finance)).body);
    const decisionLines = byAgent.filter((row) => row.x_ChargeKind === 'decisions' && row.ChargeCategory === 'Usage');
    expect(new Set(decisionLines.map((row) => row.x_AgentId))).toEqual(new Set(a.agents.map((agent) => agent.id)));
    expect(decisionLines.every((row) => row.ResourceId === row.x_AgentId && row.x_Team === 'ops' && row.x_Environment === 'prod')).toBe(
      true,
    );
    const json = await api.get(`/v1/tenants/${a.tenantId}/billing/export?period=${P}&format=json`, a.finance);
    expect(json.body).toMatchObject({ focusVersion: '1.3', columns: [...EXPORT_COLUMNS_1_3] });
    expect(json.body.recency).toEqual([
      expect.objectContaining({
        TimeSectors: [expect.objectContaining({ TimeSectorStart: '2030-01-01T00:00:00Z', TimeSectorComplete: false })],
      }),
    ]);
    const json12 = await api.get(`/v1/tenants/${a.tenantId}/billing/export?period=${P}&format=json&focusVersion=1.2`, a.finance);
    expect(json12.body).toEqual({
      focusVersion: '1.2',
      columns: [...EXPORT_COLUMNS],
      lines: expect.any(Array),
    });
    const csvRows = parseCsv((await api.get(`/v1/tenants/${a.tenantId}/billing/export?period=${P}`, a.finance)).body);
    expect(json.body.lines.map((line: Row) => line.BilledCost)).toEqual(csvRows.map((row) => row.BilledCost));
  });

  it('names the query value it refuses', async () => {
    const bad = await api.get(`/v1/tenants/${a.tenantId}/billing/export?period=2030-13&format=xml`, a.finance);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['format', 'period']);
    expect((await api.get(`/v1/tenants/${a.tenantId}/billing/reconcile`, a.finance)).body.error.details[0].path).toBe('period');
    expect((await api.post('/v1/billing/periods/2030-13/close', platformFinance)).status).toBe(400);
  });

  it('covers every tenant in the platform export, and keeps tenants out of each other and of it', async () => {
    const all = await api.get(`/v1/billing/exports?period=${P}`, platformFinance);
    expect(all.status).toBe(200);
    const tenantsInExport = new Set(parseCsv(all.body).map((row) => row.SubAccountId));
    expect(tenantsInExport).toContain(a.tenantId);
    expect(tenantsInExport).toContain(b.tenantId);
    expect((await api.get(`/v1/tenants/${b.tenantId}/billing/export?period=${P}`, a.finance)).status).toBe(403);
    expect((await api.get(`/v1/billing/exports?period=${P}`, a.finance)).status).toBe(403);
    expect(
      (await api.get(`/v1/tenants/${a.tenantId}/billing/export?period=${P}`, await api.token({ roles: ['auditor'], tenant: a.tenantId })))
        .status,
    ).toBe(403);
    expect((await api.get(`/v1/tenants/${a.tenantId}/billing/reconcile?period=${P}`, b.finance)).status).toBe(403);
  });

  it('freezes a closed month byte for byte and bills its late usage in the next month as corrections', async () => {
    const Q = '2030-03';
    await travelTo(`${Q}-10T10:00:00Z`);
    await decide(b.agents[0]!.apiKey, 40);
    await meteredUsage(api, b.tenantId, Q, b.admin, 40);
    expect((await api.post(`/v1/billing/periods/${Q}/close`, platformFinance)).body.error.code).toBe('period_not_over');
    await travelTo('2030-04-02T09:00:00Z');
    const closed = await api.post(`/v1/billing/periods/${Q}/close`, platformFinance);
    expect(closed.status).toBe(200);
    expect((await api.post(`/v1/billing/periods/${Q}/close`, platformFinance)).status).toBe(409);
    expect((await api.post(`/v1/billing/periods/${Q}/close`, platformAdmin)).status).toBe(403);
    const before = (await api.get(`/v1/tenants/${b.tenantId}/billing/export?period=${Q}`, b.finance)).body as string;
    expect(parseCsv(before).every((row) => row.InvoiceId === `WDN-${Q}-${b.tenantId}`)).toBe(true);

    await travelTo(`${Q}-31T23:59:00Z`); // late usage: decisions dated in the closed month
    await decide(b.agents[0]!.apiKey, 7);
    await meteredUsage(api, b.tenantId, Q, b.admin, 47);
    await travelTo('2030-04-03T10:00:00Z');
    const after = (await api.get(`/v1/tenants/${b.tenantId}/billing/export?period=${Q}`, b.finance)).body as string;
    expect(after).toBe(before);

    const next = parseCsv((await api.get(`/v1/tenants/${b.tenantId}/billing/export?period=2030-04`, b.finance)).body);
    const corrections = next.filter((row) => row.ChargeClass === 'Correction');
    expect(corrections).toEqual([
      expect.objectContaining({
        x_ChargeKind: 'decisions',
        ConsumedQuantity: '7',
        x_CorrectedPeriod: Q,
        ChargePeriodStart: `${Q}-31T00:00:00Z`,
        BillingPeriodStart: '2030-04-01T00:00:00Z',
      }),
    ]);
    const reconciled = await api.get(`/v1/tenants/${b.tenantId}/billing/reconcile?period=${Q}`, b.finance);
    expect(reconciled.body).toMatchObject({
      closed: true,
      auditedDecisions: 47,
      billedInPeriod: 40,
      billedAsCorrections: 7,
      billedDecisions: 47,
      difference: 0,
    });
  });
});

describe('A large month', () => {
  afterAll(async () => {
    await api.setClockOffset(0);
  });

  it('exports a 2,000-agent month through object storage, behind a download link', async () => {
    await travelTo('2030-06-15T12:00:00Z');
    const t = await tenantOnTier('enterprise', 2000);
    for (let start = 0; start < t.agents.length; start += 16) {
      await Promise.all(
        t.agents
          .slice(start, start + 16)
          .map((agent) => api.request('POST', '/v1/authorize', { token: agent.apiKey, body: { action: 'work:do' } })),
      );
    }
    // 2,000 agents' counters: one conditional update each, 16 at a time, from a few stream batches.
    await meteredUsage(api, t.tenantId, '2030-06', t.admin, 2000, { timeoutMs: 150_000 });
    const exported = await api.get(`/v1/tenants/${t.tenantId}/billing/export?period=2030-06&granularity=agent`, t.finance);
    expect(exported.status).toBe(200);
    expect(exported.body.download).toMatchObject({
      url: expect.stringContaining('X-Amz-Signature='),
      format: 'csv',
      expiresAt: expect.any(String),
    });
    expect(exported.body.download.bytes).toBeGreaterThan(1_048_576);
    const file = await fetch(exported.body.download.url);
    expect(file.status).toBe(200);
    const rows = parseCsv(await file.text());
    expect(rows).toHaveLength(exported.body.download.lines);
    const agentsBilled = new Set(rows.filter((row) => row.x_ChargeKind === 'decisions').map((row) => row.x_AgentId));
    expect(agentsBilled.size).toBe(2000);
    expect(rows.filter((row) => row.x_ChargeKind === 'active-agents' && row.ChargeCategory === 'Usage')).toHaveLength(2000);
  }, 300_000);
});
