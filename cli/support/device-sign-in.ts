/**
 * Signing in from a terminal with OpenID Connect's device authorization grant (RFC 8628): the CLI
 * asks the issuer for a code, the person opens the verification page in any browser and enters it,
 * and the CLI polls the token endpoint until the sign-in is approved, refused or expired.
 */
import * as z from 'zod';

const DiscoverySchema = z.object({ token_endpoint: z.url(), device_authorization_endpoint: z.url().optional() });
const DeviceSchema = z.object({
  device_code: z.string().min(1),
  user_code: z.string().min(1),
  verification_uri: z.url(),
  verification_uri_complete: z.url().optional(),
  expires_in: z.number().positive(),
  interval: z.number().positive().optional(),
});

/** Longest the CLI waits for a person to approve, whatever the issuer says. */
export const MAX_DEVICE_WAIT_SECONDS = 900;

export interface DeviceSignIn {
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** Tells the person where to go and what to type. */
  readonly prompt: (verificationUri: string, userCode: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

const post = (url: string, form: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form),
    signal: AbortSignal.timeout(15_000),
  });

/** Runs the device flow against `issuer`; resolves with the access token. */
export async function deviceSignIn(options: DeviceSignIn): Promise<string> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const discoveryUrl = `${options.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const discovery = DiscoverySchema.parse(await (await fetch(discoveryUrl, { signal: AbortSignal.timeout(15_000) })).json());
  if (!discovery.device_authorization_endpoint)
    throw new Error(`${options.issuer} offers no device authorization: sign in to the console and run warden login --token <token>`);
  const started = await post(discovery.device_authorization_endpoint, { client_id: options.clientId, scope: options.scopes.join(' ') });
  if (!started.ok) throw new Error(`The issuer refused the device sign-in (${started.status}): ${await started.text()}`);
  const device = DeviceSchema.parse(await started.json());
  options.prompt(device.verification_uri_complete ?? device.verification_uri, device.user_code);
  let intervalMs = (device.interval ?? 5) * 1000;
  const deadline = Date.now() + Math.min(device.expires_in, MAX_DEVICE_WAIT_SECONDS) * 1000;
  while (Date.now() < deadline) {
    await sleep(intervalMs);
    const answer = await post(discovery.token_endpoint, {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      device_code: device.device_code,
      client_id: options.clientId,
    });
    const body = (await answer.json()) as { access_token?: string; error?: string; error_description?: string };
    if (answer.ok && body.access_token) return body.access_token;
    if (body.error === 'authorization_pending') continue;
    if (body.error === 'slow_down') {
      intervalMs += 5000;
      continue;
    }
    throw new Error(
      `Sign-in ${body.error === 'access_denied' ? 'refused' : 'failed'}: ${body.error_description ?? body.error ?? answer.status}`,
    );
  }
  throw new Error('The sign-in code expired before it was approved: run warden login again');
}
