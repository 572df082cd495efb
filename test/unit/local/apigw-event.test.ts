import { describe, expect, it } from 'vitest';
import { gatewayClaims } from '../../../infra/local/apigw-event';

describe('Function: gatewayClaims', () => {
  it("renders claims as API Gateway's JWT authorizer does: every value text, arrays as [a b]", () => {
    const claims = gatewayClaims({ sub: 'alice', tenant: 'acme', roles: ['tenant-admin', 'team-lead'], teams: ['red'], exp: 1700000000 });
    expect(claims).toEqual({ sub: 'alice', tenant: 'acme', roles: '[tenant-admin team-lead]', teams: '[red]', exp: '1700000000' });
  });

  it('loses the difference between ["a b"] and ["a", "b"], which is why functions read the token itself', () => {
    expect(gatewayClaims({ teams: ['x y'] })).toEqual(gatewayClaims({ teams: ['x', 'y'] }));
  });
});
