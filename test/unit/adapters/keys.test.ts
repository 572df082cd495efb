import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditKeys, controlKeys, tenantOfKey } from '../../../shared/adapters/dynamodb/keys';
import { TenantIdSchema } from '../../../shared/kernel/schemas';

const tenantId = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/).filter((id) => TenantIdSchema.safeParse(id).success);
const text = fc.string({ minLength: 1, maxLength: 40 });

/** Every tenant-scoped key builder, applied to one tenant and arbitrary other parts. */
const tenantKeysOf = (tenant: string, a: string, b: string) => [
  controlKeys.tenant(tenant).pk,
  controlKeys.team(tenant, a).pk,
  controlKeys.role(tenant, a).pk,
  controlKeys.agent(tenant, a).pk,
  controlKeys.apiKey(tenant, a).pk,
  controlKeys.processedEvent(tenant, a, b).pk,
  controlKeys.tenantStats(tenant).pk,
  controlKeys.approval(tenant, a).pk,
  controlKeys.approvalsByStatus(tenant, a, b).gsi1pk,
  controlKeys.openApproval(tenant, a).pk,
  controlKeys.grant(tenant, a, b).pk,
  controlKeys.grantListing(tenant, a).gsi1pk,
  controlKeys.accessRequest(tenant, a).pk,
  controlKeys.usage({ tenantId: tenant, day: '2026-11-24', agentId: a }).pk,
  auditKeys.record(tenant, '2026-11-24T10:00:00.000Z', a).pk,
  auditKeys.byAgent(tenant, a, '2026-11-24T10:00:00.000Z', b).gsi1pk,
];

describe('Tenant-scoped keys', () => {
  it('begin with the tenant id followed by "#" or end there, for every builder', () => {
    fc.assert(
      fc.property(tenantId, text, text, (tenant, a, b) => {
        for (const key of tenantKeysOf(tenant, a, b)) {
          expect(key === tenant || key.startsWith(`${tenant}#`)).toBe(true);
          expect(tenantOfKey(key)).toBe(tenant);
        }
      }),
    );
  });

  it("never produce a key of one tenant inside another tenant's key space", () => {
    fc.assert(
      fc.property(tenantId, tenantId, text, text, (one, other, a, b) => {
        fc.pre(one !== other);
        for (const key of tenantKeysOf(one, a, b)) expect(key === other || key.startsWith(`${other}#`)).toBe(false);
      }),
    );
  });
});
