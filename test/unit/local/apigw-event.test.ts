import { describe, expect, it } from 'vitest';
import { gatewayClaims } from '../../../infra/local/apigw-event';
import { OperatorClaimsSchema } from '../../../shared/auth/principal';

describe('Function: gatewayClaims', () => {
  it("renders claims as API Gateway's JWT authorizer does, and the handlers read them back", () => {
    const claims = gatewayClaims({ sub: 'alice', tenant: 'acme', roles: ['tenant-admin', 'team-lead'], teams: ['red'], exp: 1700000000 });
    expect(claims).toEqual({ sub: 'alice', tenant: 'acme', roles: '[tenant-admin team-lead]', teams: '[red]', exp: '1700000000' });
    expect(OperatorClaimsSchema.parse(claims)).toMatchObject({ roles: ['tenant-admin', 'team-lead'], teams: ['red'] });
  });
});
