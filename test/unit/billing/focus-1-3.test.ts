/**
 * FOCUS 1.3, the exports' default version, checked against the 1.3 Cost and Usage column
 * requirements (FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, specification/datasets/cost_and_usage):
 * every mandatory column present and in the specification's order, values in the formats and
 * allowed values the columns define, nullability as their rules say for Warden's charges (usage,
 * included-unit credits, corrections), the columns 1.3 added set as for charges that are not split
 * cost allocations nor contract commitments, and the recency (data freshness) metadata of the JSON
 * form. FOCUS 1.2 stays exactly what it was with `focusVersion=1.2`.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ExportQuerySchema, createBilling } from '../../../shared/billing/billing';
import { billingLines, type TenantMonth } from '../../../shared/billing/charges';
import {
  DEFAULT_FOCUS_VERSION,
  EXPORT_COLUMNS,
  EXPORT_COLUMNS_1_3,
  FOCUS_1_3_COLUMNS,
  FOCUS_1_3_MANDATORY_COLUMNS,
  FOCUS_1_3_NEW_COLUMNS,
  FOCUS_COLUMNS,
  type FocusLine,
  type Freshness,
  WARDEN_COLUMNS,
  recencyOf,
  toCsv,
  toFocus13Line,
  toJson,
} from '../../../shared/billing/focus';
import type { PricePlan } from '../../../shared/billing/price-plan';
import type { OperatorPrincipal } from '../../../shared/auth/principal';
import { createFixedClock } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';
import { addUsage, createInMemoryStores } from '../../support/in-memory';
import { aChange, aTenant } from '../../support/tenancy-fixtures';

const plan: PricePlan = {
  tier: 'business',
  currency: 'USD',
  prices: { decisionsPer1000: '0.45', approval: '0.25', activeAgentMonth: '2.10' },
  included: { decisions: 100, approvals: 1, activeAgents: 1 },
  version: 3,
  updatedAt: '2026-11-01T00:00:00.000Z',
  updatedBy: 'p',
};
const agent = (agentId: string) => ({ agentId, team: 'ops', environment: 'prod' });

/** December 2026 with usage, approvals, included units (credits) and late usage of a closed November (corrections). */
const december: TenantMonth = {
  tenant: { id: 'acme', name: 'Acme, "the" corp' },
  plan,
  usage: [
    { day: '2026-12-03', ...agent('agt_a'), decisions: 250 },
    { day: '2026-12-04', ...agent('agt_b'), decisions: 1000 },
  ],
  approvals: [{ day: '2026-12-04', ...agent('agt_a'), approvals: 2 }],
  correction: {
    period: '2026-11',
    plan,
    usage: [{ day: '2026-11-30', ...agent('agt_a'), decisions: 7 }],
    approvals: [],
    newActiveAgents: [agent('agt_late')],
  },
};
const linesOf = (granularity: 'tenant' | 'agent', invoiceId?: string) =>
  billingLines({ period: '2026-12', month: december, granularity, ...(invoiceId ? { invoiceId } : {}) });
const freshness: Freshness = {
  instance: 'acme/tenant',
  billingPeriodStart: '2026-12-01T00:00:00Z',
  lastUpdated: '2026-12-07T12:00:00.123Z',
  complete: false,
};

type Row = Record<string, string>;
const parseCsv = (text: string): Row[] => parse(text, { columns: true, skip_empty_lines: true });
const headerOf = (csv: string) => csv.split('\r\n')[0]!.split(',');

// The 1.3 column rules Warden's lines are held to (values as the CSV carries them: null is '').
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/; // DateTimeFormat: 'YYYY-MM-DDTHH:mm:ssZ', UTC
const DECIMAL = /^-?\d+(\.\d+)?$/; // NumericFormat: plain decimals, no exponent, no thousands separator
const CURRENCY = /^[A-Z]{3}$/; // CurrencyFormat: ISO 4217
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ALLOWED: Record<string, readonly string[]> = {
  ChargeCategory: ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'],
  ChargeClass: ['', 'Correction'],
  ChargeFrequency: ['One-Time', 'Recurring', 'Usage-Based'],
  PricingCategory: ['', 'Standard', 'Dynamic', 'Committed', 'Other'],
  ServiceCategory: [
    'AI and Machine Learning',
    'Analytics',
    'Business Applications',
    'Compute',
    'Databases',
    'Developer Tools',
    'Multicloud',
    'Identity',
    'Integration',
    'Internet of Things',
    'Management and Governance',
    'Media',
    'Migration',
    'Mobile',
    'Networking',
    'Security',
    'Storage',
    'Web',
    'Other',
  ],
};
/**
 * Mandatory columns that MUST NOT be null (the other mandatory ones, BillingAccountName, ChargeClass,
 * ChargeDescription, PricingQuantity and PricingUnit, allow nulls).
 */
const NEVER_NULL = [
  'BilledCost',
  'BillingAccountId',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ContractedCost',
  'EffectiveCost',
  'HostProviderName',
  'InvoiceIssuerName',
  'ListCost',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
  'ServiceProviderName',
] as const;
const DECIMALS = [
  'BilledCost',
  'ContractedCost',
  'EffectiveCost',
  'ListCost',
  'ListUnitPrice',
  'ContractedUnitPrice',
  'PricingQuantity',
  'ConsumedQuantity',
] as const;
const DATE_TIMES = ['BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd'] as const;

/** Every 1.3 rule above that applies to one row; the failures, by column. */
function violations(row: Row): string[] {
  const failed: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) failed.push(what);
  };
  for (const column of NEVER_NULL) check(row[column] !== '', `${column} is null`);
  for (const column of DECIMALS) check(row[column] === '' || DECIMAL.test(row[column]!), `${column} is not a decimal`);
  for (const column of DATE_TIMES) check(DATE_TIME.test(row[column]!), `${column} is not a FOCUS date-time`);
  for (const [column, allowed] of Object.entries(ALLOWED)) check(allowed.includes(row[column]!), `${column} ${row[column]} is not allowed`);
  check(CURRENCY.test(row.BillingCurrency!), 'BillingCurrency is not ISO 4217');
  check(row.ChargePeriodEnd! > row.ChargePeriodStart!, 'ChargePeriodEnd is not after ChargePeriodStart');
  check(row.BillingPeriodEnd! > row.BillingPeriodStart!, 'BillingPeriodEnd is not after BillingPeriodStart');
  // ChargeClass is "Correction" only for a row correcting a previous (invoiced) billing period.
  if (row.ChargeClass === 'Correction')
    check(row.ChargePeriodStart! < row.BillingPeriodStart!, 'a correction of the billing period itself');
  const usageOrPurchase = row.ChargeCategory === 'Usage' || row.ChargeCategory === 'Purchase';
  if (usageOrPurchase && row.ChargeClass !== 'Correction') {
    for (const column of ['PricingQuantity', 'PricingUnit', 'ListUnitPrice', 'ContractedUnitPrice', 'PricingCategory', 'SkuPriceId'])
      check(row[column] !== '', `${column} is null on a ${row.ChargeCategory} row`);
  }
  // ConsumedQuantity: null unless usage; not null on usage that is not a correction. ConsumedUnit goes with it.
  if (row.ChargeCategory !== 'Usage') check(row.ConsumedQuantity === '', 'ConsumedQuantity on a row that is not usage');
  else if (row.ChargeClass !== 'Correction') check(row.ConsumedQuantity !== '', 'ConsumedQuantity is null on usage');
  check((row.ConsumedQuantity === '') === (row.ConsumedUnit === ''), 'ConsumedUnit does not go with ConsumedQuantity');
  check(row.ListUnitPrice === '' || !row.ListUnitPrice!.startsWith('-'), 'ListUnitPrice is negative');
  // No row is a split cost allocation: the Allocated* columns MUST be null; no contract commitments: ContractApplied is null.
  for (const column of ['AllocatedMethodDetails', 'AllocatedMethodId', 'AllocatedResourceId', 'AllocatedResourceName', 'AllocatedTags'])
    check(row[column] === '', `${column} is set on a charge that is not a split cost allocation`);
  check(row.ContractApplied === '', 'ContractApplied is set without a contract commitment');
  // HostProviderName: Warden (it MAY equal ServiceProviderName when the hosting is not exposed).
  check(row.ServiceProviderName === row.ProviderName, 'ServiceProviderName is not the provider');
  check(row.HostProviderName === row.ServiceProviderName, 'HostProviderName is not Warden');
  // A line charged to an agent names it, with its type.
  check((row.ResourceId === '') === (row.ResourceType === ''), 'ResourceType does not go with ResourceId');
  return failed;
}

describe('FOCUS 1.3 columns', () => {
  it('are those of 1.2 plus the columns 1.3 added, in the specification (alphabetical) order, then Warden’s x_ columns', () => {
    expect([...FOCUS_1_3_COLUMNS]).toEqual([...FOCUS_1_3_COLUMNS].sort());
    expect(new Set(FOCUS_1_3_COLUMNS).size).toBe(FOCUS_1_3_COLUMNS.length);
    expect([...FOCUS_1_3_NEW_COLUMNS]).toEqual([
      'AllocatedMethodDetails',
      'AllocatedMethodId',
      'AllocatedResourceId',
      'AllocatedResourceName',
      'AllocatedTags',
      'ContractApplied',
      'HostProviderName',
      'ServiceProviderName',
    ]);
    // Where the specification places them (the list is built, so check it against the spec's order, not against itself).
    expect(FOCUS_1_3_COLUMNS).toHaveLength(FOCUS_COLUMNS.length + 8);
    expect(FOCUS_1_3_COLUMNS.slice(0, 6)).toEqual([
      'AllocatedMethodDetails',
      'AllocatedMethodId',
      'AllocatedResourceId',
      'AllocatedResourceName',
      'AllocatedTags',
      'AvailabilityZone',
    ]);
    expect(FOCUS_1_3_COLUMNS.slice(FOCUS_1_3_COLUMNS.indexOf('ConsumedUnit'), FOCUS_1_3_COLUMNS.indexOf('ContractedCost') + 1)).toEqual([
      'ConsumedUnit',
      'ContractApplied',
      'ContractedCost',
    ]);
    expect(FOCUS_1_3_COLUMNS.slice(FOCUS_1_3_COLUMNS.indexOf('ServiceName'), FOCUS_1_3_COLUMNS.indexOf('ServiceSubcategory') + 1)).toEqual([
      'ServiceName',
      'ServiceProviderName',
      'ServiceSubcategory',
    ]);
    expect(FOCUS_1_3_COLUMNS.at(-1)).toBe('Tags');
    expect([...EXPORT_COLUMNS_1_3]).toEqual([...FOCUS_1_3_COLUMNS, ...WARDEN_COLUMNS]);
    for (const column of WARDEN_COLUMNS) expect(column).toMatch(/^x_[A-Z][A-Za-z]*$/); // custom columns: x_ prefix
  });

  it('include every mandatory 1.3 column: the 1.2 ones (ProviderName and PublisherName deprecated, still mandatory), HostProviderName and ServiceProviderName', () => {
    for (const column of FOCUS_1_3_MANDATORY_COLUMNS) expect(FOCUS_1_3_COLUMNS).toContain(column);
    expect(FOCUS_1_3_MANDATORY_COLUMNS).toEqual(
      expect.arrayContaining(['HostProviderName', 'ServiceProviderName', 'ProviderName', 'PublisherName']),
    );
  });
});

describe('A FOCUS 1.3 export', () => {
  it.each(['tenant', 'agent'] as const)(
    'has every mandatory column, in order, with valid values on every row (%s granularity)',
    (granularity) => {
      const lines = linesOf(granularity, 'WDN-2026-12-acme');
      const csv = toCsv(lines, '1.3');
      const header = headerOf(csv);
      expect(header).toEqual([...EXPORT_COLUMNS_1_3]);
      const mandatoryInOrder = header.filter((column) => (FOCUS_1_3_MANDATORY_COLUMNS as readonly string[]).includes(column));
      expect(mandatoryInOrder).toEqual([...FOCUS_1_3_MANDATORY_COLUMNS]);
      const rows = parseCsv(csv);
      expect(rows.length).toBe(lines.length);
      expect(new Set(rows.map((row) => row.ChargeCategory))).toEqual(new Set(['Usage', 'Credit']));
      expect(rows.some((row) => row.ChargeClass === 'Correction')).toBe(true);
      for (const [i, row] of rows.entries()) expect(violations(row), `row ${i}`).toEqual([]);
    },
  );

  it('keeps every 1.2 value of a line as it is, and sets the columns 1.3 added', () => {
    for (const line of linesOf('agent')) {
      const focus13 = toFocus13Line(line);
      for (const column of [...FOCUS_COLUMNS, ...WARDEN_COLUMNS]) expect(focus13[column], column).toBe(line[column]);
      expect(focus13).toMatchObject({
        AllocatedMethodDetails: null,
        AllocatedMethodId: null,
        AllocatedResourceId: null,
        AllocatedResourceName: null,
        AllocatedTags: null,
        ContractApplied: null,
        ServiceProviderName: 'Warden',
        HostProviderName: 'Warden',
      });
      expect(Object.keys(focus13)).toEqual([...EXPORT_COLUMNS_1_3]);
    }
  });

  it('as JSON states its version and columns, and carries the recency (data freshness) metadata 1.3 defines', () => {
    const lines = linesOf('tenant');
    const json = JSON.parse(toJson(lines, '1.3', freshness)) as {
      focusVersion: string;
      columns: string[];
      recency: { DatasetInstanceId: string; DatasetInstanceLastUpdated: string; TimeSectors: Record<string, unknown>[] }[];
      lines: Record<string, string | null>[];
    };
    expect(Object.keys(json)).toEqual(['focusVersion', 'columns', 'recency', 'lines']);
    expect(json.focusVersion).toBe('1.3');
    expect(json.columns).toEqual([...EXPORT_COLUMNS_1_3]);
    expect(json.lines).toEqual(lines.map(toFocus13Line));
    // Recency: one object for the dataset instance; Cost and Usage is a time series, so it has time sectors.
    expect(json.recency).toHaveLength(1);
    const [recency] = json.recency;
    expect(recency!.DatasetInstanceId).toMatch(GUID);
    expect(recency!.DatasetInstanceLastUpdated).toBe('2026-12-07T12:00:00Z');
    // One sector per month charged: November (the corrections) and December, neither complete while December is open.
    expect(recency!.TimeSectors).toEqual([
      {
        TimeSectorStart: '2026-11-01T00:00:00Z',
        TimeSectorEnd: '2026-12-01T00:00:00Z',
        TimeSectorComplete: false,
        TimeSectorLastUpdated: '2026-12-07T12:00:00Z',
      },
      {
        TimeSectorStart: '2026-12-01T00:00:00Z',
        TimeSectorEnd: '2027-01-01T00:00:00Z',
        TimeSectorComplete: false,
        TimeSectorLastUpdated: '2026-12-07T12:00:00Z',
      },
    ]);
    for (const sector of recency!.TimeSectors) {
      expect(sector.TimeSectorStart).toMatch(DATE_TIME);
      expect((sector.TimeSectorEnd as string) > (sector.TimeSectorStart as string)).toBe(true);
    }
    // Every line's charge period falls in a time sector.
    for (const line of json.lines)
      expect(
        recency!.TimeSectors.some(
          (s) => line.ChargePeriodStart! >= (s.TimeSectorStart as string) && line.ChargePeriodEnd! <= (s.TimeSectorEnd as string),
        ),
      ).toBe(true);
  });

  it('marks a closed month complete, as of its close, with the same dataset instance id every time', () => {
    const closed = { ...freshness, lastUpdated: '2027-01-02T09:00:00.000Z', complete: true };
    const lines = billingLines({ period: '2026-12', month: { ...december, correction: undefined } as TenantMonth, granularity: 'tenant' });
    const [recency] = recencyOf(lines, closed);
    expect(recency).toEqual({
      DatasetInstanceId: recencyOf([], freshness)[0]!.DatasetInstanceId,
      DatasetInstanceLastUpdated: '2027-01-02T09:00:00Z',
      TimeSectors: [
        {
          TimeSectorStart: '2026-12-01T00:00:00Z',
          TimeSectorEnd: '2027-01-01T00:00:00Z',
          TimeSectorComplete: true,
          TimeSectorLastUpdated: '2027-01-02T09:00:00Z',
        },
      ],
    });
    expect(recencyOf([], { ...freshness, instance: 'all/tenant' })[0]!.DatasetInstanceId).not.toBe(recency!.DatasetInstanceId);
  });
});

describe('FOCUS 1.2 (focusVersion=1.2)', () => {
  /** The 1.2 renderings as they were before 1.3 came: the reference 1.2 must keep matching byte for byte. */
  const csvField = (value: string | null) => (value === null ? '' : /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const csv12 = (lines: readonly FocusLine[]) =>
    `${[EXPORT_COLUMNS.join(','), ...lines.map((line) => EXPORT_COLUMNS.map((column) => csvField(line[column])).join(','))].join('\r\n')}\r\n`;
  const json12 = (lines: readonly FocusLine[]) => JSON.stringify({ focusVersion: '1.2', columns: EXPORT_COLUMNS, lines });

  it('is unchanged: the same 57 FOCUS columns and x_ columns, the same CSV and JSON, no recency', () => {
    expect(FOCUS_COLUMNS).toHaveLength(57);
    expect(FOCUS_COLUMNS[0]).toBe('AvailabilityZone');
    expect(FOCUS_COLUMNS).not.toContain('ServiceProviderName');
    for (const granularity of ['tenant', 'agent'] as const) {
      const lines = linesOf(granularity);
      expect(toCsv(lines, '1.2')).toBe(csv12(lines));
      expect(toJson(lines, '1.2', freshness)).toBe(json12(lines));
      expect(headerOf(toCsv(lines, '1.2'))).toEqual([...FOCUS_COLUMNS, ...WARDEN_COLUMNS]);
    }
  });
});

describe('The FOCUS version of an export', () => {
  it('is 1.3 unless the query asks for 1.2; any other value is refused, naming focusVersion', () => {
    expect(DEFAULT_FOCUS_VERSION).toBe('1.3');
    expect(ExportQuerySchema.parse({ period: '2026-11' })).toEqual({
      period: '2026-11',
      format: 'csv',
      granularity: 'tenant',
      focusVersion: '1.3',
    });
    expect(ExportQuerySchema.parse({ period: '2026-11', focusVersion: '1.2' }).focusVersion).toBe('1.2');
    for (const bad of ['1.1', '1.4', '13', '']) {
      const parsed = ExportQuerySchema.safeParse({ period: '2026-11', focusVersion: bad });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['focusVersion']);
    }
  });

  it('is 1.3 for a tenant export that does not say, and 1.2 when asked', async () => {
    const clock = createFixedClock(Date.parse('2026-12-02T09:00:00.000Z'));
    const stores = createInMemoryStores(clock);
    const billing = createBilling({
      store: stores.billing,
      facts: stores.billingFacts,
      objects: stores.objects,
      clock,
      ids: createIdGenerator(clock),
      inlineLimitBytes: 1_000_000,
      downloadSeconds: 300,
      cursors: createPageCursorCodec('c'.repeat(40)),
    });
    await stores.tenancy.createTenant(aTenant('acme', { tier: 'business' }), aChange('acme'));
    addUsage(stores.tables, 'acme', { day: '2026-11-03', agentId: 'agt_a', team: 'ops', role: 'bot', environment: 'prod', decisions: 10 });
    const finance: OperatorPrincipal = { kind: 'operator', sub: 'fin', tenantId: 'acme', roles: ['finance'], teams: [] };
    const body = async (query: Parameters<typeof billing.tenantExport>[2]) => {
      const result = await billing.tenantExport(finance, 'acme', query);
      if (result.kind !== 'inline') throw new Error('expected an inline export');
      return result.body;
    };

    const json = JSON.parse(await body({ period: '2026-11', format: 'json', granularity: 'tenant' })) as {
      focusVersion: string;
      recency: unknown[];
    };
    expect(json.focusVersion).toBe('1.3');
    expect(json.recency).toEqual([expect.objectContaining({ DatasetInstanceLastUpdated: '2026-12-02T09:00:00Z' })]);
    expect(headerOf(await body({ period: '2026-11', format: 'csv', granularity: 'tenant' }))).toEqual([...EXPORT_COLUMNS_1_3]);
    expect(headerOf(await body({ period: '2026-11', format: 'csv', granularity: 'tenant', focusVersion: '1.2' }))).toEqual([
      ...EXPORT_COLUMNS,
    ]);
    expect(JSON.parse(await body({ period: '2026-11', format: 'json', granularity: 'tenant', focusVersion: '1.2' }))).not.toHaveProperty(
      'recency',
    );
  });
});
