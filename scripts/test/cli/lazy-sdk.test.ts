import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticChain, toCsv } from '../../bench/audit-chain-data';
import { startEmulator, type Emulator } from '../../emulator/server';
import { filesUnder } from '../helpers/home';
import { fixture, REPO_ROOT } from '../helpers/paths';
import { BIN_DIR, freshHome, runProcess, toolEnv } from '../helpers/processes';
import { runCli, SALESFORCE_SDK, cliArgs } from '../helpers/run-cli';
import { ORG_NOW } from '../org/run-cli-async';

/**
 * An offline command (a project, an export file) never loads the Salesforce SDK: @salesforce/core with jsforce
 * and pino's logging worker, and SDR, cost most of a CLI start and serve only the -o/--target-org branch, which
 * imports them when it runs. Each command runs as a child process, as a user runs it, with a preload that lists
 * the npm packages it loaded (loaded-packages.cjs); the same command with -o lists them, so the probe sees them.
 */
jest.setTimeout(180_000);

const SDK = SALESFORCE_SDK;
const NOW = { PHI_GUARD_NOW: ORG_NOW };
const project = fixture('posture', 'compliant');

let dir: string;
let log: string;
let emu: Emulator;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-lazy-'));
  log = path.join(dir, 'phi-access-log.csv');
  writeFileSync(log, toCsv(syntheticChain(20)));
  emu = await startEmulator({ profile: 'compliant', port: 0, now: new Date(ORG_NOW) });
});
afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('an offline command loads no Salesforce SDK', () => {
  // One run of each command: a command's module loads whole, so the other subcommands' static imports are in it.
  // baa check offline: baa-cli.test.ts (its child run on this repository lists its packages too).
  it.each([
    [['access-review', '-d', project, '--json'], 0],
    [['audit-log', 'verify', '--file', '<log>'], 0],
    [
      [
        'incident',
        'scope',
        '--user',
        '005000000000001AAA',
        '--from',
        '2026-01-01',
        '--to',
        '2026-01-02',
        '--file',
        '<log>'
      ],
      0
    ]
  ])('%j', (args, code) => {
    const r = runCli(
      args.map((a) => (a === '<log>' ? log : a)),
      { env: NOW, packages: true }
    );
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(code);
    // The probe listed what loaded (the bundle, run as users run it): an empty list would prove nothing.
    expect(r.own).toContain('dist/main.js');
    expect(r.packages!.filter((p) => SDK.includes(p))).toEqual([]);
  });

  it('the same command with -o loads the SDK, and reads the org', async () => {
    const list = path.join(dir, 'online.txt');
    const home = freshHome();
    try {
      const r = await runProcess(
        path.join(BIN_DIR, 'node'),
        [
          '--require',
          path.join(__dirname, 'loaded-packages.cjs'),
          ...cliArgs(),
          ...['baa', 'check', '-d', REPO_ROOT, '-o', emu.url, '--json']
        ],
        { env: toolEnv(home, { ...NOW, SF_ACCESS_TOKEN: emu.token, PHI_GUARD_TEST_LOADED: list }) }
      );
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as { status: number }).status).toBe(0);
      expect(emu.requests().length).toBeGreaterThan(0);
      const packages = readFileSync(list, 'utf8').split('\n');
      expect(packages).toEqual(expect.arrayContaining(['@salesforce/core', '@jsforce/jsforce-node']));
      // A URL run with SF_ACCESS_TOKEN writes nothing under HOME (the SDK's log file is off for it).
      expect(filesUnder(home)).toEqual([]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
