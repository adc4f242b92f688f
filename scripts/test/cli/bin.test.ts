import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fixture, REPO_ROOT } from '../helpers/paths';
import { BIN_DIR, freshHome, toolEnv } from '../helpers/processes';

/**
 * The phi-guard bin (package.json "bin"), run as a child process as a user runs it: it used to fail
 * on every command ("Cannot find module .../commands/verify": the lazy import() of each command was
 * not served by tsx's require hook alone). Each run has its own HOME.
 */
const BIN = path.join(REPO_ROOT, 'scripts', 'bin', 'phi-guard.js');

function bin(
  args: string[],
  opts: { node?: string; path?: string; nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {}
) {
  const home = freshHome();
  try {
    const env = toolEnv(home, { ...(opts.path === undefined ? {} : { PATH: opts.path }), ...opts.env });
    const r = spawnSync(opts.node ?? path.join(BIN_DIR, 'node'), [...(opts.nodeArgs ?? []), BIN, ...args], {
      cwd: REPO_ROOT,
      env,
      encoding: 'utf8',
      timeout: 180_000
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, home: readdirSync(home) };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('the phi-guard bin', () => {
  it('runs a command: verify --json on a project, writing nothing under HOME', () => {
    const r = bin(['verify', '-d', fixture('posture', 'compliant'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { status: number; result: { checks: unknown[] } };
    expect(out.status).toBe(0);
    expect(out.result.checks.length).toBeGreaterThan(20);
    expect(r.home).toEqual([]);
  });

  it('loads the operations commands (their modules load lazily): baa check --help', () => {
    const r = bin(['baa', 'check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('phi-guard baa check [-d <dir>] [-o <org>]');
  });

  it('source maps only with PHI_GUARD_DEBUG=1 (they serve only its stack traces), from the bundle and under tsx', () => {
    // Says at exit whether Node still applies source maps to the stack traces of this process.
    const probe = `data:text/javascript,process.on('exit',()=>process.stderr.write('maps:'+process.sourceMapsEnabled))`;
    const quiet = bin(['baa', 'check', '--help'], { nodeArgs: ['--import', probe] });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('maps:false');
    const debug = bin(['baa', 'check', '--help'], {
      nodeArgs: ['--import', probe],
      env: { PHI_GUARD_DEBUG: '1' }
    });
    expect(debug.stderr).toBe('maps:true');
    // The TypeScript door (`npx tsx scripts/src/cli/main.ts`, as node --import tsx runs it): tsx turns them on,
    // the CLI turns them off again.
    const home = freshHome();
    try {
      const script = spawnSync(
        path.join(BIN_DIR, 'node'),
        [
          '--import',
          probe,
          '--import',
          'tsx',
          path.join(REPO_ROOT, 'scripts', 'src', 'cli', 'main.ts'),
          '--version'
        ],
        { cwd: REPO_ROOT, env: toolEnv(home), encoding: 'utf8', timeout: 180_000 }
      );
      expect(script.status).toBe(0);
      expect(script.stderr).toBe('maps:false');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('a usage error: exit 2, one line, nothing on stdout', () => {
    const r = bin(['verify', '-o']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Error: Flag -o/--target-org needs a value. Run with --help for usage.\n');
  });

  it('started by an older Node (the machine`s own), it runs itself on the project`s Node 22', () => {
    // `node` on PATH without node_modules/.bin: whatever version the machine has (20 here).
    const systemPath = (process.env.PATH ?? '')
      .split(path.delimiter)
      .filter((d) => path.resolve(d) !== BIN_DIR)
      .join(path.delimiter);
    const r = bin(['--version'], { node: 'node', path: systemPath });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^phi-guard \d+\.\d+\.\d+ node-v(2[2-9]|[3-9]\d)\./);
  });
});
