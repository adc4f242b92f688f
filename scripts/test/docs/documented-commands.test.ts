import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths';
import {
  documentedCommands,
  extractCommands,
  helpForm,
  makeWorkspace,
  planFor,
  READS_ONLY_NAMED_FILES,
  report,
  runDocCommand,
  shellWords,
  SPECIAL,
  type Outcome
} from './doc-commands';

/**
 * Every command line README.md and docs/*.md show in a code block, starting with `npm run`, `npx`,
 * `sf phi-guard` or `phi-guard`, runs: as shown, in a copy of the project with a private HOME, in
 * reading order (as a user follows them). A command that needs an org or serves until interrupted
 * runs its --help instead (doc-commands.ts, SPECIAL, with the reason for each). The npm scripts, the
 * phi-guard bin and `sf phi-guard` all run here as child processes.
 */
jest.setTimeout(40 * 60_000);

const commands = documentedCommands();
let ws: ReturnType<typeof makeWorkspace>;

beforeAll(() => {
  ws = makeWorkspace();
});
afterAll(() => rmSync(path.dirname(ws.cwd), { recursive: true, force: true }));

describe('the documented commands', () => {
  it('are found in README.md and docs/operations.md, each stand-in with its reason used', () => {
    const docs = new Set(commands.map((c) => c.doc));
    expect([...docs]).toEqual(expect.arrayContaining(['README.md', 'docs/operations.md']));
    const starts = (p: string) => commands.some((c) => c.text.startsWith(p));
    for (const door of ['npm run ', 'npx sf phi-guard ', 'npx phi-guard ']) expect(starts(door)).toBe(true);
    for (const s of [...SPECIAL, ...READS_ONLY_NAMED_FILES])
      expect(commands.some((c) => s.match.test(c.text))).toBe(true);
    // The old entry point the operations guide named is gone from every doc.
    expect(commands.filter((c) => c.text.includes('scripts/src/cli.ts'))).toEqual([]);
  });

  it('each runs (exit 0; its --help where it needs an org or a server)', async () => {
    // The checkout stays as it was: its compiled plugin (which sf loads) included.
    const lib = path.join(REPO_ROOT, 'plugin', 'lib');
    const built = () =>
      readdirSync(lib, { recursive: true }).map((f) => [
        String(f),
        statSync(path.join(lib, String(f))).mtimeMs
      ]);
    const before = built();
    const outcomes: Outcome[] = [];
    for (const cmd of commands) outcomes.push(await runDocCommand(cmd, ws));
    expect(report(outcomes)).toBe('');
    expect(built()).toEqual(before);
    // Not vacuous: most ran for real, and the reports the docs write landed in the copy.
    expect(outcomes.filter((o) => !o.plan?.help).length).toBeGreaterThan(commands.length / 2);
    expect(readFileSync(path.join(ws.cwd, 'breach-checklist.md'), 'utf8')).toContain('164.404');
    // npm kept its state in the workspace's HOME: `npx phi-guard` installed this project into that HOME's npx
    // cache, not into the npm cache of whoever runs the tests (toolEnv drops the npm_config_* that an enclosing
    // `npm test` or `npx jest` exports).
    expect(readdirSync(path.join(ws.home, '.npm', '_npx'))).toHaveLength(1);
  });

  it('a broken command in README fails, naming README.md and its line (a planted copy)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-planted-'));
    try {
      const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
      const first = readme.split('\n').length + 2;
      const planted = [
        'npm run verify -- --no-such-flag',
        'npx tsx scripts/src/cli.ts access-review',
        'npm run no-such-script',
        'npm run verify -- -d path/with/a/<placeholder>'
      ];
      writeFileSync(path.join(dir, 'README.md'), `${readme}\n\`\`\`sh\n${planted.join('\n')}\n\`\`\`\n`);
      const found = documentedCommands(dir, ['README.md']).filter((c) => c.line >= first);
      expect(found.map((c) => [c.line, c.text])).toEqual(planted.map((t, i) => [first + i, t]));
      const outcomes: Outcome[] = [];
      for (const cmd of found) outcomes.push(await runDocCommand(cmd, ws));
      expect(report(outcomes).split('\n')).toEqual([
        expect.stringMatching(
          new RegExp(
            `^README\\.md:${first}: \`npm run verify -- --no-such-flag\`: exit 2: .*Unknown flag: --no-such-flag`
          )
        ),
        expect.stringMatching(new RegExp(`^README\\.md:${first + 1}: .*: exit 1: .*Cannot find module`)),
        expect.stringMatching(new RegExp(`^README\\.md:${first + 2}: .*: exit 1: .*Missing script`)),
        `README.md:${first + 3}: \`npm run verify -- -d path/with/a/<placeholder>\`: unresolved placeholder`
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reading a command line', () => {
  it('takes code-block lines with the prefixes, joins continuations, drops comments', () => {
    const md = [
      'npm run verify -- --json',
      '```sh',
      'npm run verify -- -d x   # a comment',
      'SF_ACCESS_TOKEN=abc npx phi-guard verify \\',
      '  -o https://x.example',
      'sf org login web',
      'sf phi-guard verify',
      '```',
      '~~~',
      'phi-guard baa check',
      '~~~'
    ].join('\n');
    expect(extractCommands(md, 'X.md')).toEqual([
      { doc: 'X.md', line: 3, text: 'npm run verify -- -d x' },
      { doc: 'X.md', line: 4, text: 'SF_ACCESS_TOKEN=abc npx phi-guard verify -o https://x.example' },
      { doc: 'X.md', line: 7, text: 'sf phi-guard verify' },
      { doc: 'X.md', line: 10, text: 'phi-guard baa check' }
    ]);
  });

  it('splits words as a shell does, and refuses shell syntax', () => {
    expect(shellWords(`npx phi-guard deploy --reason "hot fix" --tests 'A B' a\\ b`)).toEqual([
      'npx',
      'phi-guard',
      'deploy',
      '--reason',
      'hot fix',
      '--tests',
      'A B',
      'a b'
    ]);
    for (const bad of [
      'npm run verify | tee x',
      'npm run a && npm run b',
      'npx x > out',
      'npx "$HOME"',
      'npx "x'
    ])
      expect(() => shellWords(bad)).toThrow();
  });

  it('a stand-in keeps the command and subcommand, then --help', () => {
    expect(helpForm(['npm', 'run', 'verify', '--', '-o', 'myorg'])).toEqual([
      'npm',
      'run',
      'verify',
      '--',
      '--help'
    ]);
    expect(helpForm(['npm', 'run', 'portal'])).toEqual(['npm', 'run', 'portal', '--', '--help']);
    expect(helpForm(['npx', 'sf', 'phi-guard', 'audit-log', 'verify', '-o', 'prod'])).toEqual([
      'npx',
      'sf',
      'phi-guard',
      'audit-log',
      'verify',
      '--help'
    ]);
    const plan = planFor({
      doc: 'X.md',
      line: 1,
      text: 'SF_ACCESS_TOKEN=t npm run verify -- -o https://x.example'
    });
    expect(plan).toEqual({
      argv: ['npm', 'run', 'verify', '--', '-o', 'https://x.example'],
      env: { SF_ACCESS_TOKEN: 't' },
      help: false
    });
  });
});
