import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/server';
import type { CliRun } from '../helpers/run-cli';
import { REPO_ROOT } from '../helpers/paths';
import { runInProcess } from '../helpers/run-in-process';

/**
 * Runs the real CLI as a child process without blocking this process's event loop, so an org
 * emulator started in the test process keeps answering while the CLI talks to it. With `sf`, runs
 * the Salesforce CLI from devDependencies instead (e.g. `sf org login access-token` to authorise an alias).
 */
export function runCliAsync(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; sf?: boolean } = {}
): Promise<CliRun> {
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin');
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(bin, 'node'),
      opts.sf
        ? [path.join(REPO_ROOT, 'node_modules', '@salesforce', 'cli', 'bin', 'run.js'), ...args]
        : [
            path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
            path.join(REPO_ROOT, 'scripts', 'src', 'cli', 'main.ts'),
            ...args
          ],
      {
        cwd: opts.cwd ?? REPO_ROOT,
        env: {
          ...process.env,
          PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
          NO_COLOR: '1',
          ...opts.env
        }
      }
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Fixed "today" for the CLI and the emulator, so key ages and register intervals do not drift. */
export const ORG_NOW = '2026-11-25T12:00:00Z';

export interface OrgRun extends CliRun {
  emu: Emulator;
  /** The emulator's request log, fetched over HTTP as a user would (GET /__emulator/requests). */
  requestLog: string;
  home: string;
  /** Progress lines drawn (in-process runs with `tty` only). */
  progress?: string[];
}

/**
 * A fresh HOME for @salesforce/core's state (~/.sf, ~/.sfdx: auth files, aliases, log files), as
 * @salesforce/core leaves it on first use: an empty alias file. (Its AliasAccessor creates that file
 * when reading it fails with ENOENT, but tests it with `e instanceof Error`, which is false under jest
 * for errors from Node's fs, made in another vm realm; seeding the file keeps in-process runs on the
 * path a real first run takes once the file exists.)
 */
export function tempHome(): string {
  const home = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-home-'));
  mkdirSync(path.join(home, '.sfdx'));
  writeFileSync(path.join(home, '.sfdx', 'alias.json'), JSON.stringify({ orgs: {} }));
  return home;
}

/**
 * The jest worker's real `process`. Jest gives each test file a copy of `process.env`, so setting
 * HOME there never reaches `os.homedir()`, which libuv answers from the process's C environment.
 * A function made by the outer realm's Function constructor sees the real global `process`.
 */
const realProcess = (os.homedir.constructor as FunctionConstructor)('return process')() as NodeJS.Process;

/**
 * Runs `fn` in process with HOME set to `home` for real (os.homedir() included), then restores it.
 * @salesforce/core derives ~/.sf and ~/.sfdx from os.homedir() on every access (Global.SF_DIR and
 * SFDX_DIR are getters) and keys its StateAggregator cache by that folder, so Org.create reads the
 * aliases and auth files of this HOME. Its root logger is created once per module registry, with the
 * HOME of that moment: in-process runs turn the log file off (SF_DISABLE_LOG_FILE) and the log-file
 * canary stays a child-process run.
 */
export async function withHome<T>(home: string, fn: () => Promise<T>): Promise<T> {
  const saved = realProcess.env.HOME;
  realProcess.env.HOME = home;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete realProcess.env.HOME;
    else realProcess.env.HOME = saved;
  }
}

/** The environment a pipeline gives `verify -o <url>`: the token, a fixed "today", a fresh HOME. */
function orgEnv(emu: Emulator, home: string): NodeJS.ProcessEnv {
  return {
    SF_ACCESS_TOKEN: emu.token,
    PHI_GUARD_NOW: ORG_NOW,
    HOME: home,
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true'
  };
}

/**
 * Starts the emulator with a profile and faults, runs `phi-guard verify -o <url>` against it as a
 * child process (token in SF_ACCESS_TOKEN, HOME in a fresh folder so @salesforce/core's log files
 * can be searched), then stops the emulator.
 */
export async function verifyAgainst(
  profile: string,
  args: string[] = [],
  faults: string[] = []
): Promise<OrgRun> {
  const emu = await startEmulator({ profile, port: 0, faults, now: new Date(ORG_NOW) });
  const home = tempHome();
  try {
    const run = await runCliAsync(['verify', '-o', emu.url, '--no-progress', ...args], {
      env: orgEnv(emu, home)
    });
    const requestLog = await (await fetch(`${emu.url}/__emulator/requests`)).text();
    return { ...run, emu, requestLog, home };
  } finally {
    await emu.stop();
  }
}

/**
 * The same run as {@link verifyAgainst}, through the real CLI entry in this process (so the org
 * code counts towards coverage): the emulator is real, on a real socket, and so are @salesforce/core
 * and jsforce. HOME points at a fresh folder for the run ({@link withHome}). `setup` changes the emulated org before the run; without `tty`, progress is off.
 */
export async function verifyInProcess(
  profile: string,
  args: string[] = [],
  faults: string[] = [],
  opts: { tty?: boolean; env?: NodeJS.ProcessEnv; setup?: (emu: Emulator) => void } = {}
): Promise<OrgRun> {
  const emu = await startEmulator({ profile, port: 0, faults, now: new Date(ORG_NOW) });
  const home = tempHome();
  try {
    opts.setup?.(emu);
    const run = await withHome(home, () =>
      runInProcess(['verify', '-o', emu.url, ...(opts.tty ? [] : ['--no-progress']), ...args], {
        env: { ...orgEnv(emu, home), SF_DISABLE_LOG_FILE: 'true', ...opts.env },
        tty: opts.tty
      })
    );
    return { ...run, emu, requestLog: JSON.stringify(emu.requests()), home };
  } finally {
    await emu.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

/** Every file under a folder, as text (for the canary search). */
export function allText(dir: string): string {
  let out = '';
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out += readFileSync(path.join(e.parentPath, e.name), 'utf8');
  }
  return out;
}
