/**
 * The dependency rules `npm run lint` enforces, shown failing on purpose: a domain module that
 * imports the manifest or an adapter, and two modules that import each other (types included).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cruise } from 'dependency-cruiser';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
/** The project's dependency-cruiser configuration (CommonJS, as the CLI reads it). */
const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: object[] };

describe('ESLint dependency rules', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const problemsOf = async (filePath: string, code: string) =>
    (await eslint.lintText(code, { filePath: join(ROOT, filePath) }))[0]!.messages.map((message) => message.message);

  it.each([
    ['shared/policy/new-module.ts', "import { ROUTES } from '../manifest/routes';\nexport const routes = ROUTES;\n"],
    [
      'shared/decisions/new-module.ts',
      "import { createDocumentClient } from '../adapters/dynamodb/document-client';\nexport const client = createDocumentClient;\n",
    ],
    [
      'shared/manifest/new-module.ts',
      "import { createDocumentClient } from '../adapters/dynamodb/document-client';\nexport const client = createDocumentClient;\n",
    ],
  ])(
    'refuses an import from %s into the manifest or the adapters',
    async (filePath, code) => {
      expect((await problemsOf(filePath, code)).join('\n')).toMatch(/does not know the (manifest|adapters)/);
    },
    30_000,
  );

  it('lets the manifest import the domain', async () => {
    expect(
      await problemsOf(
        'shared/manifest/new-module.ts',
        "import { PolicyDocumentSchema } from '../policy/document';\nexport const schema = PolicyDocumentSchema;\n",
      ),
    ).toEqual([]);
  }, 30_000);
});

describe('dependency-cruiser', () => {
  it('refuses an import cycle, even one made only of types', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-cycle-'));
    writeFileSync(join(dir, 'a.ts'), "import type { B } from './b';\nexport interface A { b?: B }\n");
    writeFileSync(join(dir, 'b.ts'), "import type { A } from './a';\nexport interface B { a?: A }\n");
    const result = await cruise([dir], { ruleSet: { forbidden: config.forbidden } as never, tsPreCompilationDeps: true, validate: true });
    const output = result.output as { summary: { violations: { rule: { name: string } }[] } };
    expect(output.summary.violations.map((violation) => violation.rule.name)).toContain('no-circular');
  }, 30_000);
});

describe('Formatting', () => {
  it('finds code Prettier would wrap at 140 characters, and a comment line over 140', async () => {
    const prettier = await import('prettier');
    const options = { ...(await prettier.resolveConfig(join(ROOT, 'shared/x.ts'))), filepath: join(ROOT, 'shared/x.ts') };
    const long = `export const values = [${Array.from({ length: 30 }, (_, i) => `'value${i}'`).join(', ')}];\n`;
    expect(await prettier.check(long, options)).toBe(false);
    expect(await prettier.check(await prettier.format(long, options), options)).toBe(true);
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintText(`// ${'a'.repeat(150)}\nexport const x = 1;\n`, { filePath: join(ROOT, 'shared/kernel/x.ts') });
    expect(result!.messages.map((message) => message.ruleId)).toContain('max-len');
  }, 30_000);
});
