import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { deployMsg as m } from '../messages/deploy';

/**
 * Writes the evidence pack all-or-nothing: every file goes to a hidden sibling folder first, which is renamed onto
 * `--output-dir` only when all are written. An existing non-empty folder is refused (a pack is never mixed with
 * another release's files).
 */
export function writePack(dir: string, files: Record<string, string>): string[] {
  const target = path.resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0)
    throw new UserError(m.pack.exists(dir), 'InputError');
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
      // nothing was created (the parent is not a folder)
    }
    if (e instanceof UserError) throw e;
    throw new UserError(
      `--output-dir ${dir}: ${(e as NodeJS.ErrnoException).code ?? 'cannot write'}`,
      'InputError'
    );
  }
  return Object.keys(files).map((f) => path.join(target, f));
}
