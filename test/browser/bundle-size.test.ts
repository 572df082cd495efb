/** The console's JavaScript stays small enough to be interactive at once: at most 250 KB gzipped, all chunks together. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CONSOLE_DIST } from '../../web/scripts/build-if-needed';

export const MAX_JAVASCRIPT_GZIP_BYTES = 250 * 1024;

describe('The built console', () => {
  it('ships at most 250 KB of JavaScript, gzipped', () => {
    const assets = join(CONSOLE_DIST, 'assets');
    const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name)), { level: 9 }).length, 0);
    console.log(`console JavaScript: ${scripts.length} file(s), ${(gzipped / 1024).toFixed(1)} KB gzipped (limit 250 KB)`);
    expect(gzipped).toBeLessThanOrEqual(MAX_JAVASCRIPT_GZIP_BYTES);
  });

  it('has no inline script, which the content security policy would refuse', () => {
    const html = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/[^"]+\.js"><\/script>/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
