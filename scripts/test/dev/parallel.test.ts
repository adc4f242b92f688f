import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths';

/** `npm test`'s runner of its static layers (scripts/dev/parallel.js), as npm runs it: a child process. */
function parallel(...commands: string[]) {
  const r = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'scripts', 'dev', 'parallel.js'), ...commands],
    {
      encoding: 'utf8'
    }
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scripts/dev/parallel.js', () => {
  it('runs every command, prints each output whole with its verdict, and exits 0 when all pass', () => {
    const r = parallel('echo one && echo two', 'echo three');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\$ echo one && echo two\none\ntwo\nok \(\d+\.\d s\)\n/);
    expect(r.stdout).toMatch(/\$ echo three\nthree\nok \(\d+\.\d s\)\n/);
    expect(r.stdout).toContain('all 2 passed');
  });

  it('exits 1 after all have ended when one fails, naming it; the others still run', () => {
    const r = parallel('echo broken >&2; exit 3', 'sleep 0.2; echo later', 'echo last');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/broken\nFAILED: exit 3/);
    expect(r.stdout).toContain('later\nok');
    expect(r.stdout).toContain('last\nok');
    expect(r.stderr).toBe('\n1 of 3 failed: echo broken >&2; exit 3\n');
  });

  it('with no command it prints its usage and exits 2', () => {
    const r = parallel();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^usage: /);
  });
});
