import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { deployMsg as m } from '../messages/deploy';

/**
 * Refuses an --output-dir that already holds files (checked again when the pack is written). The deploy command
 * checks it before anything is sent to the org, so a refused folder never follows a deploy that left no pack.
 */
export function checkPackTarget(dir: string): string {
  const target = path.resolve(dir);
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0))
    throw new UserError(m.pack.exists(dir), 'InputError');
  let parent = path.dirname(target);
  while (!existsSync(parent)) parent = path.dirname(parent);
  if (!statSync(parent).isDirectory()) throw new UserError(m.pack.cannotWrite(dir, 'ENOTDIR'), 'InputError');
  return target;
}

/**
 * Writes the evidence pack all-or-nothing: every file goes to a hidden sibling folder first, which is renamed onto
 * `--output-dir` only when all are written. An existing non-empty folder is refused (a pack is never mixed with
 * another release's files).
 */
export function writePack(dir: string, files: Record<string, string>): string[] {
  const target = checkPackTarget(dir);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    mkdirSync(tmp, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(tmp, name), text);
    if (existsSync(target)) rmSync(target, { recursive: true });
    renameSync(tmp, target);
  } catch (e) {
    try {
      rmSync(tmp, { recursive: true, force: true });
    } catch {
      // nothing was created (e.g. ENAMETOOLONG: the name itself is refused)
    }
    throw new UserError(
      m.pack.cannotWrite(dir, (e as NodeJS.ErrnoException).code ?? 'cannot write'),
      'InputError'
    );
  }
  return Object.keys(files).map((f) => path.join(target, f));
}
