import path from 'node:path';
import { UserError } from '../errors';
import { folderProblem, WriteRefused, writeFolderAtomically } from '../files/write';
import { deployMsg as m } from '../messages/deploy';

const packError = (dir: string, code: string) =>
  new UserError(code === 'FOLDER_TAKEN' ? m.pack.exists(dir) : m.pack.cannotWrite(dir, code), 'InputError');

/**
 * Refuses an --output-dir that already holds files, or is anything but an absent path or an empty folder (checked
 * again when the pack is written). The deploy command checks it before anything is sent to the org, so a refused
 * folder never follows a deploy that left no pack.
 */
export function checkPackTarget(dir: string): string {
  const target = path.resolve(dir);
  const why = folderProblem(target);
  if (why) throw packError(dir, why.code);
  return target;
}

/**
 * Writes the evidence pack all-or-nothing through the one file writer (scripts/src/files/write.ts): every file goes
 * to a hidden sibling folder first, which is renamed onto `--output-dir` only when all are written. An existing
 * non-empty folder is refused (a pack is never mixed with another release's files).
 */
export function writePack(dir: string, files: Record<string, string>): string[] {
  try {
    return writeFolderAtomically(dir, files);
  } catch (e) {
    if (!(e instanceof WriteRefused)) throw e;
    throw packError(dir, e.code);
  }
}
