/**
 * Configuration of Warden's functions, read from the environment once and validated. The CDK app
 * and the local runtime set these variables; nothing else in functions/ reads process.env.
 */
import { z } from 'zod';

const seconds = (fallback: number, max: number) => z.coerce.number().min(0).max(max).default(fallback);

const EnvironmentSchema = z
  .object({
    WARDEN_TABLE_CONTROL: z.string().min(1),
    WARDEN_TABLE_AUDIT: z.string().min(1),
    WARDEN_TABLE_POLICIES: z.string().min(1),
    WARDEN_EVENT_BUS_NAME: z.string().min(1).default('warden'),
    /** Secret that signs pagination cursors: given directly (local) or as a Secrets Manager ARN (AWS). */
    WARDEN_CURSOR_SECRET: z.string().min(32).optional(),
    WARDEN_CURSOR_SECRET_ARN: z.string().min(1).optional(),
    /** How stale cached authorization state may be after a change (seconds; 0 = always checked). */
    WARDEN_CACHE_STALENESS_SECONDS: seconds(1, 300),
    /** `lastSeenAt` resolution: at most one write per agent per this many seconds per instance. */
    WARDEN_LAST_SEEN_RESOLUTION_SECONDS: seconds(60, 86_400),
    /** The longest an operator JWT may live (exp − iat), in seconds: 12 h unless set; 60 s to 7 days. */
    WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(60).max(604_800).default(43_200),
    /** 1 only in the local runtime's test mode: time comes from the adjustable process clock. */
    WARDEN_TEST_HOOKS: z.enum(['0', '1']).default('0'),
    /** ARN of the approval state machine (functions that start, answer or stop approvals). */
    WARDEN_STATE_MACHINE_APPROVAL: z.string().min(1).optional(),
    /** Seconds in one minute of approval timeouts: 60; less only to shorten tests. */
    WARDEN_APPROVAL_SECONDS_PER_MINUTE: z.coerce.number().min(0.01).max(60).default(60),
    /** Bucket of frozen billing months and large exports. */
    WARDEN_BUCKET_EXPORTS: z.string().min(1).optional(),
    /** Billing exports larger than this (bytes) are answered with a download link instead of inline. */
    WARDEN_EXPORT_INLINE_BYTES: z.coerce.number().int().min(1).max(5_000_000).default(1_048_576),
    /** Role assumed with a tenant session tag so DynamoDB enforces tenant isolation (AWS only). */
    WARDEN_TENANT_ROLE_ARN: z.string().optional(),
  })
  .refine((env) => env.WARDEN_CURSOR_SECRET !== undefined || env.WARDEN_CURSOR_SECRET_ARN !== undefined, {
    message: 'set WARDEN_CURSOR_SECRET or WARDEN_CURSOR_SECRET_ARN',
    path: ['WARDEN_CURSOR_SECRET'],
  });

export interface FunctionConfig {
  readonly tables: { readonly control: string; readonly audit: string; readonly policies: string };
  readonly eventBusName: string;
  readonly cursorSecret: { readonly value: string } | { readonly arn: string };
  readonly cacheStalenessMs: number;
  readonly lastSeenResolutionMs: number;
  readonly operatorTokenMaxLifetimeSeconds: number;
  readonly testHooks: boolean;
  readonly tenantRoleArn?: string;
  readonly approvalStateMachineArn?: string;
  readonly approvalSecondsPerMinute: number;
  readonly exportsBucket?: string;
  readonly exportInlineBytes: number;
}

let loaded: FunctionConfig | undefined;

/** The configuration, parsed on first use; a misconfigured function fails at once with the variable named. */
export function config(): FunctionConfig {
  if (loaded) return loaded;
  const env = EnvironmentSchema.parse(process.env);
  loaded = {
    tables: { control: env.WARDEN_TABLE_CONTROL, audit: env.WARDEN_TABLE_AUDIT, policies: env.WARDEN_TABLE_POLICIES },
    eventBusName: env.WARDEN_EVENT_BUS_NAME,
    cursorSecret: env.WARDEN_CURSOR_SECRET !== undefined ? { value: env.WARDEN_CURSOR_SECRET } : { arn: env.WARDEN_CURSOR_SECRET_ARN ?? '' },
    cacheStalenessMs: env.WARDEN_CACHE_STALENESS_SECONDS * 1000,
    lastSeenResolutionMs: env.WARDEN_LAST_SEEN_RESOLUTION_SECONDS * 1000,
    operatorTokenMaxLifetimeSeconds: env.WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS,
    testHooks: env.WARDEN_TEST_HOOKS === '1',
    ...(env.WARDEN_TENANT_ROLE_ARN ? { tenantRoleArn: env.WARDEN_TENANT_ROLE_ARN } : {}),
    ...(env.WARDEN_STATE_MACHINE_APPROVAL ? { approvalStateMachineArn: env.WARDEN_STATE_MACHINE_APPROVAL } : {}),
    approvalSecondsPerMinute: env.WARDEN_APPROVAL_SECONDS_PER_MINUTE,
    ...(env.WARDEN_BUCKET_EXPORTS ? { exportsBucket: env.WARDEN_BUCKET_EXPORTS } : {}),
    exportInlineBytes: env.WARDEN_EXPORT_INLINE_BYTES,
  };
  return loaded;
}
