/**
 * The audit log as OCSF 1.8.0 events: each kind of record (decisions of every effect, changes of
 * every actor and verb) maps to an event of its class with every required attribute the schema
 * names (test/fixtures/ocsf/required-attributes.json), the right integer enums, the OCSF version,
 * and Warden's own fields kept in `unmapped`; the export orders, bounds and delivers them.
 */
import { describe, expect, it } from 'vitest';
import {
  auditRecordToOcsf,
  changeActivityId,
  changeToOcsf,
  createOcsfExport,
  decisionToOcsf,
  OCSF_VERSION,
} from '../../../shared/audit/ocsf';
import type { ChangeRecord } from '../../../shared/audit/change-record';
import type { StoredAuditRecord } from '../../../shared/audit/audit-reader';
import type { ObjectStore } from '../../../shared/billing/billing-ports';
import type { OperatorPrincipal } from '../../../shared/auth/principal';
import type { DecisionRecord } from '../../../shared/decisions/decision-record';
import { ForbiddenError, ValidationError } from '../../../shared/kernel/errors';
import required from '../../fixtures/ocsf/required-attributes.json';
import { ocsfProblems } from '../../fixtures/ocsf/validate-ocsf';

const decision = (effect: DecisionRecord['effect'], fields: Partial<DecisionRecord> = {}): DecisionRecord => ({
  kind: 'decision',
  id: `dec_${effect}`,
  tenantId: 'acme',
  at: '2026-03-04T05:06:07.089Z',
  agent: { id: 'agt_1', name: 'bot', team: 'ops', role: 'deployer', environment: 'prod', labels: { tier: 'gold' } },
  request: { action: 'deploy:run', tool: 'kubectl', resource: 'svc/api', context: { ticket: 'T-1' } },
  effect,
  reason: effect === 'allow' ? 'rule' : effect === 'deny' ? 'rule' : 'approval_required',
  rule: { id: `r-${effect}`, scope: 'tenant', version: 3 },
  versions: [{ scope: 'tenant', version: 3 }],
  policyEpoch: 7,
  warnings: [],
  latencyMs: 4,
  expiresAtEpoch: 1_900_000_000,
  ...fields,
});

const change = (action: string, actor: ChangeRecord['actor'], fields: Partial<ChangeRecord> = {}): Omit<ChangeRecord, 'event'> => ({
  kind: 'change',
  id: `aud_${action}`,
  tenantId: 'acme',
  at: '2026-03-04T05:06:08.000Z',
  actor,
  action,
  target: { type: action.split('.')[0]!, id: 'agt_1' },
  reason: 'because',
  before: { status: 'active' },
  after: { status: 'suspended' },
  ...fields,
});

const operator = { type: 'operator', sub: 'admin@corp' } as const;

describe('OCSF mapping', () => {
  it('states the OCSF version the fixture was written from', () => {
    expect(OCSF_VERSION).toBe(required.version);
  });

  describe.each(['allow', 'deny', 'require_approval'] as const)('a %s decision', (effect) => {
    const event = decisionToOcsf(decision(effect, effect === 'require_approval' ? { approvalId: 'apr_1', rule: undefined } : {}));

    it('is a valid API Activity event', () => {
      expect(ocsfProblems(event)).toEqual([]);
      expect(event).toMatchObject({ class_uid: 6003, category_uid: 6, activity_id: 99, type_uid: 600399 });
      expect(event.time).toBe(Date.parse('2026-03-04T05:06:07.089Z'));
      expect(Number.isInteger(event.time)).toBe(true);
    });

    it('states the version, the product and the record id', () => {
      expect(event.metadata).toMatchObject({ version: '1.8.0', product: { name: 'Warden', vendor_name: 'Warden' }, uid: `dec_${effect}` });
    });

    it('names the actor, the operation and the resources', () => {
      expect(event.actor).toEqual({ user: { uid: 'agt_1', name: 'bot', type_id: 4, type: 'Service' } });
      expect(event.api.operation).toBe('deploy:run');
      expect(event.resources).toEqual([
        { name: 'svc/api', type: 'resource' },
        { name: 'kubectl', type: 'tool' },
      ]);
    });

    it("keeps Warden's fields in unmapped", () => {
      expect(event.unmapped).toMatchObject({
        effect,
        policyEpoch: 7,
        versions: [{ scope: 'tenant', version: 3 }],
        agent: { team: 'ops', role: 'deployer', environment: 'prod', labels: { tier: 'gold' } },
        request: { context: { ticket: 'T-1' } },
      });
    });
  });

  it('reads allow as Success, deny as Failure and require_approval as Other with the approval in its detail', () => {
    expect(decisionToOcsf(decision('allow'))).toMatchObject({ status_id: 1, status: 'Success', severity_id: 1 });
    expect(decisionToOcsf(decision('deny'))).toMatchObject({ status_id: 2, status: 'Failure', severity_id: 3 });
    const pending = decisionToOcsf(decision('require_approval', { approvalId: 'apr_1' }));
    expect(pending).toMatchObject({ status_id: 99, status: 'Other', status_code: 'require_approval' });
    expect(pending.status_detail).toContain('require_approval');
    expect(pending.status_detail).toContain('apr_1');
  });

  it('maps a decision without tool or resource, and a refusal, to valid events', () => {
    const bare = decisionToOcsf(decision('deny', { request: { action: 'x:y' }, refusal: 'agent_suspended', rule: undefined }));
    expect(ocsfProblems(bare)).toEqual([]);
    expect(bare.resources).toBeUndefined();
    expect(bare.unmapped).toMatchObject({ refusal: 'agent_suspended' });
    expect(JSON.stringify(bare)).not.toContain('null');
  });

  it.each([
    ['agent.registered', 1],
    ['agent.updated', 3],
    ['agent.suspended', 12],
    ['agent.reinstated', 13],
    ['agent.quarantined', 9],
    ['agent.quarantine-lifted', 8],
    ['agent.decommissioned', 4],
    ['agent.key-rotated', 3],
    ['policy.saved', 3],
    ['policy.published', 3],
    ['team.created', 1],
    ['tenant.onboarded', 1],
    ['anomaly.detected', 99],
  ])('maps the change %s to Entity Management activity %i', (action, activityId) => {
    expect(changeActivityId(action)).toBe(activityId);
    const event = changeToOcsf(change(action, operator));
    expect(ocsfProblems(event)).toEqual([]);
    expect(event).toMatchObject({ class_uid: 3004, category_uid: 3, activity_id: activityId, type_uid: 300400 + activityId });
    expect(event.metadata).toMatchObject({ version: '1.8.0', product: { name: 'Warden', vendor_name: 'Warden' }, uid: `aud_${action}` });
    expect(event).toMatchObject({ status_id: 1, severity_id: 1, time: Date.parse('2026-03-04T05:06:08.000Z') });
  });

  it.each([
    ['an operator', operator, { user: { uid: 'admin@corp', name: 'admin@corp', type_id: 1, type: 'User' } }],
    ['an agent', { type: 'agent', agentId: 'agt_2' } as const, { user: { uid: 'agt_2', type_id: 4, type: 'Service' } }],
    ['the system', { type: 'system', name: 'hygiene' } as const, { app_name: 'hygiene' }],
  ])('names %s as the actor of a change', (_who, actor, expected) => {
    const event = changeToOcsf(change('agent.suspended', actor));
    expect(event.actor).toEqual(expected);
    expect(ocsfProblems(event)).toEqual([]);
  });

  it("keeps a change's entity, reason, before and after", () => {
    const event = changeToOcsf(change('policy.saved', operator, { target: { type: 'policy', id: 'tenant' } }));
    expect(event.entity).toEqual({ uid: 'tenant', name: 'tenant', type: 'policy', type_id: 5 });
    expect(event.comment).toBe('because');
    expect(event.unmapped).toMatchObject({ action: 'policy.saved', before: { status: 'active' }, after: { status: 'suspended' } });
  });

  it('drops key material and the domain event of a stored change', () => {
    const stored = { ...change('agent.key-rotated', operator, { after: { keyId: 'k1', keyHash: 'secret-hash' } }), event: { x: 1 } };
    const text = JSON.stringify(auditRecordToOcsf(stored));
    expect(text).toContain('k1');
    expect(text).not.toContain('secret-hash');
    expect(text).not.toContain('"event"');
    expect(auditRecordToOcsf({ kind: 'something-else', id: 'x', at: 'y' })).toBeUndefined();
  });

  it('finds problems in an event that lacks what the schema requires', () => {
    const event = decisionToOcsf(decision('allow')) as Record<string, unknown>;
    const { api: _api, ...withoutApi } = event;
    expect(ocsfProblems(withoutApi)).toContain('api_activity: missing api');
    expect(ocsfProblems({ ...event, type_uid: 600301 })).toContain('type_uid is not class_uid * 100 + activity_id');
    expect(ocsfProblems({ ...event, time: '2026-03-04' })).toContain('time is not an integer');
    expect(ocsfProblems({ ...event, actor: {} })).toContain('actor: needs one of process, user, invoked_by, session, app_name, app_uid');
  });
});

describe('OCSF export', () => {
  const admin: OperatorPrincipal = { kind: 'operator', sub: 'admin', tenantId: 'acme', roles: ['tenant-admin'], teams: [] };
  const other: OperatorPrincipal = { kind: 'operator', sub: 'admin', tenantId: 'globex', roles: ['tenant-admin'], teams: [] };

  /** `count` records a second apart from 2026-03-04, alternating decisions and changes. */
  const records = (count: number): StoredAuditRecord[] =>
    Array.from({ length: count }, (_, i) => {
      const at = new Date(Date.parse('2026-03-04T00:00:00.000Z') + i * 1000).toISOString();
      const id = `rec_${String(i).padStart(6, '0')}`;
      return (i % 2 === 0 ? { ...decision('allow'), id, at } : { ...change('agent.updated', operator), id, at }) as StoredAuditRecord;
    });

  /** A store that pages newest first, as the DynamoDB store does. */
  const storeOf = (all: StoredAuditRecord[]) => ({
    listAudit: async (query: { from: string; to: string }, page: { limit: number; after?: string }) => {
      const newestFirst = all
        .filter((r) => r.at >= query.from && r.at <= query.to)
        .sort((a, b) => (`${b.at}#${b.id}` < `${a.at}#${a.id}` ? -1 : 1))
        .filter((r) => page.after === undefined || `${r.at}#${r.id}` < page.after);
      return { items: newestFirst.slice(0, page.limit), more: newestFirst.length > page.limit };
    },
  });

  const objectsOf = () => {
    const stored = new Map<string, string>();
    const objects: ObjectStore = {
      put: async (key, body) => void stored.set(key, body),
      get: async (key) => stored.get(key),
      downloadUrl: async (key, seconds) => `https://exports.example/${key}?expires=${seconds}`,
    };
    return { stored, objects };
  };

  const exporter = (all: StoredAuditRecord[], inlineLimitBytes = 1_000_000, maxRecords?: number) => {
    const { stored, objects } = objectsOf();
    return {
      stored,
      audit: createOcsfExport({
        store: storeOf(all),
        objects,
        clock: { nowMs: () => Date.parse('2026-03-10T00:00:00.000Z') },
        ids: { next: (prefix) => `${prefix}_1` },
        inlineLimitBytes,
        downloadSeconds: 900,
        ...(maxRecords === undefined ? {} : { maxRecords }),
      }),
    };
  };
  const range = { from: '2026-03-01T00:00:00Z', to: '2026-03-05T00:00:00Z', format: 'ocsf' } as const;

  it('answers small exports inline as NDJSON, oldest first, across store pages', async () => {
    const result = await exporter(records(2500), 10_000_000).audit.export(admin, 'acme', range);
    if (result.kind !== 'inline') throw new Error('expected inline');
    expect(result.contentType).toBe('application/x-ndjson');
    const lines = result.body.trimEnd().split('\n');
    expect(lines).toHaveLength(2500);
    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown> & { time: number });
    for (const event of events) expect(ocsfProblems(event)).toEqual([]);
    expect(events.map((event) => event.time)).toEqual([...events.map((event) => event.time)].sort((a, b) => a - b));
  });

  it('keeps only the kind asked for', async () => {
    const result = await exporter(records(10)).audit.export(admin, 'acme', { ...range, kind: 'change' });
    if (result.kind !== 'inline') throw new Error('expected inline');
    expect(
      result.body
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).class_uid),
    ).toEqual([3004, 3004, 3004, 3004, 3004]);
  });

  it('stores a large export and answers with a download link', async () => {
    const { audit, stored } = exporter(records(50), 2000);
    const result = await audit.export(admin, 'acme', range);
    if (result.kind !== 'download') throw new Error('expected a download');
    expect(result.download).toMatchObject({ expiresAt: '2026-03-10T00:15:00.000Z', lines: 50, format: 'ocsf' });
    const [key, body] = [...stored.entries()][0]!;
    expect(key).toMatch(/^exports\/acme\/audit\/.*\.ndjson$/);
    expect(result.download.url).toContain(key);
    expect(result.download.bytes).toBe(Buffer.byteLength(body));
  });

  it('refuses a range holding more records than an export may', async () => {
    await expect(exporter(records(11), 1_000_000, 10).audit.export(admin, 'acme', range)).rejects.toBeInstanceOf(ValidationError);
  });

  it.each([
    ['to before from', { from: '2026-03-05T00:00:00Z', to: '2026-03-01T00:00:00Z' }],
    ['to equal to from', { from: '2026-03-05T00:00:00Z', to: '2026-03-05T00:00:00Z' }],
    ['more than 31 days', { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }],
  ])('refuses %s, naming `to`', async (_case, bounds) => {
    const refused = await exporter([])
      .audit.export(admin, 'acme', { ...range, ...bounds })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect(JSON.stringify(refused)).toContain('"path":"to"');
  });

  it("refuses another tenant's operator", async () => {
    await expect(exporter(records(2)).audit.export(other, 'acme', range)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
