import { describe, expect, it } from 'vitest';
import type { OperatorPrincipal } from '../../../shared/auth/principal';
import { checkScopeWrite } from '../../../shared/policy-lifecycle/policy-authority';

const admin: OperatorPrincipal = { kind: 'operator', sub: 'a', tenantId: 'acme', roles: ['tenant-admin'], teams: [] };
const lead: OperatorPrincipal = { kind: 'operator', sub: 'l', tenantId: 'acme', roles: ['team-lead'], teams: ['support'] };
const auditor: OperatorPrincipal = { kind: 'operator', sub: 'u', tenantId: 'acme', roles: ['auditor'], teams: [] };
const supportAgent = 'agt_01HZZZZZZZZZZZZZZZZZZZZZZZ';
const billingAgent = 'agt_01HYYYYYYYYYYYYYYYYYYYYYYY';
const teamOf = async (agentId: string) => ({ [supportAgent]: 'support', [billingAgent]: 'billing' })[agentId];

describe('Function: checkScopeWrite', () => {
  it('lets a tenant admin write every tenant scope', async () => {
    for (const scope of ['tenant', 'team:billing', 'role:bot', `agent:${billingAgent}`])
      await expect(checkScopeWrite(admin, 'acme', scope, teamOf)).resolves.toBeUndefined();
  });

  it("lets a team lead write their team's scope and their team's agents' scopes", async () => {
    await expect(checkScopeWrite(lead, 'acme', 'team:support', teamOf)).resolves.toBeUndefined();
    await expect(checkScopeWrite(lead, 'acme', `agent:${supportAgent}`, teamOf)).resolves.toBeUndefined();
  });

  it('refuses a team lead the tenant and role scopes, other teams and their agents', async () => {
    for (const scope of ['tenant', 'role:bot', 'team:billing', `agent:${billingAgent}`])
      await expect(checkScopeWrite(lead, 'acme', scope, teamOf)).rejects.toMatchObject({ name: 'ForbiddenError' });
  });

  it('answers a team lead 404 for an agent scope of an agent that does not exist', async () => {
    await expect(checkScopeWrite(lead, 'acme', 'agent:agt_01HXXXXXXXXXXXXXXXXXXXXXXX', teamOf)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('refuses readers and other tenants', async () => {
    await expect(checkScopeWrite(auditor, 'acme', 'team:support', teamOf)).rejects.toMatchObject({ name: 'ForbiddenError' });
    await expect(checkScopeWrite(admin, 'other', 'tenant', teamOf)).rejects.toMatchObject({ name: 'ForbiddenError' });
  });
});
