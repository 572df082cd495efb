/// <reference lib="dom" />
/**
 * Browser tests' harness: Debian's Chromium driven by playwright-core (never a downloaded browser),
 * a page that records every console error, uncaught exception and failed request (a test ends by
 * asserting there were none), the development sign-in through its form, screenshots at the two
 * sizes the README shows, and axe-core's accessibility check.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.WARDEN_CHROMIUM ?? '/usr/bin/chromium';
export const SIZES = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: install Debian's (sudo apt-get install -y chromium) or set WARDEN_CHROMIUM to one`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** A page whose problems (console errors, page errors, failed requests, error answers) are collected in `problems`. */
export async function watchedPage(browser: Browser, size: keyof typeof SIZES = 'desktop') {
  const context = await browser.newContext({ viewport: SIZES[size] });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // An error answer also logs "Failed to load resource" without its URL: the response listener names it instead.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A navigation cancels the requests of the page it leaves (ERR_ABORTED): not a failure.
    const reason = request.failure()?.errorText;
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.method()} ${request.url()} ${reason}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  return { page, problems, close: () => context.close() };
}

/** Signs in through the development sign-in form. */
export async function signIn(page: Page, baseUrl: string, who: { role: string; tenant?: string; teams?: readonly string[]; sub?: string }) {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Role').selectOption(who.role);
  if (who.tenant) await page.getByLabel('Tenant').fill(who.tenant);
  if (who.teams) await page.getByLabel('Teams (team leads)').fill(who.teams.join(', '));
  if (who.sub) await page.getByLabel('Your name').fill(who.sub);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Where the screenshots go (printed once, so a person can look at them). */
export function screenshotDir(): string {
  const dir = process.env.WARDEN_SCREENSHOTS ?? join(process.cwd(), '.data', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations of impact serious or critical on the page as it is now. */
export async function seriousAccessibilityViolations(page: Page): Promise<{ id: string; impact: string; targets: string[] }[]> {
  // Evaluated through the DevTools protocol, as the page's own CSP (scripts from the origin only) would refuse an inline tag.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        targets: violation.nodes.map((node: any) => String(node.target)),
      }));
  });
}
