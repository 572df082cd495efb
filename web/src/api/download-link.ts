/**
 * Where a large export's file is, from the API's JSON answer (`{ download: { url, expiresAt, … } }`),
 * or undefined for any other answer.
 */
export function downloadLinkOf(answer: unknown): string | undefined {
  const url = (answer as { download?: { url?: unknown } } | null)?.download?.url;
  return typeof url === 'string' ? url : undefined;
}

/**
 * Saves an export the API answered: follows the download link of a large one (a JSON answer), or
 * saves the file itself under `fileName`.
 */
export async function saveExport(file: Blob, fileName: string): Promise<void> {
  if (file.type.includes('application/json')) {
    const link = downloadLinkOf(JSON.parse(await file.text()));
    if (link) return location.assign(link);
  }
  const href = URL.createObjectURL(file);
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.download = fileName;
  anchor.click();
  URL.revokeObjectURL(href);
}
