import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeDelta } from '../../src/deploy/delta';

/** --delta against real git repositories. */
let base: string;
beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-delta-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function repo(dir: string) {
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => {
    const g = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
      cwd: dir,
      encoding: 'utf8'
    });
    expect(g.stderr).toBe('');
    expect(g.status).toBe(0);
  };
  git('init', '-q');
  return git;
}
const put = (file: string, text: string) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};

describe('computeDelta', () => {
  it('a project below the repository top: changed, untracked and deleted files are read from the project folder', () => {
    const top = path.join(base, 'repo');
    const git = repo(top);
    const root = path.join(top, 'salesforce');
    const cls = 'force-app/main/default/classes';
    put(path.join(root, cls, 'A.cls'), 'public class A {}');
    put(path.join(root, cls, 'B.cls'), 'public class B {}');
    put(path.join(root, cls, 'Gone.cls'), 'public class Gone {}');
    put(path.join(top, 'README.md'), 'outside the project');
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(path.join(root, cls, 'A.cls'), 'public class A { }');
    put(path.join(root, cls, 'New.cls'), 'public class New {}');
    rmSync(path.join(root, cls, 'Gone.cls'));
    writeFileSync(path.join(top, 'README.md'), 'changed, not metadata');

    const d = computeDelta(root, [path.join(root, 'force-app')], 'HEAD', root, true);
    expect(d.changed.sort()).toEqual([path.join(root, cls, 'A.cls'), path.join(root, cls, 'New.cls')]);
    expect(d.deleted).toEqual([`${cls}/Gone.cls`]);
    const restored = d.deletedSource?.paths ?? [];
    expect(restored).toHaveLength(1);
    expect(readFileSync(restored[0] as string, 'utf8')).toBe('public class Gone {}');
    d.deletedSource?.cleanup();
    expect(existsSync(restored[0] as string)).toBe(false);
  });

  it('file names git would quote (non-ASCII) are kept, not dropped', () => {
    const root = path.join(base, 'p');
    const git = repo(root);
    const res = 'force-app/main/default/staticresources';
    put(path.join(root, res, 'Logo_é.resource-meta.xml'), '<StaticResource/>');
    put(path.join(root, res, 'Old_ü.resource-meta.xml'), '<StaticResource/>');
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(path.join(root, res, 'Logo_é.resource-meta.xml'), '<StaticResource> </StaticResource>');
    put(path.join(root, res, 'Neu_ß.resource-meta.xml'), '<StaticResource/>');
    rmSync(path.join(root, res, 'Old_ü.resource-meta.xml'));
    const d = computeDelta(root, [path.join(root, 'force-app')], 'HEAD', root, true);
    expect(d.changed.map((f) => path.basename(f)).sort()).toEqual([
      'Logo_é.resource-meta.xml',
      'Neu_ß.resource-meta.xml'
    ]);
    expect(d.deleted).toEqual([`${res}/Old_ü.resource-meta.xml`]);
    expect(d.deletedSource?.paths.map((f) => path.basename(f))).toEqual(['Old_ü.resource-meta.xml']);
    d.deletedSource?.cleanup();
  });

  it('without --allow-deletes nothing is restored; paths are mapped onto the deploy copy', () => {
    const root = path.join(base, 'q');
    const git = repo(root);
    put(path.join(root, 'force-app/a/A.cls'), 'x');
    put(path.join(root, 'force-app/a/B.cls'), 'x');
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(path.join(root, 'force-app/a/A.cls'), 'y');
    rmSync(path.join(root, 'force-app/a/B.cls'));
    const copy = path.join(base, 'copy');
    put(path.join(copy, 'force-app/a/A.cls'), 'y');
    const d = computeDelta(root, [path.join(root, 'force-app')], 'HEAD', copy, false);
    expect(d).toEqual({
      ref: 'HEAD',
      changed: [path.join(copy, 'force-app/a/A.cls')],
      deleted: ['force-app/a/B.cls'],
      deletedSource: undefined
    });
  });

  it('a ref git cannot resolve, or a folder that is not a repository: one line naming the ref', () => {
    const root = path.join(base, 'r');
    mkdirSync(path.join(root, 'force-app'), { recursive: true });
    expect(() => computeDelta(root, [path.join(root, 'force-app')], 'main~3', root, false)).toThrow(
      /^--delta: git cannot resolve "main~3" in this project$/
    );
  });
});
