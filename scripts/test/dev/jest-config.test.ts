import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { readConfigs } from 'jest-config';
import { REPO_ROOT } from '../helpers/paths';
import { BIN_DIR } from '../helpers/processes';

/**
 * Jest's configuration as jest itself resolves it (jest-config's readConfigs, what `jest --showConfig` prints), not
 * as jest.config.js reads: an option set at the top level does not always reach the projects.
 */
describe('jest.config.js, resolved by jest', () => {
  let configs: Awaited<ReturnType<typeof readConfigs>>['configs'];
  beforeAll(async () => {
    ({ configs } = await readConfigs({ $0: 'jest', _: [] } as unknown as Parameters<typeof readConfigs>[0], [
      REPO_ROOT
    ]));
  });

  it('keeps every project transform cache inside this checkout, so a clean clone starts cold', () => {
    expect(configs.map((c) => c.displayName?.name).sort()).toEqual(['lwc', 'portal', 'scripts']);
    for (const c of configs) {
      expect(c.cacheDirectory).toBe(path.join(REPO_ROOT, 'node_modules', '.cache', 'jest'));
    }
  });

  it('runs the scripts and portal projects in the vanilla-context environment, and lwc in its preset one', () => {
    const env = Object.fromEntries(configs.map((c) => [c.displayName?.name, c.testEnvironment]));
    const fast = path.join(REPO_ROOT, 'scripts', 'test', 'setup', 'fast-globals-env.js');
    expect(env.scripts).toBe(fast);
    expect(env.portal).toBe(fast);
    expect(env.lwc).not.toBe(fast);
  });

  it("gives the child processes of the scripts project Node's compile cache inside this checkout", () => {
    const scripts = configs.find((c) => c.displayName?.name === 'scripts')!;
    const setup = path.join(REPO_ROOT, 'scripts', 'test', 'setup', 'node-compile-cache.ts');
    expect(scripts.setupFiles).toContain(setup);
    // A child started with this file's environment, as the helpers start sf, npm and the CLI, uses it.
    const r = spawnSync(path.join(BIN_DIR, 'node'), ['-p', "require('node:module').getCompileCacheDir()"], {
      env: process.env,
      encoding: 'utf8'
    });
    // Node keeps one sub-folder per Node version and architecture.
    expect(path.dirname(r.stdout.trim())).toBe(
      path.join(REPO_ROOT, 'node_modules', '.cache', 'node-compile-cache')
    );
  });

  it('runs the scripts and portal projects on the runtime whose coverage copy is structuredClone, lwc on jest-runtime', () => {
    const runtime = Object.fromEntries(configs.map((c) => [c.displayName?.name, c.runtime]));
    const ours = path.join(REPO_ROOT, 'scripts', 'test', 'setup', 'coverage-copy-runtime.js');
    expect(runtime.scripts).toBe(ours);
    expect(runtime.portal).toBe(ours);
    expect(runtime.lwc).toBeUndefined();
  });
});

describe('the coverage copy (scripts/test/setup/coverage-copy-runtime.js)', () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Ours = require('../setup/coverage-copy-runtime.js') as {
    prototype: { getAllCoverageInfoCopy(this: unknown): unknown };
  };
  const Runtime = (
    require('jest-runtime') as { default: { prototype: { getAllCoverageInfoCopy(): unknown } } }
  ).default;
  // istanbul's instrumenter, which babel-plugin-istanbul runs for jest (the package ships no types).
  const { createInstrumenter } = require('istanbul-lib-instrument') as {
    createInstrumenter(o: { coverageVariable: string }): {
      instrumentSync(code: string, file: string): string;
    };
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const copyOf = (impl: { getAllCoverageInfoCopy(this: unknown): unknown }, coverage: unknown) =>
    impl.getAllCoverageInfoCopy.call({ _environment: { global: { __coverage__: coverage } } });

  it("equals jest-runtime's own copy of a real coverage object, and is a copy", () => {
    // The instrumenter on code with statements, functions and branches, run in a context of its own: its __coverage__
    // is the object a test file's global holds.
    const code =
      'function pick(a, b) { if (a > b) { return a; } return a === b ? 0 : b; }\n' +
      'const r = [pick(2, 1), pick(1, 1), pick(1, 2)];\n' +
      'const s = r.length > 2 && r[0] ? "x" : "y";\n';
    const instrumented = createInstrumenter({ coverageVariable: '__coverage__' }).instrumentSync(
      code,
      '/x/pick.js'
    );
    const context: { __coverage__?: Record<string, unknown> } = {};
    vm.runInNewContext(instrumented, context);
    const coverage = context.__coverage__!;
    expect(Object.keys(coverage)).toEqual(['/x/pick.js']);
    const theirs = copyOf(Runtime.prototype, coverage);
    const ours = copyOf(Ours.prototype, coverage) as typeof coverage;
    expect(ours).toEqual(theirs);
    expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
    // A copy: the counters the parent receives do not move when the module runs on.
    expect(ours).not.toBe(coverage);
    const counts = (c: typeof coverage) => (c['/x/pick.js'] as { s: Record<string, number> }).s;
    const before = counts(ours)['0'];
    counts(coverage)['0'] = 99;
    expect(counts(ours)['0']).toBe(before);
    // No coverage (a run without --coverage): nothing, as jest-runtime answers.
    expect(copyOf(Ours.prototype, undefined)).toBeUndefined();
    expect(copyOf(Runtime.prototype, undefined)).toBeUndefined();
  });

  it('still overrides the method jest-runner calls on jest-runtime (a jest upgrade that renames it fails here)', () => {
    expect(typeof Runtime.prototype.getAllCoverageInfoCopy).toBe('function');
    expect(String(Runtime.prototype.getAllCoverageInfoCopy)).toContain('__coverage__');
    expect(Object.getPrototypeOf(Ours.prototype)).toBe(Runtime.prototype);
    const source = readFileSync(
      path.join(REPO_ROOT, 'node_modules', 'jest-runner', 'build', 'runTest.js'),
      'utf8'
    );
    expect(source).toContain('runtime.getAllCoverageInfoCopy()');
    expect(source).toContain('projectConfig.runtime');
  });
});
