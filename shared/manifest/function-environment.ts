/**
 * The environment contract of Warden's functions: every variable a function reads, with its meaning,
 * bounds and default, in one schema. The functions parse their configuration with it
 * (functions/_lib/config.ts); the CDK app and the local runtime build the variables they set with
 * `functionEnvironment`, so a name is written once and a missing or malformed value fails at synth
 * or start-up rather than on a function's first request.
 */
import * as z from 'zod/mini';

// zod's tree-shakable form: every function parses its configuration with this schema at its first
// call, and the agent authorizer loads no other zod (docs/decisions/cold-starts.md).
const text = () => z.string().check(z.minLength(1));
const number = (min: number, max: number) => z.coerce.number().check(z.minimum(min), z.maximum(max));
const seconds = (fallback: number, max: number) => z._default(number(0, max), fallback);

const VariablesSchema = z.object({
  WARDEN_TABLE_CONTROL: text(),
  WARDEN_TABLE_AUDIT: text(),
  WARDEN_TABLE_POLICIES: text(),
  WARDEN_EVENT_BUS_NAME: z._default(text(), 'warden'),
  /** Secret that signs pagination cursors: given directly (local) or as a Secrets Manager ARN (AWS). */
  WARDEN_CURSOR_SECRET: z.optional(z.string().check(z.minLength(32))),
  WARDEN_CURSOR_SECRET_ARN: z.optional(text()),
  /** Secret the policy bundles' Ed25519 key is derived from: given directly (local) or as a Secrets Manager ARN (AWS; bundle signers). */
  WARDEN_BUNDLE_SECRET: z.optional(z.string().check(z.minLength(32))),
  WARDEN_BUNDLE_SECRET_ARN: z.optional(text()),
  /** How stale cached authorization state may be after a change (seconds; 0 = always checked). */
  WARDEN_CACHE_STALENESS_SECONDS: seconds(1, 300),
  /** `lastSeenAt` resolution: at most one write per agent per this many seconds per instance. */
  WARDEN_LAST_SEEN_RESOLUTION_SECONDS: seconds(60, 86_400),
  /** The longest an operator JWT may live (exp − iat), in seconds: 12 h unless set; 60 s to 7 days. */
  WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS: z._default(number(60, 604_800).check(z.int()), 43_200),
  /** 1 only in the local runtime's test mode: time comes from the adjustable process clock. */
  WARDEN_TEST_HOOKS: z._default(z.enum(['0', '1']), '0'),
  /** `allow`: webhooks may go to loopback http URLs (the local runtime only; never set on AWS). */
  WARDEN_WEBHOOK_LOOPBACK: z._default(z.enum(['allow', 'deny']), 'deny'),
  /** ARN of the approval state machine (functions that start, answer or stop approvals). */
  WARDEN_STATE_MACHINE_APPROVAL: z.optional(text()),
  /** ARN of the remediation run state machine (functions that start, answer or stop runs). */
  WARDEN_STATE_MACHINE_REMEDIATION: z.optional(text()),
  /** Seconds in one minute of approval timeouts: 60; less only to shorten tests. */
  WARDEN_APPROVAL_SECONDS_PER_MINUTE: z._default(number(0.01, 60), 60),
  /** Bucket of frozen billing months and large exports. */
  WARDEN_BUCKET_EXPORTS: z.optional(text()),
  /** Bucket of the audit digests' copies (Object Lock, compliance mode, on AWS). */
  WARDEN_BUCKET_DIGESTS: z.optional(text()),
  /** Billing exports larger than this (bytes) are answered with a download link instead of inline. */
  WARDEN_EXPORT_INLINE_BYTES: z._default(number(1, 5_000_000).check(z.int()), 1_048_576),
  /** The dead-letter queues' URLs, comma-separated (the platform metrics route counts what waits in them). */
  WARDEN_DEAD_LETTER_QUEUES: z.optional(text()),
  /** Role assumed with a tenant session tag so DynamoDB enforces tenant isolation (AWS only). */
  WARDEN_TENANT_ROLE_ARN: z.optional(text()),
  /** Powertools Logger: the service name on every line, and the level (DEBUG, INFO, WARN, ERROR). */
  POWERTOOLS_SERVICE_NAME: z._default(text(), 'warden'),
  /** `true` turns CloudWatch metrics (EMF) off: the local runtime has no CloudWatch to read them. */
  POWERTOOLS_METRICS_DISABLED: z.optional(z.enum(['true', 'false'])),
  POWERTOOLS_LOG_LEVEL: z.optional(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'])),
});

/** Each variable's schema, for a platform that takes a setting from its own environment and passes it on. */
export const FUNCTION_VARIABLE_SCHEMAS = VariablesSchema.shape;

/** The contract: the variables, and that one of the two cursor-secret variables is set. */
export const FunctionEnvironmentSchema = VariablesSchema.check(
  z.refine((env) => env.WARDEN_CURSOR_SECRET !== undefined || env.WARDEN_CURSOR_SECRET_ARN !== undefined, {
    message: 'set WARDEN_CURSOR_SECRET or WARDEN_CURSOR_SECRET_ARN',
    path: ['WARDEN_CURSOR_SECRET'],
  }),
);

/** A variable's name. */
export type FunctionVariable = keyof z.input<typeof VariablesSchema>;

/** The variables as a platform sets them: strings, every name one of the contract's. */
export type FunctionVariables = { readonly [name in FunctionVariable]?: string };

/** The parsed environment: numbers as numbers, defaults filled in. */
export type FunctionEnvironment = z.output<typeof FunctionEnvironmentSchema>;

/** Every name the contract knows (the local runtime and the CDK app set no other `WARDEN_` variable). */
export const FUNCTION_VARIABLES = Object.keys(VariablesSchema.shape) as FunctionVariable[];

/**
 * The variables a platform sets on a function, checked against the contract: a value out of bounds
 * throws with the variable named. `partial` skips the required-variable checks for a set a platform
 * completes later (the CDK app's stack-wide settings).
 */
export function functionEnvironment(variables: FunctionVariables, options: { partial?: boolean } = {}): Record<string, string> {
  const set = Object.fromEntries(Object.entries(variables).filter((entry): entry is [string, string] => entry[1] !== undefined));
  if (options.partial) z.partial(VariablesSchema).parse(set);
  else FunctionEnvironmentSchema.parse(set);
  return set;
}
