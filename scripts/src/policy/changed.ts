import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { UserError } from '../errors';
import { msg } from '../messages';

function git(root: string, args: string[]) {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (r.error) throw new UserError(msg.policy.gitMissing, 'UsageError');
  return r;
}

/**
 * Files changed since `ref` (committed, staged, unstaged and untracked), as paths relative to the
 * project root. A ref git does not know, or a project outside git, is a usage error (exit 2).
 */
export function changedFilesSince(root: string, ref: string): Set<string> {
  const top = git(root, ['rev-parse', '--show-toplevel']);
  if (top.status !== 0) throw new UserError(msg.policy.notGit(root), 'UsageError');
  const verify = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (verify.status !== 0 || ref.startsWith('-')) throw new UserError(msg.policy.badRef(ref), 'UsageError');
  const diff = git(root, ['diff', '--name-only', '-z', ref, '--', '.']);
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '-z', '--', '.']);
  const gitTop = top.stdout.trim();
  const out = new Set<string>();
  for (const list of [diff.stdout, untracked.stdout]) {
    for (const f of list.split('\0').filter(Boolean)) {
      // diff paths are relative to the repository top; ls-files paths to the cwd.
      const abs = list === diff.stdout ? path.join(gitTop, f) : path.join(root, f);
      out.add(path.relative(root, abs).split(path.sep).join('/'));
    }
  }
  return out;
}
