/** A policy draft in the editor: read from JSON or YAML as typed, and written back in either. */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { PolicyDocument } from '../api/types';

export type DraftFormat = 'json' | 'yaml';
export const DRAFT_FORMATS: readonly DraftFormat[] = ['json', 'yaml'];

/** A draft as typed, read as a document with rules, or the problem with it (JSON's or YAML's, with line and column). */
export function readDraft(text: string, format: DraftFormat): { document: PolicyDocument } | { problem: string } {
  let parsed: { rules?: unknown } | null;
  try {
    parsed = format === 'json' ? (JSON.parse(text) as typeof parsed) : (parseYaml(text, { maxAliasCount: 100 }) as typeof parsed);
  } catch (error) {
    return { problem: `Not ${format.toUpperCase()} yet: ${(error as Error).message}` };
  }
  return Array.isArray(parsed?.rules) ? { document: parsed as PolicyDocument } : { problem: 'The document needs a "rules" array' };
}

/** A document as the editor shows it in `format`. */
export function writeDraft(document: PolicyDocument, format: DraftFormat): string {
  const shown = { ...(document.defaults ? { defaults: document.defaults } : {}), rules: document.rules };
  return format === 'json' ? JSON.stringify(shown, null, 2) : stringifyYaml(shown);
}
