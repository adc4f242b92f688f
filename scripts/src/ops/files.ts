import { UserError } from '../errors';
import { WriteRefused, writeFilesAtomically } from '../files/write';

/**
 * Writes every file or none, through the one file writer (scripts/src/files/write.ts): all contents are rendered
 * before this is called; a target that exists and is not a regular file (a device such as /dev/full, a FIFO, a
 * folder, a link) is refused before anything is written. `flag` names the option the paths came from, for the
 * error line.
 */
export function writeAll(flag: string, files: { file: string; text: string | Buffer }[]): string[] {
  try {
    return writeFilesAtomically(files);
  } catch (e) {
    if (!(e instanceof WriteRefused)) throw e;
    throw new UserError(`--${flag}: ${e.file}: ${e.reason}`, 'InputError');
  }
}
