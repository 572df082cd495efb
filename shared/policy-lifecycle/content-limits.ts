/**
 * How large policy documents and test libraries may be, and the checks that refuse larger ones
 * with a 413 naming the limit (docs/decisions/policy-size-and-yaml.md has the figures behind them).
 */
import { DocumentTooLargeError } from '../kernel/errors';

const MiB = 1024 * 1024;

/**
 * Largest policy document, measured as its JSON with the defaults applied (what
 * `GET .../versions/{version}` returns as `document`): 3 MiB, about 20,000 rules of typical size
 * (~125 bytes each as sent, ~155 with defaults applied).
 */
export const MAX_POLICY_DOCUMENT_BYTES = 3 * MiB;

/** Largest body of `PUT .../policies/{scope}` and `PUT /v1/org/policy` (JSON; YAML bodies have their own cap). */
export const MAX_POLICY_BODY_BYTES = 4 * MiB;

/** Largest test library, measured as the JSON of its scenarios. */
export const MAX_TEST_LIBRARY_BYTES = 1 * MiB;

/** Largest body of `PUT .../policy-tests` and `PUT /v1/org/policy-tests`: room for a library at its limit sent pretty-printed. */
export const MAX_TEST_LIBRARY_BODY_BYTES = 2 * MiB;

/** UTF-8 size of `value` as JSON. */
const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '');

/** Throws DocumentTooLargeError when a policy document's JSON is over MAX_POLICY_DOCUMENT_BYTES; returns its size. */
export function checkPolicyDocumentSize(scope: string, document: unknown): number {
  const actualBytes = jsonBytes(document);
  if (actualBytes > MAX_POLICY_DOCUMENT_BYTES) {
    throw new DocumentTooLargeError(
      'policy_too_large',
      `The ${scope} document is ${actualBytes} bytes of JSON (defaults applied); a policy document may be at most ${MAX_POLICY_DOCUMENT_BYTES} bytes (3 MiB)`,
      { path: 'rules', limitBytes: MAX_POLICY_DOCUMENT_BYTES, actualBytes },
    );
  }
  return actualBytes;
}

/** Throws DocumentTooLargeError when a test library's JSON is over MAX_TEST_LIBRARY_BYTES. */
export function checkTestLibrarySize(scenarios: readonly unknown[]): void {
  const actualBytes = jsonBytes(scenarios);
  if (actualBytes > MAX_TEST_LIBRARY_BYTES) {
    throw new DocumentTooLargeError(
      'policy_tests_too_large',
      `The test library is ${actualBytes} bytes of JSON; a test library may be at most ${MAX_TEST_LIBRARY_BYTES} bytes (1 MiB)`,
      { path: 'scenarios', limitBytes: MAX_TEST_LIBRARY_BYTES, actualBytes },
    );
  }
}
