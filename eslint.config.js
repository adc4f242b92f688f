'use strict';
// ESLint 9 flat config: LWC (force-app), TypeScript (scripts), jest tests of both.
const js = require('@eslint/js');
const globals = require('globals');
const tseslint = require('typescript-eslint');
const jestPlugin = require('eslint-plugin-jest');
const lwcConfig = require('@salesforce/eslint-config-lwc');

const lwcRecommended = lwcConfig.configs.recommended.map((c) => ({
  ...c,
  files: ['force-app/**/lwc/**/*.js', 'scripts/portal/lwc/**/*.js']
}));

module.exports = [
  {
    ignores: [
      'node_modules/**',
      'coverage/**',
      '.sf/**',
      '.sfdx/**',
      'out/**',
      '.phi-guard/**',
      'scripts/test/fixtures/**',
      'plugin/lib/**',
      'scripts/dist/**',
      'force-app/**/staticresources/**'
    ]
  },
  ...lwcRecommended,
  {
    // PMD's JavaScript parser (Rhino) cannot process an optional catch binding (`catch {`), and no PMD rule runs on a
    // file it cannot process (the Apex gate's PMD layer fails such a file): a component names the binding, `_` first
    // when it is not used.
    files: ['force-app/**/lwc/**/*.js'],
    rules: {
      'no-unused-vars': ['error', { vars: 'all', args: 'after-used', caughtErrorsIgnorePattern: '^_' }]
    }
  },
  {
    files: ['force-app/**/lwc/**/__tests__/**/*.js', 'force-app/**/lwc/**/*.test.js'],
    ...jestPlugin.configs['flat/recommended'],
    languageOptions: {
      ...jestPlugin.configs['flat/recommended'].languageOptions,
      globals: { ...globals.node, ...globals.jest }
    },
    settings: { jest: { version: 29 } },
    rules: {
      ...jestPlugin.configs['flat/recommended'].rules,
      // Tests simulate the browser: native events, timers and sequential awaits are the point.
      '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off',
      '@lwc/lwc/prefer-custom-event': 'off',
      '@lwc/lwc/no-async-operation': 'off',
      'no-await-in-loop': 'off'
    }
  },
  ...tseslint.config({
    files: ['scripts/**/*.ts', 'plugin/src/**/*.mts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always']
    }
  }),
  {
    files: ['scripts/test/**/*.ts'],
    ...jestPlugin.configs['flat/recommended'],
    settings: { jest: { version: 29 } },
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      ...jestPlugin.configs['flat/recommended'].rules,
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'assert*'] }]
    }
  },
  {
    files: ['*.js', 'scripts/**/*.js', '.ci/**/*.js'],
    ignores: ['scripts/portal/lwc/**'],
    ...js.configs.recommended,
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } }
  }
];
