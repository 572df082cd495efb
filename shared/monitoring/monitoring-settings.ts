/**
 * A tenant's detector settings (`GET/PUT /v1/tenants/{t}/monitoring`). Every detector is on by
 * default with thresholds that stay silent on steady traffic with normal noise (see
 * docs/decisions/anomaly-detection.md); a tenant may turn one off or make it more or less sensitive.
 */
import * as z from 'zod';

const zScore = z.number().min(2).max(20);

/** Whether `name` is a time zone this runtime knows by an IANA name (`Europe/Berlin`, `UTC`; not an offset such as `+01:00`). */
export const isKnownTimeZone = (name: string): boolean => {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
};

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM (00:00–23:59)');

/**
 * Hours in which notifications that can wait are held until the end (shared/notifications/notification-hold.ts):
 * from `from` (included) to `to` (excluded), local time of `timeZone`; `from` after `to` spans midnight.
 */
export const QuietHoursSchema = z
  .object({
    from: clockTime,
    to: clockTime,
    timeZone: z.string().max(64).refine(isKnownTimeZone, 'an IANA time zone name, such as Europe/Berlin').default('UTC'),
  })
  .strict()
  .refine((hours) => hours.from !== hours.to, { path: ['to'], message: 'must differ from `from`' });
export type QuietHours = z.infer<typeof QuietHoursSchema>;

export const MonitoringSettingsSchema = z
  .object({
    detectors: z
      .object({
        volume_spike: z
          .object({
            enabled: z.boolean().default(true),
            /** How many standard deviations above its baseline an agent's minute must be. */
            zScore: zScore.default(5),
            /** Decisions in the minute below which nothing is a spike. */
            minDecisions: z.number().int().min(1).max(1_000_000).default(30),
          })
          .strict()
          .prefault({}),
        deny_spike: z
          .object({
            enabled: z.boolean().default(true),
            zScore: zScore.default(5),
            /** Decisions in the minute below which a deny rate says nothing. */
            minDecisions: z.number().int().min(1).max(1_000_000).default(10),
            /** How far above its usual deny rate (0–1) an agent's minute must be. */
            minIncrease: z.number().min(0.05).max(1).default(0.3),
          })
          .strict()
          .prefault({}),
        /** An action or tool the agent did not use before (after its learning period), reported once. */
        new_action: z
          .object({ enabled: z.boolean().default(true) })
          .strict()
          .prefault({}),
        quota_threshold: z
          .object({
            enabled: z.boolean().default(true),
            /** Shares of a quota that announce `Quota.Threshold` once per period. */
            thresholds: z.array(z.number().gt(0).lt(1)).min(1).max(4).default([0.8, 0.95]),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** Minutes an agent's baseline learns before its spikes count (an agent's first hour is its normal). */
    learningMinutes: z.number().int().min(1).max(10_080).default(60),
    /** Absent: no quiet hours. */
    quietHours: QuietHoursSchema.optional(),
  })
  .strict();

export type MonitoringSettings = z.infer<typeof MonitoringSettingsSchema>;

/** The settings of a tenant that never changed them. */
export const DEFAULT_MONITORING_SETTINGS: MonitoringSettings = MonitoringSettingsSchema.parse({});

/**
 * Settings as stored, read back: the fields added since they were saved take their defaults (a
 * tenant that saved settings before `new_action` existed has it on).
 */
export const storedSettingsOf = (stored: unknown): MonitoringSettings => MonitoringSettingsSchema.parse(stored);
