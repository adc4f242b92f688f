import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths';

/** `npm test`'s runner of its static layers (scripts/dev/parallel.js), as npm runs it: a child process. */
function parallel(...commands: string[]) {
  return parallelWith([], commands);
}

function parallelWith(nodeArgs: string[], commands: string[]) {
  const r = spawnSync(
    process.execPath,
    [...nodeArgs, path.join(REPO_ROOT, 'scripts', 'dev', 'parallel.js'), ...commands],
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

  it('a command whose shell cannot be spawned is one failure, reported once', () => {
    // Node's spawn emits 'error' and then 'close' for a shell that does not exist: the preload points every spawn
    // at such a shell.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-parallel-'));
    const preload = path.join(dir, 'no-shell.cjs');
    writeFileSync(
      preload,
      "const cp = require('node:child_process'); const spawn = cp.spawn;\n" +
        "cp.spawn = (c, o) => spawn(c, { ...o, shell: '/nonexistent/sh' });\n"
    );
    try {
      const r = parallelWith(['--require', preload], ['echo one']);
      expect(r.code).toBe(1);
      expect(r.stdout.match(/\$ echo one\n/g)).toHaveLength(1);
      expect(r.stdout).toMatch(/FAILED: spawn \/nonexistent\/sh ENOENT/);
      expect(r.stderr).toBe('\n1 of 1 failed: echo one\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with no command it prints its usage and exits 2', () => {
    const r = parallel();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^usage: /);
  });
});
