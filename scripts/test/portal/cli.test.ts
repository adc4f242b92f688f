import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../portal/paths';

/** `npm run portal` flag handling, run as the real command (tsx on Node 22). Nothing is compiled. */

function portalCli(args: string[]) {
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin');
  const res = spawnSync(
    path.join(bin, 'node'),
    [
      path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(REPO_ROOT, 'scripts', 'portal', 'cli.ts'),
      ...args
    ],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 }
  );
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('npm run portal flags', () => {
  it('prints usage with --help and exits 0', () => {
    const run = portalCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: npm run portal');
  });

  it.each([
    [['--port', 'abc'], 'Error: Flag --port needs a port number from 0 to 65535, got "abc".'],
    [['--port', '70000'], 'Error: Flag --port needs a port number from 0 to 65535, got "70000".'],
    [['--verbose'], 'Error: Unknown flag: --verbose. Run with --help for usage.']
  ])('%j: one line naming the flag, exit 2', (args, line) => {
    const run = portalCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(line);
    expect(run.stdout).toBe('');
  });
});
