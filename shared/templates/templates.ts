/**
 * The template use cases (`GET /v1/templates`, `POST /v1/tenants/{t}/templates/{id}/apply`, and
 * the defaults of an agent registered from an agent type). Applying a template never publishes:
 * it saves a new draft of the target scope through the policy lifecycle (built on the scope's
 * latest version, so a pending draft is kept) and merges the template's scenarios into the
 * tenant's test library, so publishing the draft runs them in the gate. An agent type also creates
 * or replaces its role. Applying the same template again gives the same content.
 */
import * as z from 'zod';
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { DisplayTextSchema, type Quotas } from '../kernel/schemas';
import { ConflictError, NotFoundError, ValidationError } from '../kernel/errors';
import type { Scenario } from '../policy/test-runner';
import type { PolicyLifecycle } from '../policy-lifecycle/policy-lifecycle';
import { TenantScopeSchema } from '../policy-lifecycle/policy-scope';
import type { PolicyStore } from '../policy-lifecycle/policy-store';
import { tenantOwner } from '../policy-lifecycle/policy-version';
import type { TeamsAndRoles } from '../tenancy/teams-and-roles';
import { latestDocument } from './latest-document';
import { BUILTIN_TEMPLATES, type BuiltinTemplates, builtinTemplate } from './builtin-templates';
import { ORG_TEMPLATE_LIMITS, type OrgTemplateStore } from './org-template-store';
import { TemplateParametersSchema } from './template-parameters-input';
import {
  instantiateAgentTemplate,
  instantiatePolicyPattern,
  mergeRules,
  mergeScenarios,
  parseScope,
  type PolicyInstantiation,
} from './instantiate';
import {
  type PolicyPattern,
  summarizeTemplate,
  type Template,
  type TemplateKind,
  type TemplateScopeKind,
  type TemplateSummary,
} from './template';

/** `GET /v1/templates` query. */
export const ListTemplatesQuerySchema = z.object({ kind: z.enum(['agent', 'policy']).optional() }).strict();
export type ListTemplatesQuery = z.infer<typeof ListTemplatesQuerySchema>;

/** `POST /v1/tenants/{t}/templates/{id}/apply` body. */
export const ApplyTemplateSchema = z
  .object({
    /** The template's parameters by name; each is checked against the template when it is applied. */
    parameters: TemplateParametersSchema.optional(),
    /** Policy patterns: where to apply it (default `tenant`). Agent types apply at `role:<role name>`. */
    scope: TenantScopeSchema.optional(),
    /** The reason of the draft saved (default `applied template <id>`). */
    reason: DisplayTextSchema(500).optional(),
  })
  .strict();
export type ApplyTemplateInput = z.infer<typeof ApplyTemplateSchema>;

/** A template as `GET /v1/templates` lists it. */
export type TemplateListing = TemplateSummary & {
  /** Built into Warden, or the organisation's own (added by a platform admin). */
  readonly source: 'builtin' | 'org';
  /** Org templates: the latest version, the one listed and applied. */
  readonly version?: number;
  /** Required of every tenant as locked org rules (`POST /v1/templates/{id}/require`; in force once that org draft is published). */
  readonly required: boolean;
} & (
    | {
        readonly kind: 'policy';
        /** The scope kinds it may be applied to through the apply route (never `org`). */
        readonly scopes: readonly Exclude<TemplateScopeKind, 'org'>[];
        /** Only locked deny and require_approval rules: fit to be required of every tenant. */
        readonly guardrail: boolean;
      }
    | {
        readonly kind: 'agent';
        /** The policy pattern it applies at `role:<role name>`. */
        readonly pattern: string;
      }
  );

/** What applying a template created. */
export interface ApplyTemplateResult {
  readonly template: string;
  readonly kind: TemplateKind;
  /** The draft versions saved (never published). */
  readonly drafts: readonly { readonly scope: string; readonly version: number }[];
  /** Roles created, or replaced when one of that name existed (agent types). */
  readonly roles: readonly { readonly name: string; readonly status: 'created' | 'replaced' }[];
  /** The template's scenarios written to the tenant's test library (new ones and ones replacing their earlier copies). */
  readonly scenariosAdded: number;
  /** Agent types: what an agent registered from it gets unless it says otherwise. */
  readonly agentDefaults?: RegistrationDefaults;
}

/** What an agent registered from an agent type gets unless its own fields say otherwise. */
export interface RegistrationDefaults {
  readonly role: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly quotas: Quotas;
}

export interface TemplatesDeps {
  /** Drafts and test libraries, with their own permission checks (scope write, policy-tests:write). */
  readonly lifecycle: Pick<PolicyLifecycle, 'saveDraft' | 'getTests' | 'putTests'>;
  /** The scopes' latest versions, which a template's rules are merged into. */
  readonly policies: Pick<PolicyStore, 'getHead' | 'getVersion'>;
  /** Agent types create or replace their role. */
  readonly roles: Pick<TeamsAndRoles, 'putRole'>;
  /** The environment of an agent of the tenant (patterns applied at `agent:<id>`), undefined when there is no such agent. */
  readonly agentEnvironment: (tenantId: string, agentId: string) => Promise<string | undefined>;
  /** The built-in templates offered (default: the bundled ones). */
  readonly builtins?: BuiltinTemplates;
  /**
   * The organisation's templates (their latest versions) and the required markers, read through
   * the store's shared-client reads; absent: built-ins only.
   */
  readonly orgTemplates?: Pick<OrgTemplateStore, 'getTemplate' | 'listTemplates' | 'listRequired'>;
}

/** Rules, defaults and scenarios of an instantiated pattern. */
type Applied = Pick<PolicyInstantiation, 'rules' | 'defaults' | 'scenarios'>;

const scopeProblem = (message: string) => new ValidationError('The scope is invalid', [{ path: 'scope', message }]);

/**
 * The role, labels and quotas of an agent registered from the agent type `templateId` (the
 * caller's own fields win over them). NotFoundError for an unknown id; ValidationError naming
 * `template` for a policy pattern and `parameters.<name>` for bad parameters.
 */
export function agentRegistrationDefaults(
  templateId: string,
  parameters?: unknown,
  templateOf: (id: string) => Template | undefined = builtinTemplate,
): RegistrationDefaults {
  const template = templateOf(templateId);
  if (!template) throw new NotFoundError('Template', templateId);
  if (template.kind !== 'agent')
    throw new ValidationError('The template is not an agent type', [
      { path: 'template', message: `${templateId} is a policy pattern; agents are registered from agent types` },
    ]);
  const patternOf = (id: string) => {
    const pattern = templateOf(id);
    return pattern?.kind === 'policy' ? pattern : undefined;
  };
  return instantiateAgentTemplate(template, parameters, patternOf).agentDefaults;
}

/**
 * agentRegistrationDefaults, for built-in and org agent types: an id that is not a built-in is
 * read from the org's templates (with its pattern, built-in or org). An org agent type whose
 * pattern is gone or no longer a policy pattern gets ValidationError naming `template`.
 */
export async function agentRegistrationDefaultsWithOrg(
  orgTemplates: Pick<OrgTemplateStore, 'getTemplate'>,
  templateId: string,
  parameters?: unknown,
): Promise<RegistrationDefaults> {
  if (builtinTemplate(templateId)) return agentRegistrationDefaults(templateId, parameters);
  const agentType = (await orgTemplates.getTemplate(templateId))?.template;
  if (agentType?.kind !== 'agent')
    return agentRegistrationDefaults(templateId, parameters, (id) => (id === templateId ? agentType : undefined));
  const patternId = agentType.pattern.id;
  const pattern = builtinTemplate(patternId) ?? (await orgTemplates.getTemplate(patternId))?.template;
  if (pattern?.kind !== 'policy')
    throw new ValidationError('The template cannot be used', [
      { path: 'template', message: `${templateId} names ${patternId}, which is no longer a policy pattern` },
    ]);
  return agentRegistrationDefaults(templateId, parameters, (id) => [agentType, pattern].find((template) => template.id === id));
}

/** Creates the template use cases. */
export function createTemplates(deps: TemplatesDeps) {
  const { lifecycle, policies, roles } = deps;
  const builtins = deps.builtins ?? BUILTIN_TEMPLATES;
  const { orgTemplates } = deps;
  const builtinOf = (id: string) => builtins.get(id);
  /** A built-in template, else the org template of that id (its latest version). */
  const templateOf = async (id: string) => builtinOf(id) ?? (await orgTemplates?.getTemplate(id))?.template;
  const requireTemplate = async (id: string) => {
    const template = await templateOf(id);
    if (!template) throw new NotFoundError('Template', id);
    return template;
  };

  const listing = (template: Template, origin: Pick<TemplateListing, 'source' | 'version' | 'required'>): TemplateListing =>
    template.kind === 'policy'
      ? {
          ...summarizeTemplate(template),
          ...origin,
          kind: 'policy',
          scopes: template.scopes.filter((kind): kind is Exclude<TemplateScopeKind, 'org'> => kind !== 'org'),
          guardrail: template.guardrail,
        }
      : { ...summarizeTemplate(template), ...origin, kind: 'agent', pattern: template.pattern.id };

  /** The pattern's rules and scenarios at `scope`, checked; nothing written yet. */
  async function instantiatePattern(tenantId: string, pattern: PolicyPattern, parameters: unknown, scope: string) {
    if (scope === 'org') throw scopeProblem('templates are applied at tenant, team:<name>, role:<name> or agent:<agent id>');
    const target = parseScope(scope);
    let agentEnvironment: string | undefined;
    if (target.kind === 'agent' && pattern.scopes.includes('agent')) {
      agentEnvironment = await deps.agentEnvironment(tenantId, target.name!);
      if (agentEnvironment === undefined) throw new NotFoundError('Agent', target.name!);
    }
    return instantiatePolicyPattern(pattern, parameters, scope, agentEnvironment === undefined ? {} : { agentEnvironment });
  }

  /** The scope's next document and the tenant's next test library with `applied` merged in (read together); nothing written yet. */
  async function prepare(principal: OperatorPrincipal, tenantId: string, scope: string, applied: Applied) {
    const [latest, tests] = await Promise.all([
      latestDocument(policies, tenantOwner(tenantId), scope),
      applied.scenarios.length === 0 ? undefined : lifecycle.getTests(principal, tenantOwner(tenantId)),
    ]);
    const document = mergeRules(latest, applied.rules, applied.defaults);
    const library = tests && mergeScenarios(tests.scenarios as readonly Scenario[], applied.scenarios);
    return { scope, document, library, added: new Set(applied.scenarios.map((scenario) => scenario.name)) };
  }

  /**
   * Saves the draft (never publishes), then the library, the template's scenarios waiting for that
   * draft (`waitsFor`): they run once it, or a later version of its scope, is published, so a draft
   * waiting to be published does not fail the publishes of other scopes.
   */
  async function save(principal: OperatorPrincipal, tenantId: string, reason: string, prepared: Awaited<ReturnType<typeof prepare>>) {
    const { scope, document, library, added } = prepared;
    const draft = await lifecycle.saveDraft(principal, tenantId, scope, { reason, ...document });
    const waitsFor = { scope, version: draft.version };
    if (library)
      await lifecycle.putTests(
        principal,
        tenantOwner(tenantId),
        library.map((scenario) => (added.has(scenario.name) ? { ...scenario, waitsFor } : scenario)),
      );
    return { scope, version: draft.version };
  }

  return {
    /**
     * `GET /v1/templates`: every template, optionally of one kind, with its parameters described:
     * the built-in ones, then the org's (at most ORG_TEMPLATE_LIMITS.maxTemplates, in id order).
     */
    async list(principal: OperatorPrincipal, query: ListTemplatesQuery = {}): Promise<{ items: TemplateListing[] }> {
      checkPermission(principal, 'template:read');
      const [org, required] = orgTemplates
        ? await Promise.all([
            orgTemplates.listTemplates(ORG_TEMPLATE_LIMITS.maxTemplates),
            orgTemplates.listRequired(ORG_TEMPLATE_LIMITS.maxRequired),
          ])
        : [[], []];
      const requiredIds = new Set(required.map((marker) => marker.id));
      const ofKind = (template: Template) => query.kind === undefined || template.kind === query.kind;
      return {
        items: [
          ...builtins
            .all()
            .filter(ofKind)
            .map((template) => listing(template, { source: 'builtin', required: requiredIds.has(template.id) })),
          ...org
            .filter((saved) => ofKind(saved.template) && !builtinOf(saved.id))
            .map((saved) => listing(saved.template, { source: 'org', version: saved.version, required: requiredIds.has(saved.id) })),
        ],
      };
    },

    /**
     * Applies a template to the tenant: a policy pattern at `input.scope` (default `tenant`); an
     * agent type creates or replaces its role and applies its pattern at `role:<role name>`. Saves
     * a new draft (never publishes) and merges the scenarios into the tenant's test library.
     */
    async apply(
      principal: OperatorPrincipal,
      tenantId: string,
      templateId: string,
      input: ApplyTemplateInput = {},
    ): Promise<ApplyTemplateResult> {
      checkPermission(principal, 'template:apply', { tenantId });
      const template = await requireTemplate(templateId);
      const reason = input.reason ?? `applied template ${template.id}`;

      if (template.kind === 'policy') {
        const scope = input.scope ?? 'tenant';
        const applied = await instantiatePattern(tenantId, template, input.parameters, scope);
        const draft = await save(principal, tenantId, reason, await prepare(principal, tenantId, scope, applied));
        return { template: template.id, kind: 'policy', drafts: [draft], roles: [], scenariosAdded: applied.scenarios.length };
      }

      // The agent type's pattern (built-in or org), read before instantiating.
      const pattern = await templateOf(template.pattern.id);
      if (pattern?.kind !== 'policy')
        throw new ConflictError(
          `${template.id} names ${template.pattern.id}, which is no longer a policy pattern`,
          'template_pattern_missing',
        );
      const applied = instantiateAgentTemplate(template, input.parameters, (id) => (id === pattern.id ? pattern : undefined));
      if (input.scope !== undefined && input.scope !== applied.scope)
        throw scopeProblem(`${template.id} applies at ${applied.scope} (its role name is a parameter)`);
      const prepared = await prepare(principal, tenantId, applied.scope, applied);
      const { role } = applied;
      const { created } = await roles.putRole(principal, tenantId, role.name, { description: role.description, quotas: role.quotas });
      const draft = await save(principal, tenantId, reason, prepared);
      return {
        template: template.id,
        kind: 'agent',
        drafts: [draft],
        roles: [{ name: applied.role.name, status: created ? 'created' : 'replaced' }],
        scenariosAdded: applied.scenarios.length,
        agentDefaults: applied.agentDefaults,
      };
    },

    /**
     * The role, labels and quotas of an agent registered from the agent type `templateId` (the
     * caller's own fields win over them). NotFoundError for an unknown id; ValidationError naming
     * `template` for a policy pattern and `parameters.<name>` for bad parameters.
     */
    registrationDefaults(templateId: string, parameters?: unknown): RegistrationDefaults {
      return agentRegistrationDefaults(templateId, parameters, builtinOf);
    },
  };
}
export type Templates = ReturnType<typeof createTemplates>;
