/**
 * Where a large export's file is, from the API's JSON answer (`{ download: { url, expiresAt, … } }`),
 * or undefined for any other answer.
 */
export function downloadLinkOf(answer: unknown): string | undefined {
  const url = (answer as { download?: { url?: unknown } } | null)?.download?.url;
  return typeof url === 'string' ? url : undefined;
}
