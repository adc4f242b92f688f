import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './paths';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI as a child process on Node 22 (node_modules/.bin first on PATH, as npm
 * scripts do), exactly as a user or the pipeline would.
 */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin');
  const res = spawnSync(
    path.join(bin, 'node'),
    [
      path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(REPO_ROOT, 'scripts', 'src', 'cli', 'main.ts'),
      ...args
    ],
    {
      cwd: opts.cwd ?? REPO_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
        NO_COLOR: '1',
        ...opts.env
      },
      timeout: 180_000
    }
  );
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
