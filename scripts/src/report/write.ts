import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { WriteRefused, writeFilesAtomically } from '../files/write';
import { msg } from '../messages';

/**
 * Writes every report or none, through the one file writer (scripts/src/files/write.ts): rendered first, then
 * written to temporary names and renamed; a report name taken by anything but a regular file is refused.
 */
export function writeReports(dir: string, files: { name: string; text: string }[]): string[] {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UserError(msg.report.outputDir(dir, (e as NodeJS.ErrnoException).code), 'InputError');
  }
  try {
    return writeFilesAtomically(files.map((f) => ({ file: path.join(dir, f.name), text: f.text })));
  } catch (e) {
    if (!(e instanceof WriteRefused)) throw e;
    throw new UserError(
      e.code === 'NOT_REGULAR'
        ? msg.report.targetTaken(dir, path.basename(e.file), e.reason)
        : msg.report.outputDir(dir, e.code),
      'InputError'
    );
  }
}
