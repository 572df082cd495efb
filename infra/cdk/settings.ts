/**
 * The CDK app's settings, read from context (`cdk.json`, or `-c key=value`) and validated, so a
 * typo fails synthesis with the key named instead of deploying something unintended.
 */
import { z } from 'zod';

const SettingsSchema = z.object({
  /** Issuer of operator JWTs (your identity provider). */
  jwtIssuer: z.url(),
  /** Audience operator JWTs must carry. */
  jwtAudience: z.string().min(1),
  /** What happens to tables, logs and the secret when the stack is deleted. */
  removalPolicy: z.enum(['retain', 'destroy']),
  /** How stale cached authorization state may be, in seconds (WARDEN_CACHE_STALENESS_SECONDS). */
  cacheStalenessSeconds: z.coerce.number().min(0).max(300),
  /** Longest lifetime an operator token may have, in seconds (WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS). */
  operatorTokenMaxLifetimeSeconds: z.coerce.number().int().min(60).max(604_800),
  /** Days to keep function and access logs. */
  logRetentionDays: z.coerce.number().int().positive(),
  /** Assume a tenant-tagged role so DynamoDB enforces tenant isolation (docs/decisions/tenant-isolation.md). */
  tenantIsolationRole: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]),
  /** OpenID Connect client id of the web console at the `jwtIssuer` (docs/decisions/console-hosting.md). */
  consoleOidcClientId: z.string().min(1),
  /**
   * Instances of each decision-path function (`authorize`, the agent authorizer) kept initialised
   * with provisioned concurrency, scaled up to ten times as many on use; 0 keeps none (every new
   * instance starts cold). Billed while deployed: docs/decisions/cold-starts.md.
   */
  warmDecisionInstances: z.coerce.number().int().min(0).max(1000),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  jwtIssuer: 'https://idp.example.com/',
  jwtAudience: 'warden',
  removalPolicy: 'retain',
  cacheStalenessSeconds: 1,
  operatorTokenMaxLifetimeSeconds: 43_200,
  logRetentionDays: 30,
  tenantIsolationRole: true,
  consoleOidcClientId: 'warden-console',
  warmDecisionInstances: 0,
};

/** Settings from a context lookup; missing keys take the defaults. */
export function readSettings(context: (key: string) => unknown): Settings {
  const raw = Object.fromEntries(
    Object.keys(DEFAULT_SETTINGS).map((key) => [key, context(key) ?? DEFAULT_SETTINGS[key as keyof Settings]]),
  );
  const parsed = SettingsSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(`Invalid CDK context: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}
