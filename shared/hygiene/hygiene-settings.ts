/**
 * A tenant's hygiene limits (`PATCH /v1/tenants/{t}` `hygiene`): when an idle agent is reported
 * inactive (and, later, reported again as due for decommissioning), when a key's coming expiry is
 * announced, and how old a key may grow before the sweep expires it. Unset fields take the
 * defaults; `keyMaxAgeDays` unset means keys live their issued lifetime (`settings.apiKeyTtlDays`).
 */
import * as z from 'zod';

export const HygieneSettingsSchema = z
  .object({
    /** Days without a request after which an agent is reported inactive (`Agent.Inactive`). */
    inactiveAgentDays: z.number().int().min(1).max(3650).optional(),
    /** Days without a request after which an inactive agent is reported again, as due for decommissioning. */
    decommissionInactiveAfterDays: z.number().int().min(1).max(3650).optional(),
    /** Days a key may live from its issue before the sweep expires it. */
    keyMaxAgeDays: z.number().int().min(1).max(3650).optional(),
    /** Days before a key's expiry that `Key.Expiring` announces it. */
    keyExpiryWarningDays: z.number().int().min(1).max(365).optional(),
  })
  .strict()
  .refine(
    (settings) =>
      settings.inactiveAgentDays === undefined ||
      settings.decommissionInactiveAfterDays === undefined ||
      settings.decommissionInactiveAfterDays > settings.inactiveAgentDays,
    { message: 'must be more than inactiveAgentDays', path: ['decommissionInactiveAfterDays'] },
  );
export type HygieneSettings = z.infer<typeof HygieneSettingsSchema>;

/** The limits a tenant gets for what it did not set. */
export const DEFAULT_HYGIENE = {
  inactiveAgentDays: 30,
  decommissionInactiveAfterDays: 90,
  keyExpiryWarningDays: 7,
} as const;

/** A tenant's limits with the defaults filled in. */
export interface EffectiveHygiene {
  readonly inactiveAgentDays: number;
  readonly decommissionInactiveAfterDays: number;
  readonly keyMaxAgeDays?: number;
  readonly keyExpiryWarningDays: number;
}

export function effectiveHygiene(settings: HygieneSettings | undefined): EffectiveHygiene {
  const inactiveAgentDays = settings?.inactiveAgentDays ?? DEFAULT_HYGIENE.inactiveAgentDays;
  return {
    inactiveAgentDays,
    decommissionInactiveAfterDays: Math.max(
      settings?.decommissionInactiveAfterDays ?? DEFAULT_HYGIENE.decommissionInactiveAfterDays,
      inactiveAgentDays + 1,
    ),
    ...(settings?.keyMaxAgeDays === undefined ? {} : { keyMaxAgeDays: settings.keyMaxAgeDays }),
    keyExpiryWarningDays: settings?.keyExpiryWarningDays ?? DEFAULT_HYGIENE.keyExpiryWarningDays,
  };
}
