/**
 * The check an agent's pins pass before they are saved: each pinned scope governs the agent, and
 * each version is the active one or deprecated before its sunset. It reads versions only, so the
 * agent routes that save pins check them without loading the policy language.
 */
import type { Clock } from '../kernel/clock';
import { ValidationError } from '../kernel/errors';
import { governingScopes } from './policy-scope';
import type { PolicyStore } from './policy-store';
import { ORG_OWNER, statusAt, tenantOwner } from './policy-version';

export interface PinCheckDeps {
  readonly store: Pick<PolicyStore, 'getVersion'>;
  readonly clock: Clock;
}

/** Refuses pins that may not be saved on `agent`, naming the pin (`pins.<scope>`). */
export function createPinCheck({ store, clock }: PinCheckDeps) {
  return async function checkPins(
    tenantId: string,
    agent: { id: string; team: string; role: string },
    pins: Readonly<Record<string, number>>,
  ): Promise<void> {
    const scopes = new Set(governingScopes(agent));
    const nowMs = clock.nowMs();
    for (const [scope, number] of Object.entries(pins)) {
      const path = `pins.${scope}`;
      if (!scopes.has(scope))
        throw new ValidationError(`Scope ${scope} does not govern agent ${agent.id}`, [{ path, message: 'not one of the agent scopes' }]);
      const version = await store.getVersion(scope === 'org' ? ORG_OWNER : tenantOwner(tenantId), scope, number);
      const status = version && statusAt(version, nowMs);
      if (status !== 'deprecated' && status !== 'active') {
        throw new ValidationError(`${scope} version ${number} cannot be pinned`, [
          {
            path,
            message: version
              ? `version ${number} is ${status}; only deprecated versions before their sunset can be pinned`
              : `no version ${number}`,
          },
        ]);
      }
    }
  };
}
