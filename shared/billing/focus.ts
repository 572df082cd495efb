/**
 * FOCUS 1.2 (the FinOps Open Cost and Usage Specification): every column of the 1.2 cost and
 * usage dataset, in the specification's (alphabetical) order, followed by Warden's own dimensions
 * in `x_` columns; and the CSV and JSON renderings finance loads as they are.
 */

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

/** Warden's dimensions: the tenant's team, the agent, its environment, what is charged, and the period a correction corrects. */
export const WARDEN_COLUMNS = ['x_Team', 'x_AgentId', 'x_Environment', 'x_ChargeKind', 'x_CorrectedPeriod'] as const;

export const EXPORT_COLUMNS = [...FOCUS_COLUMNS, ...WARDEN_COLUMNS] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** One billing line: every column, null where it does not apply. Decimals are exact strings. */
export type FocusLine = Readonly<Record<ExportColumn, string | null>>;

/** A line with every column null but those given. */
export const focusLine = (values: Partial<Record<ExportColumn, string | null>>): FocusLine =>
  Object.fromEntries(EXPORT_COLUMNS.map((column) => [column, values[column] ?? null])) as FocusLine;

/** RFC 4180: a field is quoted when it holds a comma, quote or line break; nulls are empty. */
const csvField = (value: string | null) => (value === null ? '' : /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** The lines as CSV with a header row, CRLF line ends (RFC 4180). */
export function toCsv(lines: readonly FocusLine[]): string {
  const rows = [EXPORT_COLUMNS.join(','), ...lines.map((line) => EXPORT_COLUMNS.map((column) => csvField(line[column])).join(','))];
  return `${rows.join('\r\n')}\r\n`;
}

/** The lines as JSON: `{ columns, lines }`, decimals as strings so no digit is lost. */
export const toJson = (lines: readonly FocusLine[]): string => JSON.stringify({ focusVersion: '1.2', columns: EXPORT_COLUMNS, lines });
