/**
 * How the console signs people in, read from `/config.json` on its own origin: locally the runtime
 * answers `{ "mode": "dev" }` (a development sign-in page that picks a role, tenant and teams); on
 * AWS the CDK app deploys `{ "mode": "oidc", "oidc": { issuer, clientId, scopes } }`.
 */
export type ConsoleConfig =
  | { readonly mode: 'dev' }
  | { readonly mode: 'oidc'; readonly oidc: { readonly issuer: string; readonly clientId: string; readonly scopes: readonly string[] } };

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  const config = (await response.json()) as ConsoleConfig;
  if (config.mode !== 'dev' && config.mode !== 'oidc') throw new Error('/config.json names no sign-in mode');
  return config;
}
