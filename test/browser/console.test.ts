/// <reference lib="dom" />
/**
 * The console in real Chromium against the local runtime, with a tenant's fleet built through the
 * API: each role signs in through the development page and walks the views it is offered, with no
 * console error or failed request; a tenant admin approves an approval from the inbox and the agent
 * is then allowed; a team lead sees neither the views nor the actions outside its teams; the
 * platform admin sees every tenant; a tenant admin revokes a grant from the Access view, which a team
 * lead sees only for its teams; platform finance downloads every tenant's billing export, reads the
 * price plans and closes a month. Screenshots of each view at 1440×900 and 390×844 are written
 * to the folder printed; axe-core finds no serious or critical violation on any view.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshotDir, seriousAccessibilityViolations, signIn, SIZES, watchedPage } from '../support/browser';
import { eventually, registerAgent, unique, wardenClient } from '../support/warden-client';

const baseUrl = inject('runtimeUrl');
const api = wardenClient(baseUrl, inject('runtimeDataDir'));

describe('The console', () => {
  const tenantId = unique('console');
  let browser: Browser;
  let admin: string;
  const agents: Record<'ops' | 'data', { id: string; apiKey: string }> = {} as never;
  const approvals: Record<'ops' | 'data', string> = {} as never;
  const decide = (team: 'ops' | 'data', action: string) =>
    api.request('POST', '/v1/authorize', { token: agents[team].apiKey, body: { action } });
  const shots = screenshotDir();

  beforeAll(async () => {
    console.log(`console screenshots: ${shots}`);
    const platform = await api.token({ roles: ['platform-admin'] });
    expect(
      (await api.post('/v1/tenants', platform, { id: tenantId, name: 'Console Co', tier: 'business', environments: ['prod'] })).status,
    ).toBe(201);
    // Every browser test's tenant is on the business tier: priced, so the platform billing view finds its plan.
    const plan = { currency: 'USD', prices: { decisionsPer1000: '2.50', approval: '0.10', activeAgentMonth: '4.00' } };
    expect(
      (await api.put('/v1/price-plans/business', platform, { ...plan, included: { decisions: 5, approvals: 0, activeAgents: 0 } })).status,
    ).toBe(200);
    // Set up by another admin: whoever registers an agent (names its owner) may not approve its requests.
    admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId, sub: 'setup@console' });
    for (const team of ['ops', 'data']) expect((await api.post(`/v1/tenants/${tenantId}/teams`, admin, { name: team })).status).toBe(201);
    expect((await api.put(`/v1/tenants/${tenantId}/roles/bot`, admin, { description: 'bot' })).status).toBeLessThan(300);
    agents.ops = await registerAgent(api, tenantId, admin, { name: 'ops-bot', team: 'ops', owner: 'olive@console' });
    agents.data = await registerAgent(api, tenantId, admin, { name: 'data-bot', team: 'data', owner: 'dan@console' });
    const saved = await api.put(`/v1/tenants/${tenantId}/policies/tenant`, admin, {
      reason: 'console test',
      defaults: { prod: 'deny' },
      rules: [
        { id: 'read-tickets', effect: 'allow', actions: ['tickets:read'] },
        { id: 'no-export', effect: 'deny', actions: ['data:export'], risk: 'high' },
        { id: 'refunds', effect: 'require_approval', actions: ['payments:refund'], grantMinutes: 30 },
      ],
    });
    expect(
      (await api.post(`/v1/tenants/${tenantId}/policies/tenant/versions/${saved.body.version}/publish`, admin, { reason: 'go' })).status,
    ).toBe(200);
    for (const team of ['ops', 'data'] as const) {
      for (const action of ['tickets:read', 'tickets:read', 'tickets:read', 'data:export'])
        expect((await decide(team, action)).status).toBe(200);
      const refund = await decide(team, 'payments:refund');
      expect(refund.body).toMatchObject({ effect: 'require_approval', approvalId: expect.any(String) });
      approvals[team] = refund.body.approvalId;
    }
    // The fleet view reads rollups the audit stream feeds, a moment after the decisions.
    await eventually(
      async () => {
        const metrics = await api.get(`/v1/tenants/${tenantId}/metrics?window=1h`, admin);
        return metrics.body.decisions >= 10 ? metrics.body : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('walks every view of a tenant admin at both sizes, with no console error, failed request or serious accessibility violation', async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const { page, problems, close } = await watchedPage(browser, size);
      await signIn(page, baseUrl, { role: 'tenant-admin', tenant: tenantId, sub: 'admin@console' });

      await expect.poll(() => page.getByRole('heading', { name: `Fleet of ${tenantId}` }).isVisible()).toBe(true);
      await page.getByText('Active agents').waitFor();
      await expect.poll(async () => page.locator('.figure', { hasText: 'Decisions' }).locator('.figure-value').textContent()).toBe('10');
      await expect.poll(() => page.getByRole('img', { name: /Decisions and denials/ }).count()).toBe(1);
      const views: [string, string][] = [['fleet', '/']];

      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Agents' }).click();
      await page.getByRole('link', { name: 'ops-bot' }).waitFor();
      await expect(page.getByRole('link', { name: 'data-bot' }).count()).resolves.toBe(1);
      views.push(['agents', '/agents']);

      await page.getByRole('link', { name: 'ops-bot' }).click();
      await page.getByRole('heading', { name: 'Recent decisions' }).waitFor();
      await expect.poll(() => page.getByRole('table', { name: 'Effective rules' }).locator('tbody tr').count()).toBe(3);
      await expect(page.getByRole('table', { name: 'Effective rules' }).getByText('read-tickets').count()).resolves.toBe(1);
      await expect.poll(() => page.getByRole('table', { name: 'Recent decisions' }).locator('tbody tr').count()).toBe(5);
      await expect(page.getByRole('button', { name: 'Suspend' }).isEnabled()).resolves.toBe(true);
      views.push(['agent', `/agents/${agents.ops.id}`]);

      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Approvals' }).click();
      await page.getByRole('heading', { name: 'Approvals waiting for you' }).waitFor();
      await expect.poll(() => page.locator('article.card').count()).toBeGreaterThanOrEqual(1);
      views.push(['approvals', '/approvals']);

      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Access' }).click();
      await page.getByRole('heading', { name: 'Access grants' }).waitFor();
      views.push(['access', '/access']);

      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Policies' }).click();
      await page.getByRole('link', { name: 'tenant' }).click();
      await page.getByRole('heading', { name: 'Version 1 (active)' }).waitFor();
      views.push(['policies', '/policies'], ['policy', '/policies/tenant']);

      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Incidents' }).click();
      await page.getByText('No open incident.').waitFor();
      views.push(['incidents', '/incidents']);

      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Usage' }).click();
      await expect
        .poll(() => page.locator('.figure', { hasText: 'Billed against audited' }).locator('.figure-value').textContent())
        .toBe('equal');
      views.push(['usage', '/usage']);

      await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Maturity' }).click();
      await page.getByRole('heading', { name: 'Next steps' }).waitFor();
      await expect(page.locator('.figure', { hasText: 'Level' }).locator('.figure-value').textContent()).resolves.toMatch(/^[1-5] of 5$/);
      views.push(['maturity', '/maturity']);

      for (const [name, path] of views) {
        await page.goto(`${baseUrl}${path}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: join(shots, `${name}-${size}.png`), fullPage: true });
        expect(await seriousAccessibilityViolations(page), `${name} at ${size}`).toEqual([]);
      }
      expect(problems).toEqual([]);
      await close();
    }
  }, 120_000);

  it.each([
    ['tenant-admin', ['Fleet', 'Agents', 'Policies', 'Approvals', 'Access', 'Incidents', 'Remediations', 'Usage', 'Maturity']],
    ['security', ['Fleet', 'Agents', 'Policies', 'Approvals', 'Access', 'Incidents', 'Remediations', 'Maturity']],
    ['auditor', ['Fleet', 'Agents', 'Policies', 'Approvals', 'Access', 'Incidents', 'Remediations', 'Usage', 'Maturity']],
    ['finance', ['Agents', 'Usage']],
    ['platform-admin', ['Platform', 'Billing']],
    ['platform-finance', ['Billing']],
  ])('offers a %s exactly the views its permissions allow, and each loads without an error answer', async (role, expected) => {
    const { page, problems, close } = await watchedPage(browser);
    await signIn(page, baseUrl, { role, ...(role.startsWith('platform') ? {} : { tenant: tenantId }), sub: `${role}@console` });
    const nav = page.getByRole('navigation', { name: 'Views' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(expected);
    for (const view of expected) {
      await nav.getByRole('link', { name: view, exact: true }).click();
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      await expect(page.getByRole('heading', { name: 'Not available' }).count()).resolves.toBe(0);
    }
    expect(problems).toEqual([]);
    await close();
  });

  it("approves the ops agent's refund from the inbox, with a comment, and the agent's next ask is allowed; sets the agent's quota", async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signIn(page, baseUrl, { role: 'tenant-admin', tenant: tenantId, sub: 'admin@console' });
    await page.goto(`${baseUrl}/approvals`);
    const card = page.locator('article.card', { hasText: 'ops-bot' });
    await card.waitFor();
    await card.getByLabel('Comment').fill('refund checked');
    await card.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Decided 1 this visit.').waitFor();
    await expect.poll(() => page.locator('article.card', { hasText: 'ops-bot' }).count()).toBe(0);

    const approval = await api.get(`/v1/tenants/${tenantId}/approvals/${approvals.ops}`, admin);
    expect(approval.body).toMatchObject({
      status: 'approved',
      approvals: [expect.objectContaining({ by: 'admin@console', comment: 'refund checked' })],
    });
    expect((await decide('ops', 'payments:refund')).body).toMatchObject({ effect: 'allow' });

    await page.goto(`${baseUrl}/agents/${agents.ops.id}`);
    await page.getByLabel('Decisions a month').fill('100000');
    await page.getByRole('button', { name: 'Save quotas' }).click();
    await page.getByText('Quotas saved: done.').waitFor();
    expect((await api.get(`/v1/tenants/${tenantId}/agents/${agents.ops.id}`, admin)).body.quotas).toMatchObject({
      decisionsPerMonth: 100_000,
    });
    expect(problems).toEqual([]);
    await close();
  });

  it("shows a team lead only its team's approvals and agent actions, and not the views its role does not offer", async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signIn(page, baseUrl, { role: 'team-lead', tenant: tenantId, teams: ['data'], sub: 'lead@console' });
    const nav = page.getByRole('navigation', { name: 'Views' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual([
      'Fleet',
      'Agents',
      'Policies',
      'Approvals',
      'Access',
      'Incidents',
    ]);
    await page.getByRole('heading', { name: `Fleet of ${tenantId}` }).waitFor();
    await expect(page.getByLabel('Team').inputValue()).resolves.toBe('data');

    await nav.getByRole('link', { name: 'Approvals' }).click();
    await page.locator('article.card', { hasText: 'data-bot' }).waitFor();
    await expect(page.locator('article.card', { hasText: 'ops-bot' }).count()).resolves.toBe(0);

    // Another team's agent: readable, but no action is offered (and the API would refuse it: 403).
    await page.goto(`${baseUrl}/agents/${agents.ops.id}`);
    await page.getByRole('heading', { name: 'Agent ops-bot' }).waitFor();
    await expect(page.getByRole('group', { name: 'Agent actions' }).count()).resolves.toBe(0);
    await page.goto(`${baseUrl}/agents/${agents.data.id}`);
    await page.getByRole('group', { name: 'Agent actions' }).waitFor();

    await page.goto(`${baseUrl}/maturity`);
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    expect(problems).toEqual([]);
    await close();
  });

  it('suspends and reinstates an agent from its page, and the API sees each change', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signIn(page, baseUrl, { role: 'team-lead', tenant: tenantId, teams: ['data'], sub: 'lead@console' });
    await page.goto(`${baseUrl}/agents/${agents.data.id}`);
    await page.getByRole('button', { name: 'Suspend' }).click();
    await page.getByText('Suspended: done.').waitFor();
    expect((await api.get(`/v1/tenants/${tenantId}/agents/${agents.data.id}`, admin)).body.status).toBe('suspended');
    await page.getByRole('button', { name: 'Reinstate' }).click();
    await page.getByText('Reinstated: done.').waitFor();
    expect((await api.get(`/v1/tenants/${tenantId}/agents/${agents.data.id}`, admin)).body.status).toBe('active');
    expect(problems).toEqual([]);
    await close();
  });

  it('edits a draft with its errors shown as typed and as the server names them, tests it, publishes it, and the API serves it', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signIn(page, baseUrl, { role: 'tenant-admin', tenant: tenantId, sub: 'admin@console' });
    await page.goto(`${baseUrl}/policies/tenant`);
    await page.getByRole('heading', { name: 'Version 1 (active)' }).waitFor();
    const editor = page.getByLabel('Document (JSON)');
    await editor.fill('{ "rules": [');
    await page.getByText(/^Not JSON yet/).waitFor();
    await expect(page.getByRole('button', { name: 'Save draft' }).isDisabled()).resolves.toBe(true);

    await editor.fill(
      JSON.stringify({ defaults: { prod: 'deny' }, rules: [{ id: 'read-tickets', effect: 'perhaps', actions: ['tickets:read'] }] }),
    );
    await page.getByLabel('Reason').fill('allow listing tickets');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('alert').getByText('rules.0.effect').waitFor();

    const document = {
      defaults: { prod: 'deny' },
      rules: [
        { id: 'read-tickets', effect: 'allow', actions: ['tickets:read', 'tickets:list'] },
        { id: 'no-export', effect: 'deny', actions: ['data:export'], risk: 'high' },
        { id: 'refunds', effect: 'require_approval', actions: ['payments:refund'], grantMinutes: 30 },
      ],
    };
    await editor.fill(JSON.stringify(document, null, 2));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft v2 saved').waitFor();
    await page.getByRole('heading', { name: 'Version 2 (draft)' }).waitFor();
    await page.getByRole('region', { name: 'Changes from v1 to v2' }).getByText('~ rule read-tickets actions').waitFor();

    await page.getByRole('button', { name: 'Run tests' }).click();
    await page.getByText(/^Tests: \d+ passed, 0 failed/).waitFor();
    await page.getByRole('button', { name: 'Impact' }).click();
    await page.getByText(/^Replayed \d+ recent requests/).waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('v2 published').waitFor();
    await page.getByRole('heading', { name: 'Version 2 (active)' }).waitFor();
    await page.screenshot({ path: join(shots, 'policy-edit-desktop.png'), fullPage: true });

    const scopes = await api.get(`/v1/tenants/${tenantId}/policies`, admin);
    expect(scopes.body.items).toContainEqual(expect.objectContaining({ scope: 'tenant', activeVersion: 2 }));
    expect((await decide('data', 'tickets:list')).body).toMatchObject({ effect: 'allow' });

    await page.getByLabel('Agent id').fill(agents.data.id);
    await page.getByLabel('Action', { exact: true }).fill('data:export');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.getByRole('form', { name: 'Simulate a request' }).getByText('deny', { exact: true }).waitFor();

    // The same draft in YAML: rewritten on switching, checked as typed, saved.
    await page.getByLabel('Format').selectOption('yaml');
    const yamlEditor = page.getByLabel('Document (YAML)');
    await expect(yamlEditor.inputValue()).resolves.toContain('- id: read-tickets');
    await yamlEditor.fill('rules:\n  - id: [unclosed\n');
    await page.getByText(/^Not YAML yet/).waitFor();
    await yamlEditor.fill('defaults:\n  prod: deny\nrules:\n  - id: read-tickets\n    effect: allow\n    actions: [tickets:read]\n');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft v3 saved').waitFor();
    const saved = await api.get(`/v1/tenants/${tenantId}/policies/tenant/versions/3`, admin);
    expect(saved.body.document.rules.map((rule: { id: string }) => rule.id)).toEqual(['read-tickets']);

    // The one error answer: the invalid draft, refused by the server.
    expect(problems).toEqual([`400 PUT /v1/tenants/${tenantId}/policies/tenant`]);
    await close();
  });

  it("downloads the month's FOCUS export as finance, which matches the API's", async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signIn(page, baseUrl, { role: 'finance', tenant: tenantId, sub: 'fin@console' });
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Usage' }).click();
    await page.getByRole('heading', { name: 'Usage and billing' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download FOCUS export (CSV)' }).click(),
    ]);
    const file = await download.path();
    const period = new Date().toISOString().slice(0, 7);
    const fromApi = await api.get(
      `/v1/tenants/${tenantId}/billing/export?period=${period}&format=csv`,
      await api.token({ roles: ['finance'], tenant: tenantId }),
    );
    expect(download.suggestedFilename()).toBe(`warden-${tenantId}-${period}-focus.csv`);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(String(fromApi.body).split('\n')[0]);
    expect(problems).toEqual([]);
    await close();
  });

  it('lets a platform admin see every tenant and pick one', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signIn(page, baseUrl, { role: 'platform-admin' });
    await page.getByRole('heading', { name: 'Platform' }).waitFor();
    await page.getByRole('cell', { name: tenantId }).waitFor();
    await page.getByLabel('Tenant').selectOption(tenantId);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.screenshot({ path: join(shots, 'platform-desktop.png'), fullPage: true });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it('approves the rest of a remediation run waiting for a person, then reverts it, and the agent follows', async () => {
    const watched = await registerAgent(api, tenantId, admin, {
      name: 'quota-bot',
      team: 'ops',
      owner: 'olive@console',
      quotas: { decisionsPerDay: 10 },
    });
    const playbook = await api.put(`/v1/tenants/${tenantId}/playbooks/hold-on-quota`, admin, {
      trigger: { event: 'Quota.Threshold', match: { scope: 'agent', subject: watched.id, threshold: { gte: 0.8 } } },
      steps: [{ type: 'wait_for_approval' }, { type: 'suspend_agent' }],
    });
    expect(playbook.status).toBe(201);
    for (let sent = 0; sent < 8; sent++)
      expect((await api.request('POST', '/v1/authorize', { token: watched.apiKey, body: { action: 'tickets:read' } })).status).toBe(200);
    const waiting = `/v1/tenants/${tenantId}/remediations?status=waiting_for_approval&agentId=${watched.id}`;
    await eventually(async () => ((await api.get(waiting, admin)).body.items.length > 0 ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    const agentStatus = async () => (await api.get(`/v1/tenants/${tenantId}/agents/${watched.id}`, admin)).body.status as string;

    const { page, problems, close } = await watchedPage(browser);
    await signIn(page, baseUrl, { role: 'security', tenant: tenantId, sub: 'sec@console' });
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Remediations' }).click();
    const card = page.locator('article.card', { hasText: watched.id });
    await card.getByRole('button', { name: 'Approve the rest' }).click();
    await page.getByText('Run approved').waitFor();
    await eventually(async () => ((await agentStatus()) === 'suspended' ? true : undefined), { timeoutMs: 30_000, intervalMs: 250 });
    const succeeded = `/v1/tenants/${tenantId}/remediations?status=succeeded&agentId=${watched.id}`;
    await eventually(async () => ((await api.get(succeeded, admin)).body.items.length > 0 ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });

    await page.getByLabel('Status').selectOption('succeeded');
    await page.locator('article.card', { hasText: watched.id }).getByRole('button', { name: 'Revert' }).click();
    await page.getByText('Run reverted').waitFor();
    expect(await agentStatus()).toBe('active');
    await page.screenshot({ path: join(shots, 'remediations-desktop.png'), fullPage: true });
    expect(problems).toEqual([]);
    await close();
  });

  it('moves by keyboard: the skip link focuses the content, and the views are reachable with Tab and Enter', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signIn(page, baseUrl, { role: 'auditor', tenant: tenantId, sub: 'audrey@console' });
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to the content');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
    await page.getByRole('link', { name: 'Agents' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    expect(problems).toEqual([]);
    await close();
  });

  /** A live grant for `team`'s agent to refund `resource`: its approval, approved through the API by an admin who is not its owner. */
  async function grantFor(team: 'ops' | 'data', resource: string): Promise<string> {
    const asked = await api.request('POST', '/v1/authorize', { token: agents[team].apiKey, body: { action: 'payments:refund', resource } });
    expect(asked.body).toMatchObject({ effect: 'require_approval', approvalId: expect.any(String) });
    const approver = await api.token({ roles: ['tenant-admin'], tenant: tenantId, sub: 'approver@console' });
    const approved = await api.post(`/v1/tenants/${tenantId}/approvals/${asked.body.approvalId}/approve`, approver, {});
    expect(approved.body).toMatchObject({ status: 'approved', grant: { id: expect.stringMatching(/^gnt_/) } });
    return approved.body.grant.id as string;
  }
  const liveGrantIds = async (token: string) =>
    ((await api.get(`/v1/tenants/${tenantId}/grants?limit=1000`, token)).body.items as { id: string }[]).map((grant) => grant.id);

  it("shows a team lead only its teams' grants, with no Revoke button", async () => {
    const opsGrant = await grantFor('ops', 'charges/lead-ops');
    const dataGrant = await grantFor('data', 'charges/lead-data');
    const lead = await api.token({ roles: ['team-lead'], tenant: tenantId, teams: ['data'], sub: 'lead@console' });
    expect(await liveGrantIds(lead)).toContain(dataGrant);
    expect(await liveGrantIds(lead)).not.toContain(opsGrant);

    const { page, problems, close } = await watchedPage(browser);
    await signIn(page, baseUrl, { role: 'team-lead', tenant: tenantId, teams: ['data'], sub: 'lead@console' });
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Access' }).click();
    const grants = page.getByRole('table', { name: 'Live grants' });
    await grants.getByRole('row', { name: /charges\/lead-data/ }).waitFor();
    await expect(
      grants
        .getByRole('row', { name: /charges\/lead-data/ })
        .getByText(agents.data.id)
        .count(),
    ).resolves.toBe(1);
    await expect(grants.getByText('charges/lead-ops', { exact: false }).count()).resolves.toBe(0);
    await expect(grants.getByText(agents.ops.id).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /Revoke/ }).count()).resolves.toBe(0);
    expect(problems).toEqual([]);
    await close();
  });

  it('shows a tenant admin a grant with its agent, request, approver and expiry, revokes it after a confirmation, and the API drops it', async () => {
    const grantId = await grantFor('ops', 'charges/console-revoke');
    const ask = () =>
      api.request('POST', '/v1/authorize', {
        token: agents.ops.apiKey,
        body: { action: 'payments:refund', resource: 'charges/console-revoke' },
      });
    expect((await ask()).body).toMatchObject({ effect: 'allow', grantId });

    const { page, problems, close } = await watchedPage(browser);
    await signIn(page, baseUrl, { role: 'tenant-admin', tenant: tenantId, sub: 'admin@console' });
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Access' }).click();
    const row = page.getByRole('table', { name: 'Live grants' }).getByRole('row', { name: /charges\/console-revoke/ });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(
      new RegExp(`${agents.ops.id}.*team ops.*payments:refund.*approved by approver@console.*in (29|30) minutes`),
    );
    for (const size of ['phone', 'desktop'] as const) {
      await page.setViewportSize(SIZES[size]);
      await page.screenshot({ path: join(shots, `access-grants-${size}.png`), fullPage: true });
      expect(await seriousAccessibilityViolations(page), `access at ${size}`).toEqual([]);
    }

    // Dismissing the confirmation revokes nothing.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await row.getByRole('button', { name: `Revoke ${grantId}` }).click();
    await expect(liveGrantIds(admin)).resolves.toContain(grantId);

    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain(grantId);
      void dialog.accept();
    });
    await row.getByRole('button', { name: `Revoke ${grantId}` }).click();
    await page.getByRole('status').getByText(`Revoked ${grantId}.`).waitFor();
    await expect.poll(() => row.count()).toBe(0);
    expect(await liveGrantIds(admin)).not.toContain(grantId);
    expect((await ask()).body.effect).toBe('require_approval');
    expect(problems).toEqual([]);
    await close();
  });

  it("gives platform finance only the platform billing view: every tenant's CSV, the month's lines, the price plans, closing a month", async () => {
    const period = new Date().toISOString().slice(0, 7);
    const lastMonth = new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);
    for (const size of ['desktop', 'phone'] as const) {
      const { page, problems, close } = await watchedPage(browser, size);
      await signIn(page, baseUrl, { role: 'platform-finance', sub: `pfin-${size}@console` });
      await page.getByRole('heading', { name: 'Platform billing' }).waitFor();
      await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('link').allTextContents()).resolves.toEqual(['Billing']);
      await page
        .getByRole('table', { name: `Billing lines, ${period}` })
        .getByRole('cell', { name: /Console Co, \d{4}-\d{2}-\d{2}, usage/ })
        .first()
        .waitFor();
      const plan = page.getByRole('article', { name: 'business' });
      await plan.getByText('2.50 USD', { exact: true }).waitFor();
      await expect(plan.textContent()).resolves.toContain('Included5 decisions, 0 approvals, 0 active agents');
      await expect(page.getByRole('button', { name: `Close ${period}` }).isDisabled()).resolves.toBe(true);
      // The total billed is the exact sum of the lines the API gives (in cents: every price here has two decimals).
      const json = await api.get(`/v1/billing/exports?period=${period}&format=json`, await api.token({ roles: ['platform-finance'] }));
      const cents = (json.body.lines as { BilledCost: string }[]).reduce((sum, line) => sum + Math.round(Number(line.BilledCost) * 100), 0);
      await expect
        .poll(() => page.locator('.figure', { hasText: 'Billed (USD)' }).locator('.figure-value').textContent())
        .toBe((cents / 100).toFixed(2));
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(shots, `platform-billing-${size}.png`), fullPage: true });
      expect(await seriousAccessibilityViolations(page), `platform billing at ${size}`).toEqual([]);
      if (size === 'phone') {
        expect(problems).toEqual([]);
        await close();
        continue;
      }

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download all tenants (CSV)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`warden-all-tenants-${period}-focus.csv`);
      const csv = readFileSync(await download.path(), 'utf8');
      const header = csv.split('\r\n')[0]!;
      // FOCUS 1.3, the default: its columns include the providers 1.3 added.
      expect(header.split(',')).toEqual(expect.arrayContaining(['BilledCost', 'ServiceProviderName', 'HostProviderName']));
      expect(header).toContain('x_ChargeKind');
      const fromApi = await api.get(`/v1/billing/exports?period=${period}&format=csv`, await api.token({ roles: ['platform-finance'] }));
      expect(header).toBe(String(fromApi.body).split('\r\n')[0]);
      expect(csv).toContain(tenantId);

      await page.getByLabel('Month').fill(lastMonth);
      const closeButton = page.getByRole('button', { name: `Close ${lastMonth}` });
      await expect.poll(() => closeButton.isEnabled()).toBe(true);
      page.once('dialog', (dialog) => void dialog.accept());
      await closeButton.click();
      await page
        .getByRole('status')
        .getByText(new RegExp(`^${lastMonth} closed for \\d+ tenants`))
        .waitFor();
      const again = await api.request('POST', `/v1/billing/periods/${lastMonth}/close`, {
        token: await api.token({ roles: ['platform-finance'] }),
      });
      expect(again.body.error.code).toBe('period_closed');
      expect(problems).toEqual([]);
      await close();
    }
  }, 120_000);

  it('shows a platform admin the platform billing view without closing months', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signIn(page, baseUrl, { role: 'platform-admin' });
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Billing' }).click();
    await page.getByRole('article', { name: 'business' }).getByText('2.50 USD', { exact: true }).waitFor();
    await expect(page.getByRole('button', { name: /^Close / }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Download all tenants (CSV)' }).count()).resolves.toBe(1);
    expect(problems).toEqual([]);
    await close();
  });
});
