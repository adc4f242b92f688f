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
  const out = git(root, ['diff', '--name-status', '--no-renames', ref, '--', ...rels], ref);
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '--', ...rels], ref);
  const changed = new Set<string>();
  const deleted: string[] = [];
  for (const line of out.split('\n').filter(Boolean)) {
    const [status, file] = line.split('\t') as [string, string];
    if (status === 'D') deleted.push(file);
    else changed.add(file);
  }
  for (const f of untracked.split('\n').filter(Boolean)) changed.add(f);
  const inCopy = [...changed].map((f) => path.join(deployRoot, f)).filter((f) => existsSync(f));
  let deletedSource: Delta['deletedSource'];
  if (allowDeletes && deleted.length) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-deleted-'));
    const paths: string[] = [];
    for (const f of deleted) {
      const r = spawnSync('git', ['show', `${ref}:${f}`], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
      if (r.status !== 0) continue;
      const target = path.join(dir, f);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, r.stdout);
      paths.push(target);
    }
    deletedSource = { paths, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  return { ref, changed: inCopy, deleted, deletedSource };
}
