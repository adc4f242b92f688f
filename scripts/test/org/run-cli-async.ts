import { spawn } from 'node:child_process';
import path from 'node:path';
import type { CliRun } from '../helpers/run-cli';
import { REPO_ROOT } from '../helpers/paths';

/**
 * Runs the real CLI as a child process without blocking this process's event loop, so an org
 * emulator started in the test process keeps answering while the CLI talks to it.
 */
export function runCliAsync(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}
): Promise<CliRun> {
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin');
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(bin, 'node'),
      [
        path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        path.join(REPO_ROOT, 'scripts', 'src', 'cli.ts'),
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
