import { spawnSync } from 'node:child_process';
import path from 'node:path';
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
});
