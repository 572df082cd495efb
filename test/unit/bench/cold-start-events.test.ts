import { describe, expect, it } from 'vitest';
import { firstEvent } from '../../../bench/cold-start/events';
import type { Seeded } from '../../../bench/cold-start/seed';
import { FUNCTIONS } from '../../../shared/manifest/functions';

const token = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;

const streamRecord = { eventID: '1', eventName: 'INSERT', dynamodb: { SequenceNumber: '1000', Keys: {}, NewImage: {} } };
const busEvent = { source: 'warden.tenancy', detailType: 'Agent.Registered', detail: { tenantId: 'acme', auditId: 'aud_1' } };

/** What seed.ts would hand over, without a runtime: the events are built from it, not sent. */
const seeded = {
  tenantId: 'acme',
  admin: token({ sub: 'admin', 'custom:tenantId': 'acme', 'cognito:groups': ['tenant-admin'] }),
  platform: token({ sub: 'platform', 'cognito:groups': ['platform-admin'] }),
  agent: { id: 'agt_1', keyId: 'key_1', apiKey: 'wdn_key' },
  spareAgentId: 'agt_2',
  approvalId: 'apr_1',
  period: '2026-12',
  policyDraft: {},
  decisionRecord: streamRecord,
  changeRecord: streamRecord,
  agentRegistered: busEvent,
  agentSuspended: busEvent,
  runTag: 'test',
  env: {},
  stop() {},
} as unknown as Seeded;

describe('Cold-start bench: representative events', () => {
  it.each(FUNCTIONS.map((spec) => spec.id))('has a first event for %s', (id) => {
    // Act
    const event = firstEvent(id, seeded, 0);

    // Assess
    expect(event).toBeTypeOf('object');
  });
});
