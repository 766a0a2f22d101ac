// Layer boundaries live here (see CONTRIBUTING.md): renderer -> the contract only (its schemas, helpers and types); core -> db, never
// electron or the DOM; db -> nothing of ours above it. test/lint-boundaries.test.ts proves each rule fires.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** A relative import that climbs out into one of these top-level folders (never a package like @mantine/core). */
const outside = (dirs, message) => ({ regex: `^(\\.\\./)+(${dirs.join('|')})(/.*)?$`, message });

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', '**/node_modules/**', 'db/migrations/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A silent catch hides a broken ledger: every catch must do something visible.
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // CommonJS hooks electron-builder loads (build/after-pack.cjs) use require by necessity; so do the test store's
    // Medusa config and subscribers (store/medusa is its own CommonJS package, its node_modules never linted).
    files: ['**/*.cjs', 'store/medusa/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The contract (zod schemas, pure helpers, types) is the renderer's one window: validation is written once.
              regex: '^(\\.\\./)+(?!core/contract(/|$))(db|core|server|electron|test|e2e|bench|scripts)(/.*)?$',
              message: 'The renderer sees only the API contract (core/contract), nothing else outside renderer/.',
            },
            {
              group: [
                'node:*',
                'better-sqlite3',
                'drizzle-orm',
                'drizzle-orm/*',
                'electron',
                'serialport',
                'node-thermal-printer',
                'exceljs',
              ],
              message: 'No Node or Electron modules in the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'core is process-agnostic: no Electron.' },
            outside(['renderer', 'server', 'electron'], 'core depends only on db/ and Node.'),
            { group: ['react', 'react-dom', 'react-dom/*'], message: 'core has no DOM or UI.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage'],
    },
  },
  {
    files: ['core/contract/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/**', '**/db', '../*', '!./*', 'node:*'],
              message: 'The contract is shared with the renderer: zod and its own files only.',
            },
          ],
        },
      ],
    },
  },
  {
    // A domain's methods (core/contract/methods) see the contract's own files, one level up, and nothing beyond.
    files: ['core/contract/methods/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/**', '**/db', '../../*', 'node:*'],
              message: 'The contract is shared with the renderer: zod and its own files only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            outside(['core', 'renderer', 'server', 'electron'], 'db is the bottom layer: it never imports from above.'),
            { group: ['electron'], message: 'db has no Electron.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron'], message: 'browser mode runs without Electron.' },
            outside(['renderer', 'electron'], 'browser mode never imports the renderer or the shell.'),
          ],
        },
      ],
    },
  },
);
