import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors';
import { deployMsg as m } from '../messages/deploy';

export interface Delta {
  ref: string;
  /** Absolute paths of changed or added files under the package directories (of the deploy copy). */
  changed: string[];
  /** Project-relative paths of deleted files. */
  deleted: string[];
  /** With --allow-deletes: the deleted files as of `ref`, restored in a temporary folder for the destructive manifest. */
  deletedSource?: { paths: string[]; cleanup: () => void };
}

/** Runs git in the project; a failure names the ref the user gave (--delta), never git's own output. */
function git(root: string, args: string[], ref: string): string {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new UserError(m.delta.badRef(ref), 'UsageError');
  return r.stdout;
}

/**
 * Files changed in the package directories since `ref` (committed and working tree: `git diff --name-status <ref>`,
 * plus untracked files). SDR resolves each changed file to its component (a field file deploys its field, an Apex
 * body its class). Paths are mapped onto `deployRoot` (the stripped copy under --without-shield).
 */
export function computeDelta(
  root: string,
  packageDirs: string[],
  ref: string,
  deployRoot: string,
  allowDeletes: boolean
): Delta {
  git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], ref);
  const rels = packageDirs.map((d) => path.relative(root, d));
  // -z: NUL-separated and unquoted (git quotes a path with non-ASCII bytes otherwise); --relative: paths from the
  // project folder, which may sit below the repository's top (ls-files is relative to it already).
  // (-z and --relative: https://git-scm.com/docs/git-diff ; core.quotePath: https://git-scm.com/docs/git-config)
  const out = git(
    root,
    ['diff', '-z', '--name-status', '--no-renames', '--relative', ref, '--', ...rels],
    ref
  );
  const untracked = git(root, ['ls-files', '-z', '--others', '--exclude-standard', '--', ...rels], ref);
  const changed = new Set<string>();
  const deleted: string[] = [];
  const fields = out.split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [status, file] = [fields[i] as string, fields[i + 1] as string];
    if (status === 'D') deleted.push(file);
    else changed.add(file);
  }
  for (const f of untracked.split('\0').filter(Boolean)) changed.add(f);
  const inCopy = [...changed].map((f) => path.join(deployRoot, f)).filter((f) => existsSync(f));
  let deletedSource: Delta['deletedSource'];
  if (allowDeletes && deleted.length) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-deleted-'));
    const paths: string[] = [];
    for (const f of deleted) {
      // `<ref>:./<path>` is read relative to the project folder (https://git-scm.com/docs/gitrevisions). A file
      // `git diff <ref>` lists as deleted exists at <ref>; should git fail all the same, the run stops (fail closed).
      const r = spawnSync('git', ['show', `${ref}:./${f}`], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
      if (r.status !== 0) {
        rmSync(dir, { recursive: true, force: true });
        throw new UserError(m.delta.badRef(ref), 'UsageError');
      }
      const target = path.join(dir, f);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, r.stdout);
      paths.push(target);
    }
    deletedSource = { paths, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  return { ref, changed: inCopy, deleted, deletedSource };
}
