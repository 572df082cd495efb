/**
 * Reading a policy document's text, YAML or JSON, apart from the schemas in document.ts so that
 * only what reads text (the routes that accept YAML, the CLI's files) loads a YAML parser.
 */
import { parse as parseYaml } from 'yaml';

/** Reads a document written as YAML or JSON (JSON is YAML); the result still needs validating. */
export function readDocumentText(text: string): unknown {
  return parseYaml(text, { maxAliasCount: 100 });
}
