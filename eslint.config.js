// One flat config for the whole repository; `npx eslint .` from the root lints every workspace.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** The packages' browser code: what their tsconfig.json checks without Node's types. */
const BROWSER_CODE = ['packages/contract/src/**/*.ts', 'packages/checks/src/**/*.ts', 'packages/attacks/src/**/*.ts'];
const NODE_ONLY_IN_BROWSER_PACKAGES = [
  'packages/*/src/cli.ts',
  'packages/checks/src/api-file.ts',
  'packages/checks/src/own-api.ts',
  'packages/*/src/format.ts',
  'packages/*/src/**/*.test.ts',
  'packages/*/src/test-support/**',
];

export default defineConfig(
  { ignores: ['**/dist/', '**/coverage/', '**/.turbo/', '**/.data/', '**/.e2e-artifacts/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      // Two programs cover every file (the Node packages, the playground): cheaper than a program per package.
      parserOptions: { project: ['./tsconfig.json', './apps/playground/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its rejection; a promise handed to a callback that
      // ignores the result (an Express handler, an event listener) does too.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `_next` keeps Express's four-argument error handler; `{ exp: _exp, ...rest }` drops a claim.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // The exercise starters leave blanks for the student: parameters they have yet to use.
    files: ['lessons/*/starter/**'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  {
    // The playground runs in the browser, with React's rules of hooks.
    files: ['apps/playground/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The compiler already refuses Node's modules and globals here (tsconfig.browser.json);
    // these imports compile without Node's types but must still stay out of the playground.
    files: BROWSER_CODE,
    ignores: NODE_ONLY_IN_BROWSER_PACKAGES,
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'commander', message: 'The CLI parser runs on Node only: keep it in cli.ts.' }],
          patterns: [{ group: ['@authlab/auth-core', '@zxcvbn-ts/*'], message: 'The password policy and its word lists would load into the playground.' }],
        },
      ],
    },
  },
  {
    // Outside every tsconfig.json: the JavaScript config files and the browser programs' guard.
    files: ['**/*.js', 'no-node-types.ts'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
