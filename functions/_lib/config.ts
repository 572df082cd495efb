/**
 * Configuration of Warden's functions, read from the environment once and validated against the
 * environment contract (shared/manifest/function-environment.ts), which the CDK app and the local
 * runtime build their variables with; nothing else in functions/ reads process.env.
 */
import { FunctionEnvironmentSchema } from '../../shared/manifest/function-environment';

export interface FunctionConfig {
  readonly tables: { readonly control: string; readonly audit: string; readonly policies: string };
  readonly eventBusName: string;
  readonly cursorSecret: { readonly value: string } | { readonly arn: string };
  /** The bundle signing secret (bundle signers only). */
  readonly bundleSecret?: { readonly value: string } | { readonly arn: string };
  readonly cacheStalenessMs: number;
  readonly lastSeenResolutionMs: number;
  readonly operatorTokenMaxLifetimeSeconds: number;
  readonly testHooks: boolean;
  /** Webhooks may go to loopback http URLs (the local runtime only). */
  readonly webhookLoopback: boolean;
  readonly tenantRoleArn?: string;
  readonly approvalStateMachineArn?: string;
  readonly remediationStateMachineArn?: string;
  readonly approvalSecondsPerMinute: number;
  readonly exportsBucket?: string;
  /** The audit digests' bucket (the sealing job only). */
  readonly digestsBucket?: string;
  readonly exportInlineBytes: number;
  /** URLs of the dead-letter queues (the platform metrics route only). */
  readonly deadLetterQueues: readonly string[];
}

let loaded: FunctionConfig | undefined;

/** The configuration, parsed on first use; a misconfigured function fails at once with the variable named. */
export function config(): FunctionConfig {
  if (loaded) return loaded;
  const env = FunctionEnvironmentSchema.parse(process.env);
  loaded = {
    tables: { control: env.WARDEN_TABLE_CONTROL, audit: env.WARDEN_TABLE_AUDIT, policies: env.WARDEN_TABLE_POLICIES },
    eventBusName: env.WARDEN_EVENT_BUS_NAME,
    cursorSecret:
      env.WARDEN_CURSOR_SECRET !== undefined ? { value: env.WARDEN_CURSOR_SECRET } : { arn: env.WARDEN_CURSOR_SECRET_ARN ?? '' },
    ...(env.WARDEN_BUNDLE_SECRET !== undefined
      ? { bundleSecret: { value: env.WARDEN_BUNDLE_SECRET } }
      : env.WARDEN_BUNDLE_SECRET_ARN !== undefined
        ? { bundleSecret: { arn: env.WARDEN_BUNDLE_SECRET_ARN } }
        : {}),
    cacheStalenessMs: env.WARDEN_CACHE_STALENESS_SECONDS * 1000,
    lastSeenResolutionMs: env.WARDEN_LAST_SEEN_RESOLUTION_SECONDS * 1000,
    operatorTokenMaxLifetimeSeconds: env.WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS,
    testHooks: env.WARDEN_TEST_HOOKS === '1',
    webhookLoopback: env.WARDEN_WEBHOOK_LOOPBACK === 'allow',
    ...(env.WARDEN_TENANT_ROLE_ARN ? { tenantRoleArn: env.WARDEN_TENANT_ROLE_ARN } : {}),
    ...(env.WARDEN_STATE_MACHINE_APPROVAL ? { approvalStateMachineArn: env.WARDEN_STATE_MACHINE_APPROVAL } : {}),
    ...(env.WARDEN_STATE_MACHINE_REMEDIATION ? { remediationStateMachineArn: env.WARDEN_STATE_MACHINE_REMEDIATION } : {}),
    approvalSecondsPerMinute: env.WARDEN_APPROVAL_SECONDS_PER_MINUTE,
    ...(env.WARDEN_BUCKET_EXPORTS ? { exportsBucket: env.WARDEN_BUCKET_EXPORTS } : {}),
    ...(env.WARDEN_BUCKET_DIGESTS ? { digestsBucket: env.WARDEN_BUCKET_DIGESTS } : {}),
    exportInlineBytes: env.WARDEN_EXPORT_INLINE_BYTES,
    deadLetterQueues: (env.WARDEN_DEAD_LETTER_QUEUES ?? '').split(',').filter((url) => url.length > 0),
  };
  return loaded;
}
