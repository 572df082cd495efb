/**
 * Agents: the registered programs whose requests Warden decides. Schemas for registration,
 * changes, lifecycle and listing, and the agent and key records as stored.
 */
import * as z from 'zod';
import {
  DisplayTextSchema,
  EnvironmentSchema,
  LabelsSchema,
  PageQuerySchema,
  QuotasSchema,
  ScopeNameSchema,
  TimestampSchema,
} from '../kernel/schemas';
import { TemplateIdSchema } from '../templates/template-id';
import { TemplateParametersSchema } from '../templates/template-parameters-input';
import { OwnerTermSchema } from './owner-history';

/** The JWT `sub` of the operator responsible for an agent. */
const OwnerSchema = z.string().min(1).max(256);

/** `POST /v1/tenants/{t}/agents` body. */
export const RegisterAgentSchema = z
  .object({
    name: DisplayTextSchema(200),
    team: ScopeNameSchema,
    /** Required unless `template` is given, whose role is then the default. */
    role: ScopeNameSchema.optional(),
    environment: EnvironmentSchema,
    owner: OwnerSchema,
    description: DisplayTextSchema(1000).optional(),
    labels: LabelsSchema.optional(),
    quotas: QuotasSchema.optional(),
    /**
     * An agent type (GET /v1/templates?kind=agent) whose role, labels and quotas the agent gets
     * unless its own fields say otherwise (labels and quotas: the agent's own on top). Its role
     * must exist: apply the agent type first.
     */
    template: TemplateIdSchema.optional(),
    /** The agent type's parameters (its role name may be one). */
    templateParameters: TemplateParametersSchema.optional(),
  })
  .strict()
  .refine((input) => input.role !== undefined || input.template !== undefined, {
    path: ['role'],
    message: 'a role, or a template whose role the agent gets',
  })
  .refine((input) => input.templateParameters === undefined || input.template !== undefined, {
    path: ['templateParameters'],
    message: 'parameters of a template: give template too',
  });
export type RegisterAgentInput = z.infer<typeof RegisterAgentSchema>;

/** `PATCH /v1/tenants/{t}/agents/{agentId}` body. */
/**
 * An agent's pins: scope → version of that scope it keeps using while the version is deprecated
 * (POLICY.md "Lifecycle"); ignored after the version's sunset.
 */
export const PinsSchema = z
  .record(z.string().regex(/^(org|tenant|team:[^:]+|role:[^:]+|agent:agt_[0-9A-Z]{26})$/, 'a policy scope'), z.number().int().positive())
  .refine((pins) => Object.keys(pins).length <= 5, 'at most one pin per scope');
export type Pins = z.infer<typeof PinsSchema>;

export const UpdateAgentSchema = z
  .object({
    name: DisplayTextSchema(200).optional(),
    team: ScopeNameSchema.optional(),
    role: ScopeNameSchema.optional(),
    labels: LabelsSchema.optional(),
    owner: OwnerSchema.optional(),
    description: DisplayTextSchema(1000).optional(),
    quotas: QuotasSchema.optional(),
    /** Pins to deprecated policy versions, `{scope: version}`; replaces the agent's pins (`{}` clears them). */
    pins: PinsSchema.optional(),
    reason: DisplayTextSchema(500).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).some((key) => key !== 'reason'), 'nothing to change');
export type UpdateAgentInput = z.infer<typeof UpdateAgentSchema>;

/** `POST .../rotate-key` body. */
export const RotateKeySchema = z
  .object({ graceMinutes: z.number().int().min(0).max(10_080).default(60) })
  .strict()
  .default({ graceMinutes: 60 });
export type RotateKeyInput = z.infer<typeof RotateKeySchema>;

/** Body of suspend, reinstate and decommission. */
export const LifecycleChangeSchema = z
  .object({ reason: DisplayTextSchema(500).optional() })
  .strict()
  .default({});
export type LifecycleChangeInput = z.infer<typeof LifecycleChangeSchema>;

export const AgentStatusSchema = z.enum(['active', 'suspended', 'decommissioned']);
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

/** Query of `GET /v1/tenants/{t}/agents`. */
export const ListAgentsQuerySchema = PageQuerySchema.extend({
  team: ScopeNameSchema.optional(),
  role: ScopeNameSchema.optional(),
  environment: EnvironmentSchema.optional(),
  status: AgentStatusSchema.optional(),
  inactiveSinceDays: z.coerce.number().int().min(0).max(3650).optional(),
}).strict();
export type ListAgentsQuery = z.infer<typeof ListAgentsQuerySchema>;

/** What the agent record keeps of each of its live keys (never the key itself). */
export const AgentKeyRefSchema = z.object({
  keyId: z.string(),
  keyHash: z.string(),
  createdAt: TimestampSchema,
  expiresAt: TimestampSchema,
});
export type AgentKeyRef = z.infer<typeof AgentKeyRefSchema>;

/** An agent as stored. */
export const AgentSchema = z.object({
  tenantId: z.string(),
  id: z.string(),
  name: z.string(),
  team: ScopeNameSchema,
  role: ScopeNameSchema,
  environment: EnvironmentSchema,
  owner: OwnerSchema,
  /** Who owned it from when to when and who named each owner (owner-history.ts); absent on agents registered before it was kept. */
  ownerHistory: z.array(OwnerTermSchema).optional(),
  description: z.string().optional(),
  labels: z.record(z.string(), z.string()),
  quotas: QuotasSchema,
  pins: PinsSchema.optional(),
  status: AgentStatusSchema,
  createdAt: TimestampSchema,
  createdBy: z.string(),
  updatedAt: TimestampSchema,
  lastSeenAt: TimestampSchema.optional(),
  keys: z.array(AgentKeyRefSchema),
  /**
   * A remediation run's quarantine: until `until`, requests the policy allows need a person's
   * approval instead (shared/remediation/quarantine.ts). Lifted by a revert or an operator's reinstate.
   */
  quarantine: z.object({ until: TimestampSchema, reason: z.string(), by: z.string(), runId: z.string().optional() }).optional(),
  /** What the hygiene sweep already reported of this agent (shared/hygiene/hygiene-findings.ts), so it reports each thing once. */
  hygiene: z
    .object({
      /** Keys whose coming expiry was announced. */
      keysWarned: z.array(z.string()).optional(),
      /** The idle spell reported (its start) and the thresholds (days) reported for it. */
      inactive: z.object({ idleSince: TimestampSchema, thresholdsDays: z.array(z.number().int()) }).optional(),
    })
    .optional(),
  version: z.number().int().positive(),
});
export type Agent = z.infer<typeof AgentSchema>;
export type Quarantine = NonNullable<Agent['quarantine']>;

/**
 * What decisions know of an agent, and what its decision records keep: who it is and where it
 * works (a policy's `DecisionAgent`), nothing of its keys, status or pins.
 */
export const agentFacts = ({ id, name, team, role, environment, labels }: Agent) => ({ id, name, team, role, environment, labels });

/** An agent as returned by the API: key digests stay inside. */
export type AgentView = Omit<Agent, 'keys'> & { keys: { keyId: string; createdAt: string; expiresAt: string }[] };

/** The public view of an agent. */
export function agentView(agent: Agent): AgentView {
  return { ...agent, keys: agent.keys.map(({ keyId, createdAt, expiresAt }) => ({ keyId, createdAt, expiresAt })) };
}

/** A stored API key, found by its digest under its tenant. */
export const ApiKeyRecordSchema = z.object({
  tenantId: z.string(),
  keyHash: z.string(),
  keyId: z.string(),
  agentId: z.string(),
  createdAt: TimestampSchema,
  expiresAt: TimestampSchema,
  revokedAt: TimestampSchema.optional(),
});
export type ApiKeyRecord = z.infer<typeof ApiKeyRecordSchema>;
