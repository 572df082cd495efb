import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalEventBus } from '../../../infra/local/event-bus';
import type { FunctionHost } from '../../../infra/local/function-host';

const rules = [
  { id: 'agents', description: '', pattern: { source: ['warden.agents'] }, target: 'consumer' },
  { id: 'suspensions', description: '', pattern: { 'detail-type': ['Agent.Suspended'] }, target: 'auditor' },
];

function hostThatFails(times: number) {
  const calls: { functionId: string; event: any }[] = [];
  let failures = 0;
  const host: FunctionHost = {
    async invoke(functionId, event) {
      calls.push({ functionId, event });
      if (failures++ < times) throw new Error('consumer down');
      return undefined as never;
    },
    warm: async () => undefined,
  };
  return { host, calls };
}

const entry = (detailType: string) => ({
  Source: 'warden.agents',
  DetailType: detailType,
  Detail: JSON.stringify({ tenantId: 'acme' }),
  EventBusName: 'warden',
});

describe('LocalEventBus', () => {
  it('delivers an event to every rule it matches, in the EventBridge envelope', async () => {
    const { host, calls } = hostThatFails(0);
    const bus = createLocalEventBus({ busName: 'warden', rules, host, nowMs: () => Date.parse('2026-11-24T10:00:00Z') });
    const result = bus.putEvents([entry('Agent.Suspended')]);
    await bus.idle();
    expect(result).toMatchObject({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    expect(calls.map((call) => call.functionId).sort()).toEqual(['auditor', 'consumer']);
    expect(calls[0]!.event).toMatchObject({
      version: '0',
      source: 'warden.agents',
      'detail-type': 'Agent.Suspended',
      time: '2026-11-24T10:00:00Z',
      detail: { tenantId: 'acme' },
    });
  });

  it('retries a failing consumer until it succeeds', async () => {
    const { host, calls } = hostThatFails(2);
    const bus = createLocalEventBus({ busName: 'warden', rules: [rules[0]!], host, nowMs: Date.now, firstRetryDelayMs: 1 });
    bus.putEvents([entry('Agent.Registered')]);
    await bus.idle();
    expect(calls).toHaveLength(3);
  });

  it('dead-letters an event whose consumer keeps failing', async () => {
    const deadLetterFile = join(mkdtempSync(join(tmpdir(), 'bus-')), 'dead.jsonl');
    const { host, calls } = hostThatFails(100);
    const bus = createLocalEventBus({
      busName: 'warden',
      rules: [rules[0]!],
      host,
      nowMs: Date.now,
      firstRetryDelayMs: 1,
      maxAttempts: 3,
      deadLetterFile,
    });
    bus.putEvents([entry('Agent.Registered')]);
    await bus.idle();
    expect(calls).toHaveLength(3);
    expect(JSON.parse(readFileSync(deadLetterFile, 'utf8'))).toMatchObject({
      rule: 'agents',
      error: expect.stringContaining('consumer down'),
    });
  });

  it('refuses entries for another bus or with malformed detail, and delivers nothing for them', async () => {
    const { host, calls } = hostThatFails(0);
    const bus = createLocalEventBus({ busName: 'warden', rules, host, nowMs: Date.now });
    const result = bus.putEvents([
      { ...entry('Agent.Suspended'), EventBusName: 'other' },
      { ...entry('Agent.Suspended'), Detail: '{' },
    ]);
    await bus.idle();
    expect(result.FailedEntryCount).toBe(2);
    expect(calls).toHaveLength(0);
  });
});
