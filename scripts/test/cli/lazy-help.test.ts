import { REPO_ROOT } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';

/**
 * `--help` and a flag error are answered before a command's work loads: no npm package beyond tsx's own (no
 * Salesforce SDK, SDR, Apex parser or Code Analyzer), and for the commands below none of our own modules beyond
 * the CLI's start-up (cli/, messages/, errors, version, source-maps) and the command's module. Before, `deploy
 * --help` loaded about 1,600 modules (2.6 CPU-s), apex-validate's and rules-validate's the Apex parser and ANTLR.
 * Each run is a child process (runCli) with loaded-packages.cjs preloaded, which lists the npm packages and our
 * modules it loaded (both are CommonJS here, so require.cache holds them); a real run of the same command lists its
 * work, so the probe sees it.
 */
jest.setTimeout(120_000);

const TSX_OWN = ['esbuild', 'tsx'];
/** The CLI's start-up: what main.ts and every command load to parse flags and print help. */
const START_UP = /^(cli\/|messages\/|errors\.ts$|version\.ts$|source-maps\.ts$)/;

/** One child run through runCli: a fresh HOME it must leave empty, and the lists of what loaded. */
function run(args: string[]): {
  code: number | null;
  stdout: string;
  stderr: string;
  packages: string[];
  own: string[];
} {
  const r = runCli(args, { packages: true });
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

describe('--help and a flag error load none of the work', () => {
  it.each(COMMANDS)('%j', (argv, allowed) => {
    const help = run([...argv, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage|USAGE/);
    const refused = run([...argv, '--no-such-flag']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--no-such-flag/);
    for (const r of [help, refused]) {
      // The probe listed what loaded: tsx's require hook and main.ts at least.
      expect(r.packages).toContain('tsx');
      expect(r.own).toContain('cli/main.ts');
      expect(r.packages.filter((p) => !TSX_OWN.includes(p))).toEqual([]);
      expect(r.own.filter((f) => !START_UP.test(f) && !allowed.includes(f))).toEqual([]);
    }
  });

  it('deploy: every flag judged first (a bad --wait, --fail-on or --api-version loads no work)', () => {
    for (const bad of [
      ['--wait', '0'],
      ['--fail-on', 'severe'],
      ['--api-version', '20.0'],
      ['--tests', ',']
    ]) {
      const r = run(['deploy', '-o', 'https://example.invalid', ...bad]);
      expect(r.code).toBe(2);
      expect(r.packages.filter((p) => !TSX_OWN.includes(p))).toEqual([]);
    }
  });

  it('apex-validate: a bad --layers value loads no work', () => {
    const r = run(['apex-validate', '--layers', 'parser,nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--layers/);
    expect(r.own.filter((f) => !START_UP.test(f))).toEqual(['commands/apex-validate.ts']);
  });

  it('the probe sees the work when a command runs: rules-validate on this project loads the Apex parser', () => {
    const r = run(['rules-validate', '-d', REPO_ROOT, '--json']);
    expect(r.code).toBe(0);
    expect(r.packages).toEqual(expect.arrayContaining(['@apexdevtools/apex-parser', 'antlr4']));
    expect(r.own).toEqual(expect.arrayContaining(['platform-rules/validate.ts']));
  });
});
