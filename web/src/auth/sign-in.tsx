/**
 * Signing in. Locally (config mode `dev`): a development page that picks a role, tenant and teams
 * and asks the local runtime for a token (`POST /_local/sign-in`, which exists only there). On AWS
 * (mode `oidc`): a button that starts the OpenID Connect flow with PKCE.
 */
import { type FormEvent, useState } from 'react';
import type { ConsoleConfig } from './console-config';
import { startSignIn } from './pkce';
import type { Role } from './session';

const ROLES: readonly Role[] = ['tenant-admin', 'team-lead', 'security', 'auditor', 'finance', 'platform-admin', 'platform-finance'];

export function SignIn({ config, onToken }: { config: ConsoleConfig; onToken: (token: string) => void }) {
  const [error, setError] = useState<string>();
  if (config.mode === 'oidc') {
    return (
      <main className="sign-in">
        <h1>Warden console</h1>
        <button type="button" onClick={() => void startSignIn(config.oidc).catch((caught: unknown) => setError(String(caught)))}>
          Sign in with your identity provider
        </button>
        {error ? <p className="error">{error}</p> : null}
      </main>
    );
  }
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const role = String(form.get('role'));
    const tenant = String(form.get('tenant') ?? '').trim();
    const teams = String(form.get('teams') ?? '')
      .split(',')
      .map((team) => team.trim())
      .filter(Boolean);
    const sub = String(form.get('sub') ?? '').trim();
    const response = await fetch('/_local/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ roles: [role], ...(tenant ? { tenant } : {}), ...(teams.length ? { teams } : {}), ...(sub ? { sub } : {}) }),
    });
    const body = (await response.json()) as { token?: string; error?: { message: string } };
    if (!response.ok || !body.token) return setError(body.error?.message ?? `sign-in answered ${response.status}`);
    onToken(body.token);
  };
  return (
    <main className="sign-in">
      <h1>Warden console</h1>
      <p>Development sign-in: this page exists only in the local runtime. Pick who you are.</p>
      <form onSubmit={(event) => void submit(event)} aria-label="Development sign-in">
        <label>
          Role{' '}
          <select aria-label="Role" name="role" defaultValue="tenant-admin">
            {ROLES.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        </label>
        <label>
          Tenant <input name="tenant" placeholder="acme" autoComplete="off" />
        </label>
        <label>
          Teams (team leads) <input name="teams" placeholder="payments, support" autoComplete="off" />
        </label>
        <label>
          Your name <input name="sub" placeholder="alice@example.com" autoComplete="off" />
        </label>
        <button type="submit">Sign in</button>
      </form>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </main>
  );
}
