/**
 * The port of organisation templates: templates the platform admin adds to the built-in ones,
 * each a series of versions (1, 2, …) with who saved it, when and why, and the markers of
 * templates (built-in or org) required of every tenant as locked org rules. Every write carries
 * its change record, written with it.
 */
import type { ChangeRecord } from '../audit/change-record';
import type { StorePage } from '../kernel/page';
import type { Template } from './template';

export const ORG_TEMPLATE_LIMITS = {
  /**
   * Org templates the platform may hold. `GET /v1/templates` and applying read them all with one
   * query of their heads (`~platform#TEMPLATE`), so the number is bounded; a new id beyond it is
   * refused (409 `too_many_templates`), new versions of existing ones are not.
   */
  maxTemplates: 200,
  /** Required templates read with them (one marker per template, built-in or org: at most 200 plus the built-ins). */
  maxRequired: 250,
  /** Bytes of a `PUT /v1/templates/{templateId}` body. */
  maxBodyBytes: 64 * 1024,
} as const;

/** One version of an org template (the latest one is its head). */
export interface OrgTemplateVersion {
  readonly id: string;
  readonly version: number;
  /** The template as parsed by TemplateSchema (its `id` is `id`). */
  readonly template: Template;
  readonly savedAt: string;
  readonly savedBy: string;
  readonly reason: string;
}

/** A template required of every tenant: instantiated at org scope and saved as an org draft. */
export interface RequiredTemplate {
  /** The template's id. */
  readonly id: string;
  readonly source: 'builtin' | 'org';
  /** The org template's version it was instantiated from (org templates only). */
  readonly templateVersion?: number;
  /** The parameters it was instantiated with, as given. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly reason: string;
  readonly requiredAt: string;
  readonly requiredBy: string;
  /** The org draft that holds its rules (published through `POST /v1/org/policy/versions/{v}/publish`). */
  readonly draft: { readonly scope: 'org'; readonly version: number };
}

export interface OrgTemplateStore {
  /** The latest version of an org template, if there is one. */
  getTemplate(id: string): Promise<OrgTemplateVersion | undefined>;
  /** The latest version of every org template, in id order, at most `limit`. */
  listTemplates(limit: number): Promise<OrgTemplateVersion[]>;
  /**
   * Saves `saved` as the template's next version: version 1 only when there is none, version n
   * only when the latest is n-1 (else ConflictError `version_conflict`); the version is kept in
   * the template's history and the change record written with it.
   */
  putTemplate(saved: OrgTemplateVersion, change: ChangeRecord): Promise<void>;
  /** A template's versions, newest first, paged by version number (`after`: a version number). */
  listVersions(id: string, page: { limit: number; after?: string }): Promise<StorePage<OrgTemplateVersion>>;
  /** Marks a template required (replacing an earlier marker of it), with its change record. */
  putRequired(marker: RequiredTemplate, change: ChangeRecord): Promise<void>;
  /** The required templates, in id order, at most `limit`. */
  listRequired(limit: number): Promise<RequiredTemplate[]>;
}
