'use strict';
// Three projects: the LWC components (sfdx-lwc-jest preset), the TypeScript tooling under scripts/, and the
// portal preview in headless Chromium.
const os = require('node:os');
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

/** TypeScript through Babel for the scripts and portal projects (type checking is tsc's job). */
const TS_TRANSFORM = {
  '^.+\\.ts$': [
    'babel-jest',
    {
      babelrc: false,
      configFile: false,
      presets: [['@babel/preset-env', { targets: { node: '22' } }], '@babel/preset-typescript']
    }
  ]
};

/**
 * Jest's transform cache inside this checkout, so a clean clone starts empty and each module is compiled (and
 * instrumented) once a run rather than once a test file. A project's option: the top-level one does not reach the
 * projects, which fell back to jest's shared default under the OS temp folder.
 */
const CACHE = '<rootDir>/node_modules/.cache/jest';

module.exports = {
  projects: [
    {
      ...jestConfig,
      displayName: 'lwc',
      rootDir: __dirname,
      cacheDirectory: CACHE,
      roots: ['<rootDir>/force-app'],
      modulePathIgnorePatterns: ['<rootDir>/.localdevserver'],
      moduleNameMapper: {
        ...jestConfig.moduleNameMapper,
        '^lightning/navigation$': '<rootDir>/jest/mocks/lightning/navigation'
      },
      setupFilesAfterEnv: ['<rootDir>/jest/setup-lwc.js']
    },
    {
      displayName: 'scripts',
      rootDir: __dirname,
      cacheDirectory: CACHE,
      roots: ['<rootDir>/scripts/test'],
      // jest's node environment with an ordinary (not contextified) global: scripts/test/setup/fast-globals-env.js.
      testEnvironment: '<rootDir>/scripts/test/setup/fast-globals-env.js',
      // jest's runtime with a cheaper copy of each file's coverage counters (scripts/test/setup/coverage-copy-runtime.js).
      runtime: '<rootDir>/scripts/test/setup/coverage-copy-runtime.js',
      testMatch: ['**/*.test.ts'],
      transform: TS_TRANSFORM,
      moduleFileExtensions: ['ts', 'js', 'json'],
      testPathIgnorePatterns: ['/node_modules/', '/fixtures/', '<rootDir>/scripts/test/portal/'],
      setupFiles: [
        '<rootDir>/scripts/test/setup/node-realm.ts',
        '<rootDir>/scripts/test/setup/java-options.ts',
        // Node's module compile cache for the child processes (sf, npm, the CLI): scripts/test/setup/node-compile-cache.ts.
        '<rootDir>/scripts/test/setup/node-compile-cache.ts',
        // The org pace of the suite: short retry backoff and deploy status polls (scripts/test/helpers/org-timing.ts).
        '<rootDir>/scripts/test/setup/org-timing.ts'
      ],
      setupFilesAfterEnv: ['<rootDir>/scripts/test/setup/private-home.ts'],
      // One run-wide seed of deploy-gate cache entries (scripts/test/setup/gate-seed.ts).
      globalSetup: '<rootDir>/scripts/test/setup/gate-seed-setup.ts',
      globalTeardown: '<rootDir>/scripts/test/setup/gate-seed-teardown.ts'
    },
    {
      // The portal preview in headless Chromium: one bundle and one browser per run (global-setup.ts).
      displayName: 'portal',
      rootDir: __dirname,
      cacheDirectory: CACHE,
      roots: ['<rootDir>/scripts/test/portal'],
      testEnvironment: '<rootDir>/scripts/test/setup/fast-globals-env.js',
      // jest's runtime with a cheaper copy of each file's coverage counters (scripts/test/setup/coverage-copy-runtime.js).
      runtime: '<rootDir>/scripts/test/setup/coverage-copy-runtime.js',
      testMatch: ['**/*.test.ts'],
      transform: TS_TRANSFORM,
      moduleFileExtensions: ['ts', 'js', 'json'],
      globalSetup: '<rootDir>/scripts/test/portal/global-setup.ts',
      globalTeardown: '<rootDir>/scripts/test/portal/global-teardown.ts'
    }
  ],
  // Coverage covers the LWC components and the whole of scripts/src, with nothing carved out. The CLI's
  // commands, the org client, the org loader, deploy and the operations run in this process through the
  // real CLI entry (scripts/test/helpers/run-in-process.ts) against the org emulator, so their code counts;
  // a few child-process runs per command prove the CLI as users run it.
  collectCoverageFrom: [
    'force-app/**/lwc/**/*.js',
    '!force-app/**/lwc/**/__tests__/**',
    'scripts/src/**/*.ts'
  ],
  coverageThreshold: {
    // LWC (every file not under scripts/src)
    global: { lines: 90, branches: 85 },
    // scripts/src as a whole
    './scripts/src/': { lines: 90, branches: 85 }
  },
  testTimeout: 120000,
  // One worker more than the cores (jest's default leaves one core to its parent, which only schedules): many test
  // files wait on a child process, a JVM, Chromium or a socket, and a third worker on two cores fills those waits.
  // Two pairs of clean-clone runs on this 2-core machine: jest 411 s with two workers against 367 s with three, then
  // 448 s against 434 s (README, "Tests and figures"). At most four, as each worker can hold a large emulated org.
  maxWorkers: Math.min(4, os.availableParallelism() + 1),
  reporters: ['default', '<rootDir>/jest/project-times.js']
};
