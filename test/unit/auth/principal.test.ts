import { describe, expect, it } from 'vitest';
import { OperatorClaimsSchema } from '../../../shared/auth/principal';

describe('Schema: OperatorClaims', () => {
  it('reads list claims from a verified JWT', () => {
    expect(OperatorClaimsSchema.parse({ sub: 'a', tenant: 'acme', roles: ['tenant-admin', 'team-lead'], teams: ['red'] })).toMatchObject({
      roles: ['tenant-admin', 'team-lead'],
      teams: ['red'],
    });
  });

  it.each([['auditor tenant-admin'], ['auditor,tenant-admin'], [' tenant-admin'], ['tenant-admin '], ['Tenant-Admin'], ['[tenant-admin]']])(
    'takes the array element %j as one exact value, which grants no role',
    (element) => {
      expect(OperatorClaimsSchema.parse({ sub: 'a', roles: [element] }).roles).toEqual([]);
    },
  );

  it('takes each team as one exact value: ["x y"] is the team "x y", not x and y', () => {
    expect(OperatorClaimsSchema.parse({ sub: 'a', roles: ['team-lead'], teams: ['x y', 'z,w'] }).teams).toEqual(['x y', 'z,w']);
  });

  it('reads a string-valued claim as one exact value', () => {
    expect(OperatorClaimsSchema.parse({ sub: 'a', roles: 'tenant-admin', teams: 'red' })).toMatchObject({
      roles: ['tenant-admin'],
      teams: ['red'],
    });
    expect(OperatorClaimsSchema.parse({ sub: 'a', roles: 'auditor tenant-admin' }).roles).toEqual([]);
    expect(OperatorClaimsSchema.parse({ sub: 'a', roles: '[tenant-admin team-lead]' }).roles).toEqual([]);
  });

  it('ignores roles Warden does not know and elements that are not strings, instead of refusing the token', () => {
    expect(OperatorClaimsSchema.parse({ sub: 'a', roles: ['tenant-admin', 'something-else', 7, null, ['auditor']] }).roles).toEqual([
      'tenant-admin',
    ]);
  });

  it('reads an absent or null list claim as no values', () => {
    expect(OperatorClaimsSchema.parse({ sub: 'a' })).toMatchObject({ roles: [], teams: [] });
    expect(OperatorClaimsSchema.parse({ sub: 'a', roles: null, teams: null })).toMatchObject({ roles: [], teams: [] });
  });

  it('refuses a list claim that is neither an array nor a string', () => {
    expect(OperatorClaimsSchema.safeParse({ sub: 'a', roles: { 'tenant-admin': true } }).success).toBe(false);
    expect(OperatorClaimsSchema.safeParse({ sub: 'a', teams: 3 }).success).toBe(false);
  });

  it('refuses claims without a subject', () => {
    expect(OperatorClaimsSchema.safeParse({ roles: ['tenant-admin'] }).success).toBe(false);
  });
});
