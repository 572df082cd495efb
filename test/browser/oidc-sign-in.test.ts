/**
 * The console's sign-in as on AWS: OpenID Connect, authorization code with PKCE, against a stand-in
 * provider on loopback (test/support/stand-in-oidc-provider.ts) and a runtime configured with it
 * (WARDEN_CONSOLE_OIDC_ISSUER). The browser goes to the provider and back, the console proves the
 * verifier behind its S256 challenge, and the token it receives is what the API accepts; an answer
 * whose state does not match the request signs nobody in.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchedPage } from '../support/browser';
import { startStandInOidcProvider } from '../support/stand-in-oidc-provider';
import { startTestRuntime, type TestRuntime } from '../support/test-runtime';
import { tenantWithAgent, unique, wardenClient } from '../support/warden-client';

describe('Console sign-in with OpenID Connect', () => {
  const tenantId = unique('oidc');
  let provider: Awaited<ReturnType<typeof startStandInOidcProvider>>;
  let runtime: TestRuntime;
  let browser: Browser;

  beforeAll(async () => {
    provider = await startStandInOidcProvider({
      clientId: 'console-under-test',
      identity: { sub: 'ida@idp', roles: ['tenant-admin'], tenant: tenantId },
      runtimeDataDir: () => runtime.dataDir,
    });
    runtime = await startTestRuntime({ WARDEN_CONSOLE_OIDC_ISSUER: provider.issuer, WARDEN_CONSOLE_OIDC_CLIENT_ID: 'console-under-test' });
    await tenantWithAgent(wardenClient(runtime.url, runtime.dataDir), 'oidc', undefined, { id: tenantId });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    await provider?.stop();
  });

  it('signs in through the provider with PKCE (S256), and the token it brings back works with the API', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await page.goto(`${runtime.url}/`);
    await page.getByRole('button', { name: 'Sign in with your identity provider' }).click();
    await page.getByRole('heading', { name: `Fleet of ${tenantId}` }).waitFor();
    await expect(page.locator('.who').textContent()).resolves.toContain('ida@idp');

    const [authorization] = provider.seen.authorizations;
    expect(authorization).toMatchObject({
      response_type: 'code',
      client_id: 'console-under-test',
      redirect_uri: `${runtime.url}/callback`,
      code_challenge_method: 'S256',
      scope: 'openid profile email',
    });
    expect(authorization!.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(provider.seen.tokenRequests).toHaveLength(1);
    expect(provider.seen.tokenRequests[0]!.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(provider.seen.refused).toEqual([]);
    // The fleet view's figures came from the API with that token.
    await page.locator('.figure', { hasText: 'Active agents' }).locator('.figure-value').waitFor();
    expect(problems).toEqual([]);
    await close();
  });

  it('signs nobody in when the answer names a state the console did not send', async () => {
    const { page, close } = await watchedPage(browser);
    // The console starts a sign-in (keeping its state and verifier), but the provider is never reached:
    // the browser lands on a held page instead, and that navigation has finished before the forged answer
    // arrives (an aborted one would commit an error page that could cut the next navigation short).
    await page.route(`${provider.issuer}/authorize**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<p>held</p>' }),
    );
    await page.goto(`${runtime.url}/`);
    const [authorize] = await Promise.all([
      page.waitForRequest((request) => request.url().startsWith(`${provider.issuer}/authorize`)),
      page.getByRole('button', { name: 'Sign in with your identity provider' }).click(),
    ]);
    await page.waitForURL((url) => url.href.startsWith(`${provider.issuer}/authorize`));
    await page.getByText('held').waitFor();
    expect(new URL(authorize.url()).searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await page.goto(`${runtime.url}/callback?code=stolen&state=forged`);
    await page.getByText('The sign-in answer does not match the request; sign in again').waitFor();
    await expect(page.getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(0);
    expect(provider.seen.tokenRequests).toHaveLength(1);
    await close();
  });
});
