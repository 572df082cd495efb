import { describe, expect, it } from 'vitest';
import { OperatorClaimsSchema } from '../../../shared/auth/principal';

describe('Schema: OperatorClaims', () => {
  it('reads list claims from a verified JWT', () => {
    expect(OperatorClaimsSchema.parse({ sub: 'a', tenant: 'acme', roles: ['tenant-admin', 'team-lead'], teams: ['red'] })).toMatchObject({
      roles: ['tenant-admin', 'team-lead'],
      teams: ['red'],
    });
  });

  it("reads list claims in API Gateway's `[a b]` form", () => {
    expect(OperatorClaimsSchema.parse({ sub: 'a', roles: '[tenant-admin team-lead]', teams: '[red blue]' })).toMatchObject({
      roles: ['tenant-admin', 'team-lead'],
      teams: ['red', 'blue'],
    });
  });

  it('ignores roles Warden does not know instead of refusing the token', () => {
    expect(OperatorClaimsSchema.parse({ sub: 'a', roles: ['tenant-admin', 'something-else'] }).roles).toEqual(['tenant-admin']);
  });

  it('refuses claims without a subject', () => {
    expect(OperatorClaimsSchema.safeParse({ roles: ['tenant-admin'] }).success).toBe(false);
  });
});
