/**
 * An evaluator an agent's Node process embeds. It fetches the agent's signed policy bundle
 * (`GET /v1/agent/bundle`, a conditional GET after the first), verifies its signature against the
 * published keys, and decides requests with the very engine of the server (shared/policy through
 * shared/decisions/policy-bundle.ts), so its answers are `/v1/authorize`'s for the same bundle.
 *
 * Fail safe: without a verified bundle, or once the bundle is past its validity (its `notAfter`, or
 * five minutes after the server last confirmed it unchanged), `decide` answers undefined and the
 * agent must ask `/v1/authorize`. A bundle that does not verify, or is for another agent, is refused
 * and the one held is kept.
 *
 * Local decisions are not yet recorded in the central audit log (decision-log shipping comes next:
 * docs/decisions/policy-bundles.md); until then, `decide` is for checks and tests, and agents keep
 * calling `/v1/authorize` for decisions that act.
 */
import type { JSONWebKeySet } from 'jose';
import { verifyBundleJws } from '../../../shared/auth/bundle-keys';
import type { AuthorizeRequest } from '../../../shared/decisions/decision-record';
import {
  BUNDLE_LIFETIME_SECONDS,
  type CompiledBundle,
  compileBundle,
  decideWithBundle,
  type PolicyBundle,
  PolicyBundleSchema,
} from '../../../shared/decisions/policy-bundle';

export interface EvaluatorOptions {
  /** Warden's API, e.g. https://warden.example.com */
  readonly url: string;
  /** The agent's API key. */
  readonly apiKey: string;
  /**
   * The keys bundles must be signed with. Given, they are the only ones trusted (pin them where the
   * network between the agent and Warden is not trusted); absent, they are fetched from
   * `GET /v1/agent/bundle/keys` of `url`.
   */
  readonly keys?: JSONWebKeySet;
  /** Each call's limit (default 5 s). */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

/** Why a bundle was refused. */
export class BundleRefusedError extends Error {
  override readonly name = 'BundleRefusedError';
}

export function createEvaluator(options: EvaluatorOptions) {
  const base = options.url.replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 5000;
  let held: CompiledBundle | undefined;
  let keys: JSONWebKeySet | undefined = options.keys;

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { headers, signal: AbortSignal.timeout(timeoutMs) });

  async function publishedKeys(refresh: boolean): Promise<JSONWebKeySet> {
    if (options.keys) return options.keys;
    if (keys && !refresh) return keys;
    const answer = await get('/v1/agent/bundle/keys');
    if (!answer.ok) throw new BundleRefusedError(`The bundle keys answered ${answer.status}`);
    keys = (await answer.json()) as JSONWebKeySet;
    return keys;
  }

  /** The bundle in `jws`, verified (with fresh keys once, should the signing key have changed). */
  async function verified(jws: string): Promise<PolicyBundle> {
    let payload: unknown;
    try {
      payload = await verifyBundleJws(jws, await publishedKeys(false));
    } catch {
      try {
        payload = await verifyBundleJws(jws, await publishedKeys(true));
      } catch (error) {
        throw new BundleRefusedError(`The bundle's signature does not verify: ${(error as Error).message}`);
      }
    }
    const parsed = PolicyBundleSchema.safeParse(payload);
    if (!parsed.success) throw new BundleRefusedError(`The bundle is not one this evaluator reads: ${parsed.error.issues[0]?.message}`);
    const bundle = parsed.data as unknown as PolicyBundle;
    if (held && bundle.agent.id !== held.bundle.agent.id) throw new BundleRefusedError('The bundle is for another agent');
    return bundle;
  }

  return {
    /**
     * Asks for the current bundle: 'updated' when a new one is held, 'unchanged' when the server
     * confirmed the one held (its validity is extended). Throws BundleRefusedError for a bundle
     * that does not verify and for a refusal (a suspended agent gets 403): the held bundle is
     * then dropped, so nothing is decided locally until a good one comes.
     */
    async refresh(): Promise<'updated' | 'unchanged'> {
      const answer = await get('/v1/agent/bundle', {
        authorization: `Bearer ${options.apiKey}`,
        ...(held ? { 'if-none-match': held.bundle.etag } : {}),
      });
      if (answer.status === 304 && held) {
        held = { ...held, validUntilMs: Math.max(held.validUntilMs, now() + BUNDLE_LIFETIME_SECONDS * 1000) };
        return 'unchanged';
      }
      if (!answer.ok) {
        held = undefined;
        throw new BundleRefusedError(`The bundle was refused: ${answer.status} ${await answer.text()}`);
      }
      held = compileBundle(await verified(await answer.text()));
      return 'updated';
    },

    /** The local decision, or undefined when there is no valid bundle (ask `/v1/authorize`). */
    decide(request: AuthorizeRequest) {
      return held ? decideWithBundle(held, request, now()) : undefined;
    },

    /** The bundle held, if any. */
    get bundle(): PolicyBundle | undefined {
      return held?.bundle;
    },
  };
}
export type Evaluator = ReturnType<typeof createEvaluator>;
