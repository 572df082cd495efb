import { describe, expect, it } from 'vitest';
import { policySetFor } from '../../../shared/policy-lifecycle/policy-set';
import type { PolicyVersion, ScopeHead } from '../../../shared/policy-lifecycle/policy-version';

const NOW = Date.parse('2026-11-24T10:00:00.000Z');
const head = (scope: string, version: number): ScopeHead => ({
  scope,
  latestVersion: version,
  activeVersion: version,
  activeDocument: { rules: [{ id: `${scope}-v${version}` }] },
  revision: version,
});
const agent = { id: 'agt_1', team: 'support', role: 'bot' };
const active = {
  org: head('org', 3),
  tenant: new Map([
    ['tenant', head('tenant', 2)],
    ['team:support', head('team:support', 5)],
    ['team:other', head('team:other', 1)],
  ]),
};
const version = (scope: string, number: number, fields: Partial<PolicyVersion>): PolicyVersion => ({
  scope,
  version: number,
  status: 'draft',
  document: { rules: [{ id: `${scope}-v${number}` }] },
  contentHash: 'h',
  author: 'a',
  createdAt: '2026-11-01T00:00:00.000Z',
  reason: 'r',
  ...fields,
});
const noVersions = async () => undefined;

describe('Function: policySetFor', () => {
  it("takes the active version of the agent's five scopes only, org first", async () => {
    const set = await policySetFor({ active, agent, nowMs: NOW, loadVersion: noVersions });
    expect(set.documents.map((document) => [document.scope, document.version])).toEqual([
      ['org', 3],
      ['tenant', 2],
      ['team:support', 5],
    ]);
    expect(set.warnings).toEqual([]);
  });

  it('puts a candidate in place of its scope, even a scope with no active version', async () => {
    const set = await policySetFor({
      active,
      agent,
      nowMs: NOW,
      loadVersion: noVersions,
      candidate: { scope: 'role:bot', version: 1, document: { rules: [] } },
    });
    expect(set.documents.map((document) => document.scope)).toEqual(['org', 'tenant', 'team:support', 'role:bot']);
  });

  it('uses a pinned deprecated version before its sunset, with a warning naming scope, version and sunset', async () => {
    const sunsetAt = '2026-11-30T00:00:00.000Z';
    const set = await policySetFor({
      active,
      agent: { ...agent, pins: { 'team:support': 4 } },
      nowMs: NOW,
      loadVersion: async (scope, number) => version(scope, number, { status: 'deprecated', sunsetAt }),
    });
    expect(set.documents.find((document) => document.scope === 'team:support')?.version).toBe(4);
    expect(set.warnings).toEqual([expect.objectContaining({ code: 'deprecated_version', scope: 'team:support', version: 4, sunsetAt })]);
  });

  it('ignores a pin after the sunset, and says so', async () => {
    const set = await policySetFor({
      active,
      agent: { ...agent, pins: { 'team:support': 4 } },
      nowMs: NOW,
      loadVersion: async (scope, number) => version(scope, number, { status: 'deprecated', sunsetAt: '2026-11-20T00:00:00.000Z' }),
    });
    expect(set.documents.find((document) => document.scope === 'team:support')?.version).toBe(5);
    expect(set.warnings).toEqual([expect.objectContaining({ code: 'pin_ignored', scope: 'team:support', version: 4 })]);
  });

  it('ignores a pin to a draft or a missing version', async () => {
    for (const loadVersion of [noVersions, async (scope: string, number: number) => version(scope, number, {})]) {
      const set = await policySetFor({ active, agent: { ...agent, pins: { tenant: 9 } }, nowMs: NOW, loadVersion });
      expect(set.documents.find((document) => document.scope === 'tenant')?.version).toBe(2);
      expect(set.warnings.map((warning) => warning.code)).toEqual(['pin_ignored']);
    }
  });
});
