import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/server';
import { assertHomeClean, freshHome, removeHome, withHome } from '../helpers/home';
import { cliArgs, type CliRun } from '../helpers/run-cli';
import { REPO_ROOT } from '../helpers/paths';
import { runProcess, toolEnv } from '../helpers/processes';
import { runInProcess } from '../helpers/run-in-process';

export { withHome };

/**
 * Runs the real CLI as a child process without blocking this process's event loop, so an org
 * emulator started in the test process keeps answering while the CLI talks to it. With `sf`, runs
 * the Salesforce CLI from devDependencies instead (e.g. `sf org login access-token` to authorise an alias).
 * Without `env.HOME`, the run gets a fresh HOME of its own and fails if it leaves anything there
 * (../helpers/home); a test that gives HOME checks it itself.
 */
export async function runCliAsync(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; sf?: boolean } = {}
): Promise<CliRun> {
  const home = opts.env?.HOME === undefined ? freshHome() : undefined;
  try {
    const run = await spawnAsync(args, home ? { ...opts, env: { ...opts.env, HOME: home } } : opts);
    if (home && !opts.sf) assertHomeClean(home, [], args);
    return run;
  } finally {
    if (home) removeHome(home);
  }
}

function spawnAsync(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; sf?: boolean }
): Promise<CliRun> {
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    NO_COLOR: '1',
    ...opts.env
  };
  return runProcess(
    path.join(bin, 'node'),
    opts.sf
      ? [path.join(REPO_ROOT, 'node_modules', '@salesforce', 'cli', 'bin', 'run.js'), ...args]
      : // One process, as runCli starts it: the launcher, from the bundle (../helpers/run-cli: cliArgs).
        [...cliArgs(), ...args],
    {
      cwd: opts.cwd,
      // sf runs in the tool environment (../helpers/processes): no auto-update, no version check, no telemetry.
      env: opts.sf ? toolEnv(env.HOME ?? '', opts.env) : env,
      timeoutMs: 240_000
    }
  );
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

/** A fresh, empty HOME, as on a new CI runner (nothing under ~/.sf or ~/.sfdx). */
export const tempHome = freshHome;

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
