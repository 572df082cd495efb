/**
 * Schemas of the path parameters that appear in route templates. Every `{name}` in a route's path
 * must have an entry here (a unit test checks it), so every path value is validated.
 */
import * as z from 'zod';
import { AgentIdSchema, PeriodSchema, ScopeNameSchema, TenantIdSchema } from '../kernel/schemas';
import { TenantScopeSchema } from '../policy-lifecycle/policy-scope';
import { PlaybookIdSchema } from '../remediation/playbook-id';
import { RunIdSchema } from '../remediation/remediation-run';
import { TemplateIdSchema } from '../templates/template-id';

/** API Gateway may hand over path values URL-encoded (`team%3Apayments`); both forms are accepted. */
const decoded = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => {
    if (typeof value !== 'string' || !value.includes('%')) return value;
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }, schema);

export const PATH_PARAMS: Record<string, z.ZodType<string>> = {
  tenantId: decoded(TenantIdSchema),
  agentId: decoded(AgentIdSchema),
  role: decoded(ScopeNameSchema),
  team: decoded(ScopeNameSchema),
  scope: decoded(TenantScopeSchema),
  approvalId: decoded(z.string().regex(/^apr_[0-9A-Z]{26}$/, 'an approval id (apr_…)')),
  grantId: decoded(z.string().regex(/^gnt_[0-9A-Z]{26}$/, 'a grant id (gnt_…)')),
  accessRequestId: decoded(z.string().regex(/^acr_[0-9A-Z]{26}$/, 'an access request id (acr_…)')),
  incidentId: decoded(z.string().regex(/^inc_[0-9A-Z]{26}$/, 'an incident id (inc_…)')),
  channel: decoded(ScopeNameSchema),
  playbookId: decoded(PlaybookIdSchema),
  runId: decoded(RunIdSchema),
  templateId: decoded(TemplateIdSchema),
  tier: decoded(z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a tier name')),
  period: decoded(PeriodSchema),
  version: decoded(z.string().regex(/^[1-9][0-9]{0,9}$/, 'a version number')),
};
