/** The console follows the link a large billing export answers with, in the shape the API gives it. */
import { describe, expect, it } from 'vitest';
import { downloadLinkOf } from '../../../web/src/api/download-link';

describe('The download link of a large export', () => {
  it('is the url of the answer’s download', () => {
    const answer = {
      download: {
        url: 'https://exports.example/acme/2026-12.csv?X-Amz-Signature=abc',
        expiresAt: '2026-12-07T12:00:00Z',
        bytes: 2_000_000,
        lines: 9000,
        format: 'csv',
      },
    };
    expect(downloadLinkOf(answer)).toBe('https://exports.example/acme/2026-12.csv?X-Amz-Signature=abc');
  });

  it.each([[{ lines: [] }], [{ download: {} }], [{ download: { url: 42 } }], [null]])('is none for %j', (answer) => {
    expect(downloadLinkOf(answer)).toBeUndefined();
  });
});
