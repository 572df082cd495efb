/**
 * Platform billing (platform finance and admins): every tenant's FOCUS billing lines for a month,
 * as a CSV download (a large export follows the API's download link) and as a table; the price
 * plan of every tier the tenants are on; and closing a month that is over (platform finance only).
 */
import { useState } from 'react';
import { api, ApiError, read } from '../api/client';
import { saveExport } from '../api/download-link';
import type { BillingExport, ClosedPeriod, FocusLine, Page, PricePlan } from '../api/types';
import { can } from '../auth/abilities';
import type { Session } from '../auth/session';
import { DataTable } from '../components/data-table';
import { count, ErrorNote, Figure, Loading, when } from '../components/parts';
import { useApi } from '../components/use-api';

/** Lines the table shows at first, and how many more each "Show more" adds. */
const LINES_SHOWN = 50;
/** At most this many tenants are read for their tiers (10 pages of the API's largest page). */
const TENANT_PAGES = 10;

const thisMonth = () => new Date().toISOString().slice(0, 7);

/** Whether the month `period` (YYYY-MM) has ended by `nowMs`: only such a month can be closed. */
function monthIsOver(period: string, nowMs: number): boolean {
  const [year, month] = period.split('-').map(Number);
  return Date.UTC(year!, month!, 1) <= nowMs;
}

/** The exact sum of decimal strings ("12.50", "-0.125"), as a decimal string with the most decimals given. */
function sumDecimals(values: readonly string[]): string {
  const places = Math.max(0, ...values.map((value) => value.split('.')[1]?.length ?? 0));
  const scaled = (value: string) => {
    const [whole = '0', fraction = ''] = value.replace('-', '').split('.');
    const units = BigInt(whole + fraction.padEnd(places, '0'));
    return value.startsWith('-') ? -units : units;
  };
  const total = values.reduce((sum, value) => sum + scaled(value), 0n);
  const digits = (total < 0n ? -total : total).toString().padStart(places + 1, '0');
  const text = places ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return total < 0n ? `-${text}` : text;
}

/** Saves every tenant's export of `period` as a CSV file, or follows the link a large export answers with. */
async function downloadPlatformExport(period: string) {
  const file = await read<Blob>(api.GET('/v1/billing/exports', { params: { query: { period, format: 'csv' } }, parseAs: 'blob' }));
  await saveExport(file, `warden-all-tenants-${period}-focus.csv`);
}

/** Every tier the tenants are on, read from the tenant list. */
async function tiersOfTenants(): Promise<string[]> {
  const tiers = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < TENANT_PAGES; page++) {
    const tenants = await read<Page<{ tier: string }>>(
      api.GET('/v1/tenants', { params: { query: { limit: 1000, ...(cursor ? { cursor } : {}) } } }),
    );
    for (const tenant of tenants.items) tiers.add(tenant.tier);
    cursor = tenants.nextCursor;
    if (!cursor) break;
  }
  return [...tiers].sort();
}

/** Each tier's plan, or undefined for a tier nobody priced yet (the API answers 404; its usage bills at zero). */
async function pricePlans(): Promise<{ tier: string; plan?: PricePlan }[]> {
  const tiers = await tiersOfTenants();
  return Promise.all(
    tiers.map(async (tier) => {
      try {
        return { tier, plan: await read<PricePlan>(api.GET('/v1/price-plans/{tier}', { params: { path: { tier } } })) };
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return { tier };
        throw error;
      }
    }),
  );
}

function PricePlans() {
  const plans = useApi(pricePlans, []);
  return (
    <section aria-labelledby="plans-title">
      <h2 id="plans-title">Price plans</h2>
      <ErrorNote error={plans.error} />
      <Loading when={plans.loading && !plans.value} />
      {plans.value?.length === 0 ? <p className="muted">No tenant yet.</p> : null}
      <div className="plans">
        {plans.value?.map(({ tier, plan }) => (
          <article key={tier} className="card" aria-labelledby={`plan-${tier}`}>
            <h3 id={`plan-${tier}`}>{tier}</h3>
            {plan ? (
              <dl className="facts">
                <dt>Per 1,000 decisions</dt>
                <dd>
                  {plan.prices.decisionsPer1000} {plan.currency}
                </dd>
                <dt>Per approval</dt>
                <dd>
                  {plan.prices.approval} {plan.currency}
                </dd>
                <dt>Per active agent</dt>
                <dd>
                  {plan.prices.activeAgentMonth} {plan.currency} a month
                </dd>
                <dt>Included</dt>
                <dd>
                  {count(plan.included.decisions)} decisions, {count(plan.included.approvals)} approvals,{' '}
                  {count(plan.included.activeAgents)} active agents
                </dd>
                <dt>Version</dt>
                <dd>
                  v{plan.version} by {plan.updatedBy}, {when(plan.updatedAt)}
                </dd>
              </dl>
            ) : (
              <p className="muted">Not priced yet: billed at zero.</p>
            )}
          </article>
        ))}
      </div>
    </section>
  );
}

function BillingLines({ period }: { period: string }) {
  const lines = useApi(
    () => read<BillingExport>(api.GET('/v1/billing/exports', { params: { query: { period, format: 'json' } } })),
    [period],
  );
  const [shown, setShown] = useState(LINES_SHOWN);
  const value = lines.value;
  const rows = value && 'lines' in value ? value.lines : [];
  const currencies = [...new Set(rows.map((line) => line.BillingCurrency ?? ''))].filter(Boolean);
  const tenants = new Set(rows.map((line) => line.SubAccountId)).size;
  const cell = (line: FocusLine, column: string) => line[column] ?? '';
  return (
    <section aria-labelledby="lines-title">
      <h2 id="lines-title">Billing lines, {period}</h2>
      <ErrorNote error={lines.error} />
      <Loading when={lines.loading && !value} />
      {value && 'download' in value ? (
        <p className="muted">{count(value.download.lines)} lines this month, too many to show here: download the CSV.</p>
      ) : null}
      {value && 'lines' in value ? (
        <div className="figures">
          <Figure label="Lines" value={count(rows.length)} />
          <Figure label="Tenants billed" value={count(tenants)} />
          {currencies.map((currency) => (
            <Figure
              key={currency}
              label={`Billed (${currency})`}
              value={sumDecimals(rows.filter((line) => line.BillingCurrency === currency).map((line) => line.BilledCost ?? '0'))}
            />
          ))}
        </div>
      ) : null}
      {value && 'lines' in value && rows.length === 0 ? <p className="muted">Nothing billed this month.</p> : null}
      {rows.length > 0 ? (
        <DataTable
          label={`Billing lines, ${period}`}
          rows={rows.slice(0, shown).map((line, index) => ({ index, line }))}
          keyOf={({ index }) => String(index)}
          columns={[
            {
              label: 'Charge',
              cell: ({ line }) => (
                <>
                  {cell(line, 'ChargeDescription')}
                  <div className="muted">
                    {cell(line, 'SubAccountName') || cell(line, 'SubAccountId')}, {cell(line, 'ChargePeriodStart').slice(0, 10)},{' '}
                    {cell(line, 'ChargeCategory').toLowerCase()}
                    {line.ChargeClass ? `, ${line.ChargeClass.toLowerCase()}` : ''}
                  </div>
                </>
              ),
            },
            {
              label: 'Quantity',
              cell: ({ line }) =>
                line.ConsumedQuantity
                  ? `${line.ConsumedQuantity} ${cell(line, 'ConsumedUnit')}`
                  : `${cell(line, 'PricingQuantity')} × ${cell(line, 'PricingUnit')}`,
            },
            { label: 'Billed', cell: ({ line }) => `${cell(line, 'BilledCost')} ${cell(line, 'BillingCurrency')}` },
          ]}
        />
      ) : null}
      {rows.length > shown ? (
        <div className="pager">
          <span className="muted">
            {count(shown)} of {count(rows.length)} lines shown
          </span>
          <button type="button" onClick={() => setShown((value) => value + LINES_SHOWN)}>
            Show {Math.min(LINES_SHOWN, rows.length - shown)} more
          </button>
        </div>
      ) : null}
    </section>
  );
}

function ClosePeriod({ period }: { period: string }) {
  const [outcome, setOutcome] = useState<{ closed?: ClosedPeriod; error?: Error }>({});
  const [busy, setBusy] = useState(false);
  const over = monthIsOver(period, Date.now());
  const close = async () => {
    if (!confirm(`Close ${period}? Its billing is frozen for every tenant; later usage of ${period} is billed next month.`)) return;
    setBusy(true);
    try {
      const closed = await read<ClosedPeriod>(api.POST('/v1/billing/periods/{period}/close', { params: { path: { period } } }));
      setOutcome({ closed });
    } catch (error) {
      setOutcome({ error: error as Error });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="danger" disabled={busy || !over} onClick={() => void close()}>
        Close {period}
      </button>
      {!over ? <span className="muted">{period} is not over yet.</span> : null}
      {outcome.closed ? (
        <p className="notice full" role="status">
          {outcome.closed.period} closed for {count(outcome.closed.tenants)} tenants, {when(outcome.closed.closedAt)}.
        </p>
      ) : null}
      {outcome.error ? (
        <div className="full">
          <ErrorNote error={outcome.error} />
        </div>
      ) : null}
    </>
  );
}

/** The platform billing view: a month's lines of every tenant, the price plans, and closing the month. */
export function PlatformBillingView({ session }: { session: Session }) {
  const [period, setPeriod] = useState(thisMonth);
  const [downloadError, setDownloadError] = useState<Error>();
  return (
    <section aria-labelledby="platform-billing-title">
      <header className="view-header">
        <h1 id="platform-billing-title">Platform billing</h1>
        <div className="controls">
          <label>
            Month <input type="month" value={period} onChange={(event) => event.target.value && setPeriod(event.target.value)} />
          </label>
          <button type="button" onClick={() => downloadPlatformExport(period).catch((error: unknown) => setDownloadError(error as Error))}>
            Download all tenants (CSV)
          </button>
          {can(session, 'billing:close') ? <ClosePeriod key={period} period={period} /> : null}
        </div>
      </header>
      <ErrorNote error={downloadError} />
      <BillingLines key={period} period={period} />
      <PricePlans />
    </section>
  );
}
