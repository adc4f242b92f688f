import { spawnSync } from 'node:child_process';

/**
 * The git commit a run's inputs come from, for the evidence packs: HEAD of the repository that holds
 * `dir` (a project below the repository top counts), and whether the work tree had uncommitted
 * changes, so a pack never claims a commit its files differ from. Undefined outside a repository or
 * without git. Used offline, online (the project supplies config/) and by deploy.
 */
export function gitState(dir: string): { commit?: string; dirty?: boolean } {
  const run = (args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  const head = run(['rev-parse', '--verify', 'HEAD']);
  if (head.status !== 0 || !/^[0-9a-f]{40,64}$/.test(head.stdout.trim())) return {};
  const status = run(['status', '--porcelain', '--untracked-files=no', '--', '.']);
  return { commit: head.stdout.trim(), dirty: status.status === 0 && status.stdout.trim() !== '' };
}
