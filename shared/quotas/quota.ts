/**
 * Which quotas a decision counts against (issue 5): the agent's (its own, else its role's
 * defaults), its team's and its tenant's, each per UTC day and per UTC month when set; and when
 * each period ends (for Retry-After).
 */
import type { ChangeRecord } from '../audit/change-record';
import { domainEvent } from '../events/catalog';
import type { Quotas } from '../kernel/schemas';

export type QuotaPeriod = 'day' | 'month';
export type QuotaScope = 'agent' | 'team' | 'tenant';

/** One quota in force for one period. */
export interface QuotaInForce {
  readonly scope: QuotaScope;
  /** The agent id, team name or tenant id. */
  readonly subject: string;
  readonly period: QuotaPeriod;
  /** `YYYY-MM-DD` or `YYYY-MM`: a new period is a new counter. */
  readonly periodKey: string;
  readonly limit: number;
  /** When the period ends (ms). */
  readonly endsAtMs: number;
}

/** The key of a quota's counter. */
export const quotaKey = (quota: Pick<QuotaInForce, 'scope' | 'subject' | 'periodKey'>) =>
  `${quota.scope}:${quota.subject}#${quota.periodKey}`;

function period(nowMs: number, kind: QuotaPeriod): { periodKey: string; endsAtMs: number } {
  const now = new Date(nowMs);
  if (kind === 'day')
    return { periodKey: now.toISOString().slice(0, 10), endsAtMs: Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) };
  return { periodKey: now.toISOString().slice(0, 7), endsAtMs: Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) };
}

/** The quotas a decision of this agent counts against at `nowMs`. */
export function quotasInForce(input: {
  readonly tenant: { readonly id: string; readonly quotas: Quotas };
  readonly team: { readonly name: string; readonly quotas: Quotas } | undefined;
  readonly role: { readonly quotas: Quotas } | undefined;
  readonly agent: { readonly id: string; readonly quotas: Quotas };
  readonly nowMs: number;
}): QuotaInForce[] {
  const agentQuotas: Quotas = { ...input.role?.quotas, ...input.agent.quotas };
  const levels: [QuotaScope, string, Quotas][] = [
    ['agent', input.agent.id, agentQuotas],
    ['team', input.team?.name ?? '', input.team?.quotas ?? {}],
    ['tenant', input.tenant.id, input.tenant.quotas],
  ];
  const found: QuotaInForce[] = [];
  for (const [scope, subject, quotas] of levels) {
    if (quotas.decisionsPerDay !== undefined)
      found.push({ scope, subject, period: 'day', limit: quotas.decisionsPerDay, ...period(input.nowMs, 'day') });
    if (quotas.decisionsPerMonth !== undefined)
      found.push({ scope, subject, period: 'month', limit: quotas.decisionsPerMonth, ...period(input.nowMs, 'month') });
  }
  return found;
}

/** A quota's change record by the quotas themselves, carrying the quota and its counter. */
function quotaChange(
  fields: { id: string; at: string; tenantId: string; quota: QuotaInForce; used: number },
  action: string,
  extra: Record<string, unknown>,
  event: (state: ReturnType<typeof stateOf>) => ChangeRecord['event'],
): ChangeRecord {
  const state = stateOf(fields.quota, fields.used);
  return {
    kind: 'change',
    id: fields.id,
    at: fields.at,
    tenantId: fields.tenantId,
    actor: { type: 'system', name: 'quotas' },
    action,
    target: { type: 'quota', id: quotaKey(fields.quota) },
    after: { ...state, ...extra },
    event: event(state),
  };
}

const stateOf = (quota: QuotaInForce, used: number) => ({
  scope: quota.scope,
  subject: quota.subject,
  period: quota.period,
  periodKey: quota.periodKey,
  limit: quota.limit,
  used,
});

/** The change record (and Quota.Exceeded event) of a quota's first refusal in its period. */
export const quotaExceededChange = (fields: {
  id: string;
  at: string;
  tenantId: string;
  quota: QuotaInForce;
  used: number;
}): ChangeRecord =>
  quotaChange(fields, 'quota.exceeded', {}, (state) => domainEvent('Quota.Exceeded', { tenantId: fields.tenantId, ...state }));

/** The change record (and Quota.Threshold event) of a quota's counter passing a share (`threshold`) of its limit. */
export const quotaThresholdChange = (fields: {
  id: string;
  at: string;
  tenantId: string;
  quota: QuotaInForce;
  used: number;
  threshold: number;
}): ChangeRecord =>
  quotaChange(fields, 'quota.threshold', { threshold: fields.threshold }, (state) =>
    domainEvent('Quota.Threshold', { tenantId: fields.tenantId, ...state, threshold: fields.threshold }),
  );
