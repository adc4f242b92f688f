import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { runPortal } from '../../portal/cli';
import { REPO_ROOT } from '../../portal/paths';

/**
 * `npm run portal` flag handling. Its real entry, runPortal, runs in this process for each flag; one run as the
 * real command (`tsx scripts/portal/cli.ts` on Node 22, as `npm run portal` starts it) proves the process itself:
 * the exit status and which stream gets the line. Nothing is compiled: the compiler loads only once the flags
 * are good.
 */

async function portalInProcess(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const run = await runPortal(args, { out: (s) => out.push(s + '\n'), err: (s) => err.push(s + '\n') });
  await run.stop();
  return { code: run.code, server: run.server, stdout: out.join(''), stderr: err.join('') };
}

/** The command as `npm run portal` runs it: `tsx scripts/portal/cli.ts`, on Node 22. */
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
  it('prints usage with --help and exits 0', async () => {
    const run = await portalInProcess(['--help']);
    expect(run.code).toBe(0);
    expect(run.server).toBeUndefined();
    expect(run.stdout).toContain('Usage: npm run portal');
    expect(run.stderr).toBe('');
  });

  it.each([
    [['--port', 'abc'], 'Error: Flag --port needs a port number from 0 to 65535, got "abc".'],
    [['--port', '70000'], 'Error: Flag --port needs a port number from 0 to 65535, got "70000".'],
    [['--verbose'], 'Error: Unknown flag: --verbose. Run with --help for usage.']
  ])('%j: one line naming the flag, exit 2', async (args, line) => {
    const run = await portalInProcess(args);
    expect(run.code).toBe(2);
    expect(run.server).toBeUndefined();
    expect(run.stderr.trim()).toBe(line);
    expect(run.stdout).toBe('');
  });

  it('as the real command: a bad flag is one line on stderr, nothing on stdout, exit status 2', () => {
    const run = portalCli(['--port', 'abc']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('Error: Flag --port needs a port number from 0 to 65535, got "abc".\n');
    expect(run.stdout).toBe('');
  });
});
