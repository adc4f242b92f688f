import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertHomeClean, freshHome, removeHome } from './home';
import { REPO_ROOT } from './paths';
import { runProcess } from './processes';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * tsx's loader, as `node --import tsx` loads it (https://tsx.is/dev-api: "pass it to Node with node --import tsx"),
 * named by its file URL so the child resolves it from this checkout whatever its working folder. One node process
 * per run: `tsx main.ts` (tsx's CLI) starts a node that spawns a second node with the same loader.
 */
export const TSX_IMPORT = pathToFileURL(
  path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')
).href;

/** The CLI's TypeScript entry, as tsx runs it (`npx tsx scripts/src/cli/main.ts`). */
export const MAIN_TS = path.join(REPO_ROOT, 'scripts', 'src', 'cli', 'main.ts');

/**
 * The launcher every door runs (the npm scripts, the phi-guard bin, the sf plugin): the CLI's bundle, rebuilt first
 * when scripts/src changed since it was built (scripts/build/run.cjs).
 */
export const LAUNCHER = path.join(REPO_ROOT, 'scripts', 'build', 'run.cjs');

/** How a child run starts the CLI: through the launcher, as users run it, or the TypeScript through tsx. */
export type Via = 'bundle' | 'tsx';

/** The node arguments that start the CLI the given way (the command line follows them). */
export function cliArgs(via: Via = 'bundle'): string[] {
  return via === 'tsx' ? ['--import', TSX_IMPORT, MAIN_TS] : [LAUNCHER];
}

/** The Salesforce SDK's packages, which only a run against an org (-o) loads: cli/lazy-sdk.test.ts. */
export const SALESFORCE_SDK = [
  '@salesforce/core',
  '@jsforce/jsforce-node',
  '@salesforce/source-deploy-retrieve'
];

/** The preload that lists the npm packages a run loaded (runCli's `packages` option). */
const LOADED_PACKAGES = path.join(REPO_ROOT, 'scripts', 'test', 'cli', 'loaded-packages.cjs');

/** How runCli and runCliNonBlocking are called. */
export interface RunCliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  packages?: boolean;
  via?: Via;
}

/** A child run's result, with the lists of what it loaded when asked for (`packages`). */
export type CliChildRun = CliRun & { packages?: string[]; own?: string[] };

/**
 * Runs the real CLI as a child process on Node 22 (node_modules/.bin first on PATH, as npm
 * scripts do), exactly as a user or the pipeline would: through the launcher, from the bundle (with `via: 'tsx'`,
 * the TypeScript through tsx instead, as `npx tsx scripts/src/cli/main.ts` runs it). Without `env.HOME`, the run gets a fresh
 * HOME of its own and fails if it leaves anything there (./home); a test that gives HOME checks it itself.
 * With `packages`, the run also says which npm packages it loaded, and which of the CLI's own modules (paths under
 * scripts/src/, or the bundle's files as dist/<file> from the bundle), from ../cli/loaded-packages.cjs, preloaded.
 */
export function runCli(args: string[], opts: RunCliOptions = {}): CliChildRun {
  const run = prepareRun(args, opts);
  try {
    const res = spawnSync(run.command, run.argv, { ...run.options, encoding: 'utf8', timeout: 180_000 });
    return run.finish({ code: res.status, stdout: res.stdout, stderr: res.stderr });
  } finally {
    run.cleanUp();
  }
}

/**
 * The same child run as {@link runCli}, without blocking this process, so that runs with nothing to share can
 * overlap (`await Promise.all([...])`); killed after the same 180 s.
 */
export async function runCliNonBlocking(args: string[], opts: RunCliOptions = {}): Promise<CliChildRun> {
  const run = prepareRun(args, opts);
  try {
    const res = await runProcess(run.command, run.argv, { ...run.options, timeoutMs: 180_000 });
    return run.finish(res);
  } finally {
    run.cleanUp();
  }
}

/** One child run's command line and environment, what to check and read when it ends, and what to remove. */
function prepareRun(args: string[], opts: RunCliOptions) {
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin');
  const home = opts.env?.HOME === undefined ? freshHome() : undefined;
  const listDir = opts.packages ? mkdtempSync(path.join(os.tmpdir(), 'phi-guard-loaded-')) : undefined;
  const list = listDir && path.join(listDir, 'packages.txt');
  const own = listDir && path.join(listDir, 'own.txt');
  const options = {
    cwd: opts.cwd ?? REPO_ROOT,
    env: {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      NO_COLOR: '1',
      ...(home ? { HOME: home } : {}),
      ...opts.env,
      ...(list ? { PHI_GUARD_TEST_LOADED: list } : {}),
      ...(own ? { PHI_GUARD_TEST_LOADED_SRC: own } : {})
    }
  };
  return {
    command: path.join(bin, 'node'),
    argv: [...(list ? ['--require', LOADED_PACKAGES] : []), ...cliArgs(opts.via), ...args],
    options,
    finish(run: CliRun): CliChildRun {
      if (home) assertHomeClean(home, [], args);
      if (!list || !own) return run;
      const lines = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean);
      return { ...run, packages: lines(list), own: lines(own) };
    },
    cleanUp() {
      if (home) removeHome(home);
      if (listDir) rmSync(listDir, { recursive: true, force: true });
    }
  };
}
