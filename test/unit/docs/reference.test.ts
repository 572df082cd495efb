/**
 * The repository's own reference stays whole and self-contained: docs/api.md names every route of
 * the manifest, and nothing in the README or docs/ points outside the repository.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../shared/manifest/routes';

const ROOT = join(import.meta.dirname, '../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const markdownUnder = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? markdownUnder(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
  );

describe('docs/api.md', () => {
  const api = read('docs/api.md');
  it.each(Object.entries(ROUTES).map(([key, route]) => [key, route.method, route.path] as const))(
    'lists %s (%s %s)',
    (_key, method, path) => {
      expect(api).toContain(`| ${method} | \`${path}\` |`);
    },
  );
});

describe('The README and docs/', () => {
  it.each(['README.md', ...markdownUnder('docs')])('%s links nothing outside the repository', (file) => {
    expect(read(file)).not.toMatch(/\.\.\/shared\/|shared\/(API|POLICY|DESIGN|STYLE|TOOLCHAIN)\.md/);
  });
});
