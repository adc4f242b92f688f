import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gitState } from '../../src/engine/git';

/** The commit an evidence pack names: HEAD of the project's repository, and whether the tree was dirty. */
describe('gitState', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-git-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) =>
    spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
      cwd: dir,
      encoding: 'utf8'
    });

  it('outside a repository: nothing claimed', () => {
    expect(gitState(dir)).toEqual({});
  });

  it('the commit of a project below the repository top, and uncommitted changes flagged', () => {
    git('init', '-q');
    mkdirSync(path.join(dir, 'project'));
    writeFileSync(path.join(dir, 'project', 'a.txt'), 'a');
    expect(gitState(path.join(dir, 'project'))).toEqual({}); // no commit yet
    git('add', '.');
    git('commit', '-qm', 'one');
    const head = git('rev-parse', 'HEAD').stdout.trim();
    expect(gitState(path.join(dir, 'project'))).toEqual({ commit: head, dirty: false });
    writeFileSync(path.join(dir, 'project', 'a.txt'), 'b');
    expect(gitState(path.join(dir, 'project'))).toEqual({ commit: head, dirty: true });
  });
});
