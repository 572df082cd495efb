/**
 * FOCUS (the FinOps Open Cost and Usage Specification) 1.3, the default, and 1.2: every column of
 * each version's Cost and Usage dataset, in the specification's (alphabetical) order, followed by
 * Warden's own dimensions in `x_` columns; and the CSV and JSON renderings finance loads as they
 * are. Lines are built once, in the 1.2 shape (`FocusLine`); a 1.3 line is that line plus the
 * columns 1.3 added (see `toFocus13Line`). See docs/decisions/billing.md for the mapping.
 */
import { createHash } from 'node:crypto';

/** The FOCUS versions an export can be in; 1.3 unless asked otherwise. */
export const FOCUS_VERSIONS = ['1.3', '1.2'] as const;
export type FocusVersion = (typeof FOCUS_VERSIONS)[number];
export const DEFAULT_FOCUS_VERSION: FocusVersion = '1.3';

/** The columns of FOCUS 1.2, in order. */
export const FOCUS_COLUMNS = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingAccountType',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'CapacityReservationId',
  'CapacityReservationStatus',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountQuantity',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'CommitmentDiscountUnit',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceId',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingCurrency',
  'PricingCurrencyContractedUnitPrice',
  'PricingCurrencyEffectiveCost',
  'PricingCurrencyListUnitPrice',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'ServiceSubcategory',
  'SkuId',
  'SkuMeter',
  'SkuPriceDetails',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'SubAccountType',
  'Tags',
] as const;

/**
 * Columns FOCUS 1.2 makes mandatory: present in every export, and set on every line (ChargeClass is
 * null unless a correction, as FOCUS allows).
 */
export const FOCUS_MANDATORY_COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ContractedCost',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
] as const;

/**
 * The columns 1.3 added to 1.2: the split cost allocation columns (Allocated*), ContractApplied,
 * HostProviderName and ServiceProviderName.
 */
export const FOCUS_1_3_NEW_COLUMNS = [
  'AllocatedMethodDetails',
  'AllocatedMethodId',
  'AllocatedResourceId',
  'AllocatedResourceName',
  'AllocatedTags',
  'ContractApplied',
  'HostProviderName',
  'ServiceProviderName',
] as const;

type Focus13Column = (typeof FOCUS_COLUMNS)[number] | (typeof FOCUS_1_3_NEW_COLUMNS)[number];

/** The specification orders columns alphabetically (by code unit, as `sort` does). */
const inSpecOrder = <T extends string>(columns: readonly T[]): readonly T[] => [...columns].sort();

/**
 * The columns of FOCUS 1.3, in order: those of 1.2 (ProviderName and PublisherName are deprecated
 * in 1.3 but still mandatory) and the ones 1.3 added.
 */
export const FOCUS_1_3_COLUMNS: readonly Focus13Column[] = inSpecOrder<Focus13Column>([...FOCUS_COLUMNS, ...FOCUS_1_3_NEW_COLUMNS]);

/**
 * Columns FOCUS 1.3 makes mandatory (the Cost and Usage dataset MUST include them whatever the
 * operating model): the 1.2 ones plus HostProviderName and ServiceProviderName.
 */
export const FOCUS_1_3_MANDATORY_COLUMNS: readonly Focus13Column[] = inSpecOrder<Focus13Column>([
  ...FOCUS_MANDATORY_COLUMNS,
  'HostProviderName',
  'ServiceProviderName',
]);

/** Warden's dimensions: the tenant's team, the agent, its environment, what is charged, and the period a correction corrects. */
export const WARDEN_COLUMNS = ['x_Team', 'x_AgentId', 'x_Environment', 'x_ChargeKind', 'x_CorrectedPeriod'] as const;

export const EXPORT_COLUMNS = [...FOCUS_COLUMNS, ...WARDEN_COLUMNS] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** One billing line: every column, null where it does not apply. Decimals are exact strings. */
export type FocusLine = Readonly<Record<ExportColumn, string | null>>;

/** A line with every column null but those given. */
export const focusLine = (values: Partial<Record<ExportColumn, string | null>>): FocusLine =>
  Object.fromEntries(EXPORT_COLUMNS.map((column) => [column, values[column] ?? null])) as FocusLine;

export type ExportColumn13 = Focus13Column | (typeof WARDEN_COLUMNS)[number];
export const EXPORT_COLUMNS_1_3: readonly ExportColumn13[] = [...FOCUS_1_3_COLUMNS, ...WARDEN_COLUMNS];

/** One billing line in FOCUS 1.3. */
export type Focus13Line = Readonly<Record<ExportColumn13, string | null>>;

/**
 * A line in FOCUS 1.3: every 1.2 value as it is, and the columns 1.3 added. Warden does no split
 * cost allocation (no line is an allocated charge), so the five Allocated* columns are null, as
 * FOCUS requires for charges not related to a split cost allocation; Warden has no contract
 * commitments, so ContractApplied is null. ServiceProviderName is the provider (Warden, the
 * ProviderName it replaces); HostProviderName is Warden too, as FOCUS allows when the service
 * provider does not expose the infrastructure it runs on.
 */
export const toFocus13Line = (line: FocusLine): Focus13Line =>
  Object.fromEntries(
    EXPORT_COLUMNS_1_3.map((column) => {
      if (column === 'ServiceProviderName') return [column, line.ProviderName];
      if (column === 'HostProviderName') return [column, line.ProviderName];
      return [column, (line as Readonly<Record<string, string | null>>)[column] ?? null];
    }),
  ) as Focus13Line;

/** The export's columns in `version`. */
export const exportColumns = (version: FocusVersion): readonly string[] => (version === '1.2' ? EXPORT_COLUMNS : EXPORT_COLUMNS_1_3);

/** RFC 4180: a field is quoted when it holds a comma, quote or line break; nulls are empty. */
const csvField = (value: string | null) => (value === null ? '' : /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** The lines as CSV in `version`, with a header row, CRLF line ends (RFC 4180). */
export function toCsv(lines: readonly FocusLine[], version: FocusVersion): string {
  const columns = exportColumns(version);
  const rows = (version === '1.2' ? lines : lines.map(toFocus13Line)) as readonly Readonly<Record<string, string | null>>[];
  const text = [columns.join(','), ...rows.map((line) => columns.map((column) => csvField(line[column] ?? null)).join(','))];
  return `${text.join('\r\n')}\r\n`;
}

/** A time sector of FOCUS 1.3 recency metadata: a month of charge periods, complete once closed. */
export interface TimeSector {
  readonly TimeSectorStart: string;
  readonly TimeSectorEnd: string;
  readonly TimeSectorComplete: boolean;
  readonly TimeSectorLastUpdated: string;
}

/** FOCUS 1.3 recency metadata of one dataset instance (Cost and Usage is a time series, so it has time sectors). */
export interface Recency {
  readonly DatasetInstanceId: string;
  readonly DatasetInstanceLastUpdated: string;
  readonly TimeSectors: readonly TimeSector[];
}

/** What the recency of an export is computed from. */
export interface Freshness {
  /** Names the dataset instance: the export's scope (a tenant or all) and granularity. */
  readonly instance: string;
  /** First instant of the billing period, as the lines carry it. */
  readonly billingPeriodStart: string;
  /** When the data was last updated: the close for a closed month, the export itself otherwise. */
  readonly lastUpdated: string;
  /** Whether the month is closed (its lines never change again). */
  readonly complete: boolean;
}

/** A FOCUS date-time (`YYYY-MM-DDTHH:mm:ssZ`, UTC, no fraction) of an ISO instant. */
export const focusDateTime = (iso: string): string => `${new Date(iso).toISOString().slice(0, 19)}Z`;

/** A stable GUID (name-based, RFC 4122 version 5 layout) of a dataset instance's name. */
export function datasetInstanceId(instance: string): string {
  const hex = createHash('sha1').update(`warden:focus:${instance}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** First instant of the month of a FOCUS date-time, and of the next. */
function monthOf(dateTime: string): { start: string; end: string } {
  const year = Number(dateTime.slice(0, 4));
  const month = Number(dateTime.slice(5, 7));
  const iso = (y: number, m: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01T00:00:00Z`;
  return { start: iso(year, month), end: month === 12 ? iso(year + 1, 1) : iso(year, month + 1) };
}

/**
 * The recency of an export: one time sector per month its lines' charge periods fall in (the
 * billing month, and the month before when it carries corrections), each complete once the
 * billing month is closed.
 */
export function recencyOf(lines: readonly FocusLine[], freshness: Freshness): Recency[] {
  const months = new Set([monthOf(freshness.billingPeriodStart).start, ...lines.map((line) => monthOf(line.ChargePeriodStart!).start)]);
  const lastUpdated = focusDateTime(freshness.lastUpdated);
  return [
    {
      DatasetInstanceId: datasetInstanceId(freshness.instance),
      DatasetInstanceLastUpdated: lastUpdated,
      TimeSectors: [...months].sort().map((start) => ({
        TimeSectorStart: start,
        TimeSectorEnd: monthOf(start).end,
        TimeSectorComplete: freshness.complete,
        TimeSectorLastUpdated: lastUpdated,
      })),
    },
  ];
}

/**
 * The lines as JSON, decimals as strings so no digit is lost: `{ focusVersion, columns, lines }`
 * in 1.2; in 1.3 also `recency`, the dataset's recency metadata (data freshness).
 */
export function toJson(lines: readonly FocusLine[], version: FocusVersion, freshness: Freshness): string {
  if (version === '1.2') return JSON.stringify({ focusVersion: '1.2', columns: EXPORT_COLUMNS, lines });
  return JSON.stringify({
    focusVersion: '1.3',
    columns: EXPORT_COLUMNS_1_3,
    recency: recencyOf(lines, freshness),
    lines: lines.map(toFocus13Line),
  });
}
