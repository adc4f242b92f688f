import { REPO_ROOT } from '../helpers/paths';
import { runCliNonBlocking, type Via } from '../helpers/run-cli';

/**
 * `--help` and a flag error are answered before a command's work loads: no npm package beyond tsx's own (no
 * Salesforce SDK, SDR, Apex parser or Code Analyzer), and for the commands below none of our own modules beyond
 * the CLI's start-up (cli/, messages/, errors, version, source-maps) and the command's module. Before, `deploy
 * --help` loaded about 1,600 modules (2.6 CPU-s), apex-validate's and rules-validate's the Apex parser and ANTLR.
 * Each run is a child process (runCli) with loaded-packages.cjs preloaded, which lists the npm packages and our
 * modules it loaded (both are CommonJS here, so require.cache holds them); a real run of the same command lists its
 * work, so the probe sees it.
 *
 * Each command line runs both ways: through the launcher, from the bundle, as users run it (scripts/build/run.cjs),
 * and through tsx. From the bundle, the package-level laziness is asserted (esbuild leaves each npm package's
 * require() inside the lazily run module that needs it: nothing at all may load from node_modules), but our own
 * modules are one file (dist/main.js), so which of them ran cannot be seen there; under tsx each of our modules is
 * its own file, so the own-module laziness is asserted on that path (the same sources the bundle is built from).
 * The runs of one test share nothing (each has its own HOME and lists), so they run at once.
 */
jest.setTimeout(120_000);

const TSX_OWN = ['esbuild', 'tsx'];
/** What a bundle run loads of ours: the bundle's CLI entry, nothing else (no worker, no plugin entry). */
const BUNDLE_OWN = ['dist/main.js'];
/** The CLI's start-up: what main.ts and every command load to parse flags and print help. */
const START_UP = /^(cli\/|messages\/|errors\.ts$|version\.ts$|source-maps\.ts$)/;

/** One child run through runCli: a fresh HOME it must leave empty, and the lists of what loaded. */
async function run(
  args: string[],
  via: Via = 'bundle'
): Promise<{
  code: number | null;
  stdout: string;
  stderr: string;
  packages: string[];
  own: string[];
}> {
  const r = await runCliNonBlocking(args, { packages: true, via });
  return { ...r, packages: r.packages!, own: r.own! };
}

/** Command line -> the command's own modules its --help may load besides the start-up. */
const COMMANDS: [string[], string[]][] = [
  [['deploy'], ['commands/deploy.ts', 'checks/types.ts', 'posture/model.ts']],
  [
    ['deploy', 'resume'],
    ['commands/deploy.ts', 'checks/types.ts', 'posture/model.ts']
  ],
  [['apex-validate'], ['commands/apex-validate.ts']],
  [['rules-validate'], ['commands/rules-validate.ts']],
  [['metadata-validate'], ['commands/metadata-validate.ts']]
];

/** A bundle run: no npm package at all, and of ours the bundle's CLI entry alone (the probe saw it load). */
function expectBundleLazy(r: { packages: string[]; own: string[] }) {
  expect(r.own).toEqual(BUNDLE_OWN);
  expect(r.packages).toEqual([]);
}

/** A tsx run: tsx's own packages alone, and of ours the start-up and the `allowed` modules. */
function expectTsxLazy(r: { packages: string[]; own: string[] }, allowed: string[]) {
  // The probe listed what loaded: tsx's require hook and main.ts at least.
  expect(r.packages).toContain('tsx');
  expect(r.own).toContain('cli/main.ts');
  expect(r.packages.filter((p) => !TSX_OWN.includes(p))).toEqual([]);
  expect(r.own.filter((f) => !START_UP.test(f) && !allowed.includes(f))).toEqual([]);
}

describe('--help and a flag error load none of the work', () => {
  it.each(COMMANDS)('%j', async (argv, allowed) => {
    const vias = ['bundle', 'tsx'] as const;
    const runs = await Promise.all(
      vias.map((via) => Promise.all([run([...argv, '--help'], via), run([...argv, '--no-such-flag'], via)]))
    );
    for (const [i, via] of vias.entries()) {
      const [help, refused] = runs[i]!;
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Usage|USAGE/);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/--no-such-flag/);
      for (const r of [help, refused]) {
        if (via === 'bundle') expectBundleLazy(r);
        else expectTsxLazy(r, allowed);
      }
    }
  });

  it('deploy: every flag judged first (a bad --wait, --fail-on or --api-version loads no work)', async () => {
    const bads = [
      ['--wait', '0'],
      ['--fail-on', 'severe'],
      ['--api-version', '20.0'],
      ['--tests', ',']
    ];
    const runs = await Promise.all(
      bads.map((bad) => run(['deploy', '-o', 'https://example.invalid', ...bad]))
    );
    expect(runs).toHaveLength(4);
    for (const r of runs) {
      expect(r.code).toBe(2);
      expectBundleLazy(r);
    }
  });

  it('apex-validate: a bad --layers value loads no work', async () => {
    const argv = ['apex-validate', '--layers', 'parser,nope'];
    const [bundled, r] = await Promise.all([run(argv), run(argv, 'tsx')]);
    expect(bundled.code).toBe(2);
    expect(bundled.stderr).toMatch(/--layers/);
    expectBundleLazy(bundled);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--layers/);
    expect(r.own.filter((f) => !START_UP.test(f))).toEqual(['commands/apex-validate.ts']);
  });

  it('the probe sees the work when a command runs: rules-validate on this project loads the Apex parser', async () => {
    const argv = ['rules-validate', '-d', REPO_ROOT, '--json'];
    const [bundled, r] = await Promise.all([run(argv), run(argv, 'tsx')]);
    expect(bundled.code).toBe(0);
    expect(bundled.packages).toEqual(expect.arrayContaining(['@apexdevtools/apex-parser', 'antlr4']));
    expect(bundled.own).toEqual(BUNDLE_OWN);
    expect(r.code).toBe(0);
    expect(r.packages).toEqual(expect.arrayContaining(['@apexdevtools/apex-parser', 'antlr4']));
    expect(r.own).toEqual(expect.arrayContaining(['platform-rules/validate.ts']));
  });
});
