import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../helpers/paths';
import type { CliRun } from '../../helpers/run-cli';

/**
 * runCli without blocking: the org emulator runs in the test process, so the CLI child must not
 * hold up its event loop (spawnSync would deadlock the two). Same binary and environment as runCli.
 */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin');
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(bin, 'node'),
      [
        path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        path.join(REPO_ROOT, 'scripts', 'src', 'cli', 'main.ts'),
        ...args
      ],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
          NO_COLOR: '1',
          ...env
        }
      }
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
