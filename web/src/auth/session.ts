/**
 * Who is signed in: the operator token and the claims the console reads from it (to show and
 * enable only what the roles may do; the API still decides every call). Kept in sessionStorage,
 * so closing the tab signs out.
 */
const KEY = 'warden.session';

export type Role = 'platform-admin' | 'platform-finance' | 'tenant-admin' | 'team-lead' | 'security' | 'auditor' | 'finance';

export interface Session {
  readonly token: string;
  readonly sub: string;
  readonly tenant?: string;
  readonly roles: readonly Role[];
  readonly teams: readonly string[];
  /** Seconds since the epoch. */
  readonly exp: number;
}

const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? [value] : [];

/** The session a JWT describes (its payload is read, not verified: the API verifies it). */
export function sessionOf(token: string): Session {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  return {
    token,
    sub: typeof claims.sub === 'string' ? claims.sub : 'unknown',
    ...(typeof claims.tenant === 'string' ? { tenant: claims.tenant } : {}),
    roles: asList(claims.roles) as Role[],
    teams: asList(claims.teams),
    exp: typeof claims.exp === 'number' ? claims.exp : 0,
  };
}

export function loadSession(nowMs = Date.now()): Session | undefined {
  const token = sessionStorage.getItem(KEY);
  if (!token) return undefined;
  try {
    const session = sessionOf(token);
    return session.exp * 1000 > nowMs ? session : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(token: string): Session {
  const session = sessionOf(token);
  sessionStorage.setItem(KEY, token);
  return session;
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}
