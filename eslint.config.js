// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Lint rules, including the dependency direction of DESIGN.md enforced mechanically:
 * - shared/ imports nothing of the project outside shared/;
 * - the domain inside shared/ (everything but shared/adapters/) never imports the AWS SDK, middy,
 *   Lambda types or reads process.env;
 * - functions/ never imports infra/, cli/ or web/;
 * - web/src/ (the console) imports none of the server's code: it speaks the HTTP API;
 * - infra/ refers to functions/ only by entry path (no imports);
 * - the domain folders of shared/ import neither shared/manifest/ nor shared/adapters/ (the
 *   manifest and the adapters depend on the domain, never the other way);
 * Import cycles (type-only imports included) are refused by dependency-cruiser
 * (.dependency-cruiser.cjs), which `npm run lint` runs after ESLint.
 */
const awsAndRuntime = [
  { group: ['@aws-sdk/*', '@smithy/*'], message: 'The domain never touches the AWS SDK: put it in shared/adapters/.' },
  { group: ['@middy/*', 'aws-lambda', '@types/aws-lambda'], message: 'Lambda and middy belong in functions/.' },
  { group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'], message: 'CDK belongs in infra/cdk/.' },
];
const intoManifestOrAdapters = [
  {
    group: ['**/manifest', '**/manifest/**', '**/adapters/**'],
    message: 'The domain does not know the manifest or the adapters: they depend on it.',
  },
];
const outsideShared = [
  {
    group: ['**/functions/**', '**/infra/**', '**/cli/**', '**/web/**', '**/bench/**', '**/test/**'],
    message: 'shared/ imports nothing of the project outside shared/.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.data/**', 'coverage/**', 'web/**/*.js', 'web/dist/**', 'web/src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // Prettier (checked by `npm run lint`) wraps code at 140; this holds comments to it too.
      'max-len': ['error', { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/adapters/**', 'shared/manifest/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...awsAndRuntime, ...outsideShared, ...intoManifestOrAdapters] }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Configuration is read once, in functions/ or infra/, and passed in.' },
      ],
    },
  },
  {
    files: ['shared/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [awsAndRuntime[1], awsAndRuntime[2], ...outsideShared] }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Configuration is read once, in functions/ or infra/, and passed in.' },
      ],
    },
  },
  {
    // The console speaks only the public HTTP API: none of the server's code is bundled into it.
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/shared/**', '**/functions/**', '**/infra/**', '**/cli/**', '**/test/**'],
              message: 'The console reaches Warden through the HTTP API (web/src/api/client.ts) only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/infra/**', '**/cli/**', '**/web/**', '**/bench/**', '**/test/**'],
              message: 'functions/ depends on shared/ only.',
            },
            awsAndRuntime[2],
          ],
        },
      ],
    },
  },
  {
    files: ['infra/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/functions/**'], message: 'infra/ refers to functions/ by entry path only (see shared/manifest).' }] },
      ],
    },
  },
  {
    files: ['cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The CLI speaks HTTP, except that it embeds the policy engine for offline validate and test:
              // the engine, the pure policy-lifecycle pieces it assembles scopes with, and the error types;
              // and the audit digests' verifier for offline `audit verify`.
              regex:
                '(^|/)(functions|infra|web)/|(^|/)shared/(?!policy/|kernel/(errors|canonical-json)$|policy-lifecycle/(policy-set|policy-scope|policy-diff|content-limits)$|audit/(digest|digest-verify)$)',
              message: 'The CLI speaks HTTP only, apart from the embedded policy engine (shared/policy).',
            },
          ],
        },
      ],
    },
  },
  {
    // The process guard is plain CommonJS so it starts without a loader.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The manifest is the domain's wiring: it may not reach the adapters either.
    files: ['shared/manifest/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...awsAndRuntime,
            ...outsideShared,
            { group: ['**/adapters/**'], message: 'The manifest does not know the adapters.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Configuration is read once, in functions/ or infra/, and passed in.' },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    // Tests read JSON answers field by field; typing every response body would hide the assertions.
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
