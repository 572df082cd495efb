/**
 * Organisation templates (platform admins): templates of the org's own, added to the built-in
 * ones and versioned like policies (every save a new version, with who, when and why, the history
 * kept), and guardrail patterns required of every tenant. Requiring one instantiates it at the
 * `org` scope and saves the rules, locked as the pattern says, as a new draft of the org document
 * (merged into its latest version); it is never published here: the platform admin publishes it
 * through `POST /v1/org/policy/versions/{v}/publish`, which runs every tenant's tests.
 *
 * Requiring does not add the pattern's scenarios to the org test library: the org library runs in
 * every tenant's gate, so scenarios of an unpublished org draft would fail every tenant's publish
 * until the draft was published.
 */
import * as z from 'zod';
import type { ChangeRecord } from '../audit/change-record';
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { domainEvent } from '../events/catalog';
import { type Clock, isoAt } from '../kernel/clock';
import { ConflictError, NotFoundError, ValidationError } from '../kernel/errors';
import type { IdGenerator } from '../kernel/ids';
import type { ApiPage, PageRequest } from '../kernel/page';
import type { PageCursorCodec } from '../kernel/page-cursor';
import { paginate } from '../kernel/paginate';
import { DisplayTextSchema } from '../kernel/schemas';
import type { PolicyLifecycle } from '../policy-lifecycle/policy-lifecycle';
import type { PolicyStore } from '../policy-lifecycle/policy-store';
import { ORG_OWNER } from '../policy-lifecycle/policy-version';
import { BUILTIN_TEMPLATES, type BuiltinTemplates } from './builtin-templates';
import { instantiatePolicyPattern, mergeRules } from './instantiate';
import { latestDocument } from './latest-document';
import { ORG_TEMPLATE_LIMITS, type OrgTemplateStore, type OrgTemplateVersion, type RequiredTemplate } from './org-template-store';
import { type PolicyPattern, type Template, TemplateSchema } from './template';
import { TemplateParametersSchema } from './template-parameters-input';

/** `PUT /v1/templates/{templateId}` body: the template (its `id` is the path's) and why. */
export const PutOrgTemplateSchema = z
  .object({
    template: TemplateSchema,
    reason: DisplayTextSchema(500),
  })
  .strict();
export type PutOrgTemplateInput = z.infer<typeof PutOrgTemplateSchema>;

/** `POST /v1/templates/{templateId}/require` body. */
export const RequireTemplateSchema = z
  .object({
    /** The reason of the org draft saved. */
    reason: DisplayTextSchema(500),
    /** The pattern's parameters by name (defaults where left out). */
    parameters: TemplateParametersSchema.optional(),
  })
  .strict();
export type RequireTemplateInput = z.infer<typeof RequireTemplateSchema>;

/** What requiring a template saved. */
export interface RequireTemplateResult {
  readonly template: string;
  /** The org draft holding its rules (never published here). */
  readonly draft: { readonly scope: 'org'; readonly version: number };
  /** The ids of the locked rules it holds (`tpl.<pattern id>.<rule id>`). */
  readonly rules: readonly string[];
}

export interface OrgTemplatesDeps {
  readonly store: OrgTemplateStore;
  /** Saves the org draft, with its own permission check (org-policy:write). */
  readonly lifecycle: Pick<PolicyLifecycle, 'saveOrgDraft'>;
  /** The org document's latest version, which required rules are merged into. */
  readonly policies: Pick<PolicyStore, 'getHead' | 'getVersion'>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly cursors: PageCursorCodec;
  /** The built-in templates (default: the bundled ones), which org templates may not shadow. */
  readonly builtins?: BuiltinTemplates;
}

/** The change records of org templates are the org's (`~org`), as the org document's are. */
const ORG_TENANT = '~org';

export function createOrgTemplates(deps: OrgTemplatesDeps) {
  const { store, lifecycle, policies, clock, ids } = deps;
  const builtins = deps.builtins ?? BUILTIN_TEMPLATES;
  const builtinOf = (id: string) => builtins.get(id);

  const change = (
    principal: OperatorPrincipal,
    fields: Pick<ChangeRecord, 'action' | 'target' | 'reason' | 'before' | 'after' | 'event'>,
  ): ChangeRecord => ({
    kind: 'change',
    id: ids.next('aud'),
    at: isoAt(clock.nowMs()),
    tenantId: ORG_TENANT,
    actor: { type: 'operator', sub: principal.sub },
    ...fields,
  });

  /** A built-in or org policy pattern by id, if there is one. */
  async function policyPatternOf(id: string): Promise<PolicyPattern | undefined> {
    const template = builtinOf(id) ?? (await store.getTemplate(id))?.template;
    return template?.kind === 'policy' ? template : undefined;
  }

  /** An agent type's pattern must exist, apply at role scope and take the parameters it passes (as built-ins are checked). */
  async function checkAgentType(template: Template) {
    if (template.kind !== 'agent') return;
    const refuse = (path: string, message: string) => {
      throw new ValidationError('The template is invalid', [{ path: `template.${path}`, message }]);
    };
    const pattern = template.pattern.id === template.id ? undefined : await policyPatternOf(template.pattern.id);
    if (!pattern) return refuse('pattern.id', `${template.pattern.id} is not a built-in or org policy pattern`);
    if (!pattern.scopes.includes('role')) return refuse('pattern.id', `${pattern.id} cannot be applied at role scope`);
    for (const name of Object.keys(template.pattern.parameters)) {
      if (!pattern.parameters.some((parameter) => parameter.name === name))
        refuse(`pattern.parameters.${name}`, `${name} is not a parameter of ${pattern.id}`);
    }
  }

  /**
   * A policy pattern whose parameters all have defaults must instantiate with them at each scope
   * kind it lists (agent scope aside: it needs an agent), so a rule that is no valid policy (a
   * `when` that is not CEL, say) is refused when saved, not when a tenant applies it.
   */
  function checkPolicyPattern(template: Template) {
    if (template.kind !== 'policy' || template.parameters.some((parameter) => parameter.required)) return;
    const sample: Partial<Record<string, string>> = { org: 'org', tenant: 'tenant', team: 'team:sample', role: 'role:sample' };
    for (const kind of template.scopes) {
      const scope = sample[kind];
      if (scope === undefined) continue;
      try {
        instantiatePolicyPattern(template, {}, scope);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        throw new ValidationError(
          'The template is invalid',
          error.details.map((detail) => ({ ...detail, path: `template${detail.path === undefined ? '' : `.${detail.path}`}` })),
        );
      }
    }
  }

  return {
    /**
     * `PUT /v1/templates/{templateId}`: saves the template as the org template's next version (1,
     * 2, …). Refused: a template whose `id` is not the path's (400 naming `template.id`), the id
     * of a built-in (409 `template_exists`: a built-in cannot be shadowed), a new id beyond
     * ORG_TEMPLATE_LIMITS.maxTemplates (409 `too_many_templates`), an agent type whose pattern
     * is unknown or does not fit (400 naming `template.pattern…`).
     */
    async put(principal: OperatorPrincipal, id: string, input: PutOrgTemplateInput): Promise<OrgTemplateVersion> {
      checkPermission(principal, 'template:write');
      const { template, reason } = input;
      if (template.id !== id)
        throw new ValidationError('The template is invalid', [{ path: 'template.id', message: `must be ${id}, the id in the path` }]);
      if (builtinOf(id)) throw new ConflictError(`${id} is a built-in template; an org template cannot have its id`, 'template_exists');
      checkPolicyPattern(template);
      await checkAgentType(template);
      const current = await store.getTemplate(id);
      if (!current && (await store.listTemplates(ORG_TEMPLATE_LIMITS.maxTemplates)).length >= ORG_TEMPLATE_LIMITS.maxTemplates)
        throw new ConflictError(`The org has ${ORG_TEMPLATE_LIMITS.maxTemplates} templates, the most it may hold`, 'too_many_templates');
      const version = (current?.version ?? 0) + 1;
      const saved: OrgTemplateVersion = { id, version, template, savedAt: isoAt(clock.nowMs()), savedBy: principal.sub, reason };
      await store.putTemplate(
        saved,
        change(principal, {
          action: 'template.saved',
          target: { type: 'template', id },
          reason,
          ...(current ? { before: { id, version: current.version } } : {}),
          after: { id, version, kind: template.kind },
          event: domainEvent('Template.Changed', { tenantId: ORG_TENANT, template: id, change: 'saved', version, actor: principal.sub }),
        }),
      );
      return saved;
    },

    /** `GET /v1/templates/{templateId}/versions`: every version of an org template, newest first. */
    async versions(principal: OperatorPrincipal, id: string, request: PageRequest): Promise<ApiPage<OrgTemplateVersion>> {
      checkPermission(principal, 'template:versions');
      if (!(await store.getTemplate(id))) throw new NotFoundError('Org template', id);
      return paginate({
        cursors: deps.cursors,
        binding: { tenantId: '*platform*', query: 'org-template-versions', filters: { id } },
        request,
        positionOf: (saved) => String(saved.version),
        fetch: (page) => store.listVersions(id, page),
      });
    },

    /**
     * `POST /v1/templates/{templateId}/require`: a guardrail policy pattern (built-in or org)
     * instantiated at the org scope and saved as a new org draft, merged into the org's latest
     * document; the template is marked required. Never publishes. 400 naming `template` for a
     * template that is not a guardrail pattern or cannot be applied at org scope.
     */
    async require(principal: OperatorPrincipal, id: string, input: RequireTemplateInput): Promise<RequireTemplateResult> {
      checkPermission(principal, 'template:write');
      const builtin = builtinOf(id);
      const org = builtin ? undefined : await store.getTemplate(id);
      const template = builtin ?? org?.template;
      if (!template) throw new NotFoundError('Template', id);
      const refuse = (message: string) => new ValidationError('The template cannot be required', [{ path: 'template', message }]);
      if (template.kind !== 'policy' || !template.guardrail)
        throw refuse(`${id} is not a guardrail policy pattern: only patterns of locked deny and require_approval rules may be required`);
      if (!template.scopes.includes('org'))
        throw refuse(`${id} cannot be applied at org scope (it applies at ${template.scopes.join(', ')})`);
      const applied = instantiatePolicyPattern(template, input.parameters, 'org');
      const document = mergeRules(await latestDocument(policies, ORG_OWNER, 'org'), applied.rules, applied.defaults);
      const draft = await lifecycle.saveOrgDraft(principal, { reason: input.reason, ...document });
      const marker: RequiredTemplate = {
        id,
        source: builtin ? 'builtin' : 'org',
        ...(org ? { templateVersion: org.version } : {}),
        parameters: input.parameters ?? {},
        reason: input.reason,
        requiredAt: isoAt(clock.nowMs()),
        requiredBy: principal.sub,
        draft: { scope: 'org', version: draft.version },
      };
      await store.putRequired(
        marker,
        change(principal, {
          action: 'template.required',
          target: { type: 'template', id },
          reason: input.reason,
          after: { id, source: marker.source, draft: marker.draft, rules: applied.rules.map((rule) => rule.id) },
          event: domainEvent('Template.Changed', {
            tenantId: ORG_TENANT,
            template: id,
            change: 'required',
            ...(org ? { version: org.version } : {}),
            actor: principal.sub,
          }),
        }),
      );
      return { template: id, draft: { scope: 'org', version: draft.version }, rules: applied.rules.map((rule) => rule.id) };
    },
  };
}
export type OrgTemplates = ReturnType<typeof createOrgTemplates>;
