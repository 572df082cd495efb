/**
 * The billing use cases (shared/billing/billing.ts) on the in-memory ports: FOCUS exports of a
 * month from its facts, inline or through object storage, closing a month, late usage billed as
 * corrections in the next, and reconciliation with the audit log. Real domain code, a fixed clock,
 * real ids and cursors.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { OperatorPrincipal } from '../../../shared/auth/principal';
import { type Billing, createBilling, type ExportResult } from '../../../shared/billing/billing';
import type { FocusLine } from '../../../shared/billing/focus';
import type { DecisionRecord } from '../../../shared/decisions/decision-record';
import { createFixedClock } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';
import { addUsage, createInMemoryStores, type InMemoryStores } from '../../support/in-memory';
import { aChange, aTenant } from '../../support/tenancy-fixtures';

const START = Date.parse('2026-12-02T09:00:00.000Z');

const platformFinance: OperatorPrincipal = { kind: 'operator', sub: 'fin', roles: ['platform-finance'], teams: [] };
const platformAdmin: OperatorPrincipal = { kind: 'operator', sub: 'padmin', roles: ['platform-admin'], teams: [] };
const acmeFinance: OperatorPrincipal = { kind: 'operator', sub: 'acme-fin', tenantId: 'acme', roles: ['finance'], teams: [] };

const jsonLines = (result: ExportResult): FocusLine[] => {
  if (result.kind !== 'inline') throw new Error('expected an inline export');
  return (JSON.parse(result.body) as { lines: FocusLine[] }).lines;
};
const decisionsLines = (lines: readonly FocusLine[]) =>
  lines.filter((line) => line.x_ChargeKind === 'decisions' && line.ChargeCategory === 'Usage');

describe('Billing (in-memory ports)', () => {
  let clock: ReturnType<typeof createFixedClock>;
  let stores: InMemoryStores;
  let billing: Billing;

  const usage = (tenantId: string, day: string, agentId: string, decisions: number) =>
    addUsage(stores.tables, tenantId, { day, agentId, team: 'ops', role: 'bot', environment: 'prod', decisions });

  beforeEach(async () => {
    clock = createFixedClock(START);
    stores = createInMemoryStores(clock);
    billing = createBilling({
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
    await stores.tenancy.createTenant(aTenant('beta', { tier: 'business' }), aChange('beta'));
    await billing.putPricePlan(platformAdmin, 'business', {
      currency: 'EUR',
      prices: { decisionsPer1000: '2.00', approval: '0.50', activeAgentMonth: '10' },
      included: { decisions: 1000, approvals: 0, activeAgents: 0 },
    });
  });

  describe('Method: tenantExport', () => {
    it('bills a live month from its facts: decisions per day, active agents, and the included decisions as a credit', async () => {
      usage('acme', '2026-11-03', 'agt_a', 1500);
      usage('acme', '2026-11-03', 'agt_a', 500);
      usage('acme', '2026-11-04', 'agt_b', 250);

      const lines = jsonLines(
        await billing.tenantExport(acmeFinance, 'acme', { period: '2026-11', format: 'json', granularity: 'tenant' }),
      );

      expect(decisionsLines(lines).map((line) => [line.ChargePeriodStart, line.ConsumedQuantity, line.BilledCost])).toEqual([
        ['2026-11-03T00:00:00Z', '2000', '4.00'],
        ['2026-11-04T00:00:00Z', '250', '0.50'],
      ]);
      expect(lines.find((line) => line.x_ChargeKind === 'active-agents')).toMatchObject({
        ConsumedQuantity: '2',
        BilledCost: '20.00',
        BillingCurrency: 'EUR',
      });
      expect(lines.find((line) => line.ChargeCategory === 'Credit')).toMatchObject({ x_ChargeKind: 'decisions', BilledCost: '-2.00' });
      expect(lines.every((line) => line.SubAccountId === 'acme' && line.InvoiceId === null)).toBe(true);
    });

    it("refuses another tenant's finance, and a tenant that does not exist", async () => {
      await expect(
        billing.tenantExport(acmeFinance, 'beta', { period: '2026-11', format: 'csv', granularity: 'tenant' }),
      ).rejects.toMatchObject({ name: 'ForbiddenError' });
      await expect(
        billing.tenantExport({ ...acmeFinance, tenantId: 'ghost' }, 'ghost', { period: '2026-11', format: 'csv', granularity: 'tenant' }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    });

    it('bills approvals decided in the month, per agent with agent granularity', async () => {
      for (const [n, agentId] of [
        [1, 'agt_a'],
        [2, 'agt_a'],
        [3, 'agt_b'],
      ] as const) {
        const request = { action: 'deploy', resource: `r${n}` };
        const approval = {
          id: `apr_${n}`,
          tenantId: 'acme',
          agent: { id: agentId, name: 'bot', team: 'ops', role: 'bot', environment: 'prod', owner: 'o' },
          request,
          requestKey: `${agentId}-${n}`,
          risk: 'low' as const,
          rule: { id: 'r', scope: 'tenant', version: 1 },
          reason: 'review',
          grantMinutes: 30,
          origin: { type: 'decision' as const, decisionId: 'dec_1' },
          status: 'pending' as const,
          requiredApprovals: 1,
          approvals: [],
          escalated: false,
          deadlineAt: '2026-11-10T14:00:00.000Z',
          createdAt: '2026-11-10T10:00:00.000Z',
          updatedAt: '2026-11-10T10:00:00.000Z',
          version: 1,
        };
        await stores.approvals.openOrJoin(approval, aChange('acme'));
        await stores.approvals.saveApproval(
          { ...approval, status: n === 3 ? 'rejected' : 'approved', decidedAt: '2026-11-10T11:00:00.000Z', version: 2 },
          1,
          [aChange('acme')],
        );
      }

      const lines = jsonLines(await billing.tenantExport(acmeFinance, 'acme', { period: '2026-11', format: 'json', granularity: 'agent' }));

      expect(
        lines.filter((line) => line.x_ChargeKind === 'approvals').map((line) => [line.x_AgentId, line.ConsumedQuantity, line.BilledCost]),
      ).toEqual([
        ['agt_a', '2', '1.00'],
        ['agt_b', '1', '0.50'],
      ]);
    });

    it('hands an export too large for a response over as a download link to object storage', async () => {
      usage('acme', '2026-11-03', 'agt_a', 10);
      const small = createBilling({
        store: stores.billing,
        facts: stores.billingFacts,
        objects: stores.objects,
        clock,
        ids: createIdGenerator(clock),
        inlineLimitBytes: 100,
        downloadSeconds: 300,
        cursors: createPageCursorCodec('c'.repeat(40)),
      });

      const result = await small.tenantExport(acmeFinance, 'acme', { period: '2026-11', format: 'csv', granularity: 'tenant' });

      if (result.kind !== 'download') throw new Error('expected a download');
      expect(result.download).toMatchObject({ format: 'csv', lines: 3, expiresAt: '2026-12-02T09:05:00.000Z' });
      const body = await stores.objects.download(result.download.url);
      expect(body?.split('\r\n')[0]).toMatch(/^AllocatedMethodDetails,AllocatedMethodId,/); // FOCUS 1.3, the default
      expect(Buffer.byteLength(body!)).toBe(result.download.bytes);
    });
  });

  describe('Method: platformExport', () => {
    it('bills every tenant, in tenant id order', async () => {
      usage('beta', '2026-11-05', 'agt_b', 10);
      usage('acme', '2026-11-05', 'agt_a', 20);
      const lines = jsonLines(await billing.platformExport(platformFinance, { period: '2026-11', format: 'json', granularity: 'tenant' }));
      expect(decisionsLines(lines).map((line) => [line.SubAccountId, line.ConsumedQuantity])).toEqual([
        ['acme', '20'],
        ['beta', '10'],
      ]);
    });
  });

  describe('Method: closePeriod', () => {
    it('refuses a month that is not over, and a month already closed', async () => {
      await expect(billing.closePeriod(platformFinance, '2026-12')).rejects.toMatchObject({
        name: 'ConflictError',
        code: 'period_not_over',
      });
      await billing.closePeriod(platformFinance, '2026-11');
      await expect(billing.closePeriod(platformFinance, '2026-11')).rejects.toMatchObject({ name: 'ConflictError', code: 'period_closed' });
    });

    it('freezes the month: its export no longer changes and carries an invoice id; late usage is billed in the next month as a correction', async () => {
      usage('acme', '2026-11-20', 'agt_a', 100);
      const query = { period: '2026-11', format: 'csv', granularity: 'tenant' } as const;

      expect(await billing.closePeriod(platformFinance, '2026-11')).toEqual({
        period: '2026-11',
        closedAt: '2026-12-02T09:00:00.000Z',
        closedBy: 'fin',
        tenants: 2,
      });
      const frozen = await billing.tenantExport(acmeFinance, 'acme', query);
      usage('acme', '2026-11-30', 'agt_late', 40);

      expect(await billing.tenantExport(acmeFinance, 'acme', query)).toEqual(frozen);
      expect(
        jsonLines(await billing.tenantExport(acmeFinance, 'acme', { ...query, format: 'json' })).every(
          (line) => line.InvoiceId === 'WDN-2026-11-acme',
        ),
      ).toBe(true);
      const december = jsonLines(
        await billing.tenantExport(acmeFinance, 'acme', { period: '2026-12', format: 'json', granularity: 'tenant' }),
      );
      expect(
        december
          .filter((line) => line.ChargeClass === 'Correction')
          .map((line) => [line.x_ChargeKind, line.ConsumedQuantity, line.x_CorrectedPeriod]),
      ).toEqual([
        ['decisions', '40', '2026-11'],
        ['active-agents', '1', '2026-11'],
      ]);
    });
  });

  describe('Method: reconcile', () => {
    const decisionOn = (n: number, at: string): DecisionRecord => {
      const agent = { id: 'agt_a', name: 'bot', team: 'ops', role: 'bot', environment: 'prod', labels: {} };
      return {
        kind: 'decision',
        id: `dec_${String(n).padStart(26, '0')}`,
        tenantId: 'acme',
        at,
        agent,
        request: { action: 'tickets:read' },
        effect: 'allow',
        reason: 'r',
        versions: [],
        policyEpoch: 1,
        warnings: [],
        latencyMs: 1,
        expiresAtEpoch: 4_000_000_000,
      };
    };

    it('compares the decisions billed for a month, corrections included, with the decisions audited', async () => {
      await stores.decisions.record([
        decisionOn(1, '2026-11-03T10:00:00.000Z'),
        decisionOn(2, '2026-11-03T11:00:00.000Z'),
        decisionOn(3, '2026-11-30T23:00:00.000Z'),
        decisionOn(4, '2026-12-01T00:00:00.000Z'),
      ]);
      usage('acme', '2026-11-03', 'agt_a', 2);
      await billing.closePeriod(platformFinance, '2026-11');
      usage('acme', '2026-11-30', 'agt_a', 1);

      expect(await billing.reconcile(acmeFinance, 'acme', '2026-11')).toEqual({
        tenantId: 'acme',
        period: '2026-11',
        closed: true,
        auditedDecisions: 3,
        billedDecisions: 3,
        billedInPeriod: 2,
        billedAsCorrections: 1,
        difference: 0,
      });
    });
  });

  describe('Price plans', () => {
    it("keeps every version of a tier's plan, newest first, and refuses a plan nobody priced", async () => {
      await billing.putPricePlan(platformAdmin, 'business', {
        currency: 'EUR',
        prices: { decisionsPer1000: '3', approval: '0.50', activeAgentMonth: '10' },
        included: { decisions: 0, approvals: 0, activeAgents: 0 },
      });
      const page = await billing.listPricePlanVersions(platformFinance, 'business', { limit: 10 });
      expect(page.items.map((plan) => [plan.version, plan.prices.decisionsPer1000])).toEqual([
        [2, '3'],
        [1, '2.00'],
      ]);
      await expect(billing.getPricePlan(platformFinance, 'enterprise')).rejects.toMatchObject({ name: 'NotFoundError' });
    });
  });
});
