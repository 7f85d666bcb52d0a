import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Tests of the simulation run the same way: cross-layer tests (kubectl, files on disk) live in test/.
    files: ['src/sim/**/*.test.ts', 'src/sim/scenarios/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'http', 'child_process'],
              message: 'Tests that need Node built-ins belong in test/.',
            },
            {
              group: ['**/ui/**', '**/client/**', '**/kubectl/**', '**/worker/**', '**/server/**'],
              message: 'Tests that cross layers belong in test/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The simulation is plain, deterministic TypeScript: no DOM, React, UI or Node built-ins.
    files: ['src/sim/**/*.ts'],
    ignores: ['src/sim/**/*.test.ts', 'src/sim/scenarios/**'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*'], message: 'src/sim must not use React.' },
            {
              group: ['@xyflow/*', 'monaco-editor', 'monaco-editor/*', 'monaco-yaml'],
              message: 'src/sim must not use UI libraries.',
            },
            {
              group: [
                'node:*',
                'fs',
                'path',
                'http',
                'os',
                'crypto',
                'child_process',
                'url',
                'util',
              ],
              message: 'src/sim must not use Node built-ins.',
            },
            {
              group: ['**/ui/**', '**/client/**', '**/kubectl/**', '**/worker/**', '**/server/**'],
              message: 'Nothing in src/sim imports from the layers above it.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'Date', 'process'],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the injected seeded rng.' },
      ],
    },
  },
);
