/**
 * The console's shell: who is signed in, the views their roles offer in the navigation, and the
 * view the path names. Every view speaks only the public HTTP API.
 */
import { lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { setApiToken } from './api/client';
import { type Ability, can } from './auth/abilities';
import type { ConsoleConfig } from './auth/console-config';
import { finishSignIn } from './auth/pkce';
import { clearSession, loadSession, saveSession, type Session } from './auth/session';
import { SignIn } from './auth/sign-in';
import { Link } from './components/parts';
import { navigate, useLocation } from './router';
import { AccessView } from './views/access';
import { AgentList, AgentPage } from './views/agents';
import { ApprovalsInbox } from './views/approvals';
import { PlatformFleet, TenantFleet } from './views/fleet';
import { IncidentList, IncidentPage } from './views/incidents';
import { MaturityView } from './views/maturity';
import { PlatformBillingView } from './views/platform-billing';
import { RemediationRuns } from './views/remediations';
import { UsageView } from './views/usage';

// The policy editor (and its YAML parser) loads when a policy view is first opened, keeping the first view small.
const PolicyScopes = lazy(() => import('./views/policies').then((module) => ({ default: module.PolicyScopes })));
const PolicyScopeView = lazy(() => import('./views/policies').then((module) => ({ default: module.PolicyScopeView })));

interface NavItem {
  readonly path: string;
  readonly label: string;
  readonly ability: Ability;
}

const NAV: readonly NavItem[] = [
  { path: '/', label: 'Fleet', ability: 'fleet:tenant' },
  { path: '/platform', label: 'Platform', ability: 'fleet:platform' },
  { path: '/billing', label: 'Billing', ability: 'billing:platform' },
  { path: '/agents', label: 'Agents', ability: 'agents:read' },
  { path: '/policies', label: 'Policies', ability: 'policies:read' },
  { path: '/approvals', label: 'Approvals', ability: 'approvals:read' },
  { path: '/access', label: 'Access', ability: 'grants:read' },
  { path: '/incidents', label: 'Incidents', ability: 'incidents:read' },
  { path: '/remediations', label: 'Remediations', ability: 'remediations:read' },
  { path: '/usage', label: 'Usage', ability: 'usage:read' },
  { path: '/maturity', label: 'Maturity', ability: 'maturity:read' },
];

function NotOffered() {
  return (
    <section>
      <h1>Not available</h1>
      <p>Your roles do not offer this view.</p>
    </section>
  );
}

function viewFor(path: string, session: Session): ReactNode {
  const tenantId = session.tenant;
  const offered = (ability: Ability, view: () => ReactNode) =>
    can(session, ability) && (tenantId || ability.endsWith(':platform')) ? view() : <NotOffered />;
  const [, section, id] = /^\/(agents|policies|incidents)\/([^/]+)$/.exec(path) ?? [];
  if (id) {
    const key = decodeURIComponent(id);
    if (section === 'agents') return offered('agents:read', () => <AgentPage session={session} tenantId={tenantId!} agentId={key} />);
    if (section === 'policies')
      return offered('policies:read', () => <PolicyScopeView session={session} tenantId={tenantId!} scope={key} />);
    return offered('incidents:read', () => <IncidentPage session={session} tenantId={tenantId!} incidentId={key} />);
  }
  switch (path) {
    case '/':
      return offered('fleet:tenant', () => <TenantFleet session={session} tenantId={tenantId!} />);
    case '/platform':
      return offered('fleet:platform', () => <PlatformFleet />);
    case '/agents':
      return offered('agents:read', () => <AgentList tenantId={tenantId!} />);
    case '/policies':
      return offered('policies:read', () => <PolicyScopes tenantId={tenantId!} />);
    case '/incidents':
      return offered('incidents:read', () => <IncidentList tenantId={tenantId!} />);
    case '/remediations':
      return offered('remediations:read', () => <RemediationRuns session={session} tenantId={tenantId!} />);
    case '/usage':
      return offered('usage:read', () => <UsageView session={session} tenantId={tenantId!} />);
    case '/approvals':
      return offered('approvals:read', () => <ApprovalsInbox session={session} tenantId={tenantId!} />);
    case '/access':
      return offered('grants:read', () => <AccessView session={session} tenantId={tenantId!} />);
    case '/billing':
      return offered('billing:platform', () => <PlatformBillingView session={session} />);
    case '/maturity':
      return offered('maturity:read', () => <MaturityView tenantId={tenantId!} />);
    default:
      return (
        <section>
          <h1>No such page</h1>
          <Link to="/">Back to the start</Link>
        </section>
      );
  }
}

/** The first view a session's roles offer. */
const homeOf = (session: Session) => NAV.find((item) => can(session, item.ability))?.path ?? '/';

export function App({ config: configLoading }: { config: Promise<ConsoleConfig> }) {
  const [session, setSession] = useState<Session | undefined>(() => loadSession());
  const [config, setConfig] = useState<ConsoleConfig>();
  const [callbackError, setCallbackError] = useState<string>();
  const { path, query } = useLocation();
  const signOut = () => {
    clearSession();
    setSession(undefined);
  };
  setApiToken(session?.token, signOut);

  const signedIn = (token: string) => {
    const next = saveSession(token);
    setApiToken(next.token, signOut);
    setSession(next);
    navigate(homeOf(next));
  };

  useEffect(() => {
    configLoading.then(setConfig, (error: unknown) => setCallbackError(`The console could not start: ${String(error)}`));
  }, [configLoading]);

  useEffect(() => {
    if (path !== '/callback' || config?.mode !== 'oidc') return;
    finishSignIn(config.oidc, query).then(signedIn, (error: unknown) => setCallbackError(String(error)));
    // The callback is handled once, when the identity provider sends the browser back (and the configuration is read).
  }, [path, config]);

  // A role without the fleet view starts at the first view it has.
  useEffect(() => {
    if (session && path === '/' && !can(session, 'fleet:tenant') && homeOf(session) !== '/') navigate(homeOf(session));
  }, [session, path]);

  if (!session) {
    return (
      <>
        {callbackError ? <p className="error">{callbackError}</p> : null}
        {config ? <SignIn config={config} onToken={signedIn} /> : callbackError ? null : <p className="muted">Loading…</p>}
      </>
    );
  }
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to the content
      </a>
      <header className="top">
        <span className="brand">Warden</span>
        <nav aria-label="Views">
          {NAV.filter((item) => can(session, item.ability)).map((item) => (
            <Link key={item.path} to={item.path} className={path === item.path ? 'current' : ''}>
              {item.label}
            </Link>
          ))}
        </nav>
        <span className="who">
          {session.sub} · {session.roles.join(', ')}
          {session.tenant ? ` · ${session.tenant}` : ''}
          {session.teams.length ? ` · teams ${session.teams.join(', ')}` : ''}
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p className="muted">Loading…</p>}>{viewFor(path, session)}</Suspense>
      </main>
    </div>
  );
}
