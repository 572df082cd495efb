import { describe, expect, it } from 'vitest';
import { eventOfAuditRecord } from '../../../shared/events/audit-events';
import { domainEvent, EVENT_CATALOG, eventDetailSchema, isEventType, parseEventDetail } from '../../../shared/events/catalog';

describe('The event catalog', () => {
  it('gives every event a warden source and a detail that requires tenantId', () => {
    for (const [type, entry] of Object.entries(EVENT_CATALOG)) {
      expect(entry.source, type).toMatch(/^warden\.[a-z]+$/);
      expect(type).toMatch(/^[A-Z][A-Za-z]+\.[A-Z][A-Za-z]+$/);
      expect(entry.detail().safeParse({}).success, type).toBe(false);
    }
  });

  it('builds each detail schema once, on first use', () => {
    expect(eventDetailSchema('Team.Created')).toBe(eventDetailSchema('Team.Created'));
    expect(eventDetailSchema('Team.Created')).not.toBe(eventDetailSchema('Team.Updated'));
  });

  it('refuses to build an event whose detail does not match its schema', () => {
    expect(() => domainEvent('Team.Created', { tenantId: 'acme' } as never)).toThrow();
  });

  it('keeps the audit id through parsing, so consumers can deduplicate', () => {
    const detail = parseEventDetail('Team.Created', { tenantId: 'a', team: 't', actor: 'x', auditId: 'aud_1' });
    expect(detail.auditId).toBe('aud_1');
  });

  it('knows its own types and no others', () => {
    expect(isEventType('Agent.Registered')).toBe(true);
    expect(isEventType('Agent.Exploded')).toBe(false);
    expect(isEventType('toString')).toBe(false);
  });
});

describe('Function: eventOfAuditRecord', () => {
  it('returns the event a change record carries, stamped with the record id', () => {
    const event = domainEvent('Team.Created', { tenantId: 'acme', team: 'red', actor: 'a' });
    expect(eventOfAuditRecord({ id: 'aud_7', event })).toEqual({ ...event, detail: { ...event.detail, auditId: 'aud_7' } });
  });

  it("derives a decision's Decision.Made from the record itself (decisions are stored without a copy)", () => {
    const decision = {
      kind: 'decision',
      id: 'dec_1',
      tenantId: 'acme',
      agent: { id: 'agt_1', name: 'bot', team: 'ops', role: 'bot', environment: 'prod', labels: {} },
      request: { action: 'pay' },
      effect: 'deny',
      rule: { id: 'no-pay', scope: 'tenant', version: 3 },
    };
    expect(eventOfAuditRecord(decision)).toEqual({
      source: 'warden.decisions',
      detailType: 'Decision.Made',
      detail: {
        tenantId: 'acme',
        decisionId: 'dec_1',
        agentId: 'agt_1',
        team: 'ops',
        role: 'bot',
        environment: 'prod',
        action: 'pay',
        effect: 'deny',
        ruleId: 'no-pay',
        scope: 'tenant',
        version: 3,
        auditId: 'dec_1',
      },
    });
  });

  it('uses the copy a decision stored before carries', () => {
    const event = domainEvent('Decision.Made', {
      tenantId: 'acme',
      decisionId: 'dec_2',
      agentId: 'agt_1',
      team: 'ops',
      role: 'bot',
      environment: 'prod',
      action: 'read',
      effect: 'allow',
    });
    expect(eventOfAuditRecord({ kind: 'decision', id: 'dec_2', event })).toEqual({
      ...event,
      detail: { ...event.detail, auditId: 'dec_2' },
    });
  });

  it('returns nothing for records without a known event', () => {
    expect(eventOfAuditRecord({ id: 'aud_1' })).toBeUndefined();
    expect(eventOfAuditRecord({ id: 'aud_1', event: { source: 'x', detailType: 'Nope.Nope', detail: {} } })).toBeUndefined();
  });
});
