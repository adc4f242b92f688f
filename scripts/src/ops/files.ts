import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { opsMsg } from '../messages/ops';

/**
 * Writes every file or none: all contents are rendered before this is called, then written to
 * temporary names and renamed. `flag` names the option the paths came from, for the error line.
 */
export function writeAll(flag: string, files: { file: string; text: string | Buffer }[]): string[] {
  const temps = files.map((f) => {
    const final = path.resolve(f.file);
    return {
      final,
      tmp: path.join(path.dirname(final), `.${path.basename(final)}.${process.pid}.tmp`),
      text: f.text
    };
  });
  try {
    for (const t of temps) mkdirSync(path.dirname(t.final), { recursive: true });
    // A folder under a final name would fail its rename after earlier files were already renamed:
    // refuse before anything is written, so it stays all or nothing.
    for (const t of temps)
      if (statSync(t.final, { throwIfNoEntry: false })?.isDirectory())
        throw new Error(`${t.final}: ${opsMsg.auditLog.notAFile}`);
    for (const t of temps) writeFileSync(t.tmp, t.text);
    for (const t of temps) renameSync(t.tmp, t.final);
  } catch (e) {
    // Clean-up must not replace the user's error: under a path that is not a folder, removing the
    // temporary file fails too (ENOTDIR; `force` only ignores ENOENT).
    for (const t of temps) {
      try {
        rmSync(t.tmp, { force: true });
      } catch {
        // nothing was written there
      }
    }
    throw new UserError(`--${flag}: ${(e as Error).message.split('\n')[0]}`, 'InputError');
  }
  return temps.map((t) => t.final);
}
