import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertHomeClean, freshHome, removeHome } from './home';
import { REPO_ROOT } from './paths';

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

/**
 * Runs the real CLI as a child process on Node 22 (node_modules/.bin first on PATH, as npm
 * scripts do), exactly as a user or the pipeline would. Without `env.HOME`, the run gets a fresh
 * HOME of its own and fails if it leaves anything there (./home); a test that gives HOME checks it itself.
 */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin');
  const home = opts.env?.HOME === undefined ? freshHome() : undefined;
  try {
    const run = spawnCli(bin, args, opts, home);
    if (home) assertHomeClean(home, [], args);
    return run;
  } finally {
    if (home) removeHome(home);
  }
}

function spawnCli(
  bin: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv },
  home: string | undefined
): CliRun {
  const res = spawnSync(
    path.join(bin, 'node'),
    ['--import', TSX_IMPORT, path.join(REPO_ROOT, 'scripts', 'src', 'cli', 'main.ts'), ...args],
    {
      cwd: opts.cwd ?? REPO_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
        NO_COLOR: '1',
        ...(home ? { HOME: home } : {}),
        ...opts.env
      },
      timeout: 180_000
    }
  );
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
