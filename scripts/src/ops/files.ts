import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';

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
    for (const t of temps) writeFileSync(t.tmp, t.text);
    for (const t of temps) renameSync(t.tmp, t.final);
  } catch (e) {
    for (const t of temps) rmSync(t.tmp, { force: true });
    throw new UserError(`--${flag}: ${(e as Error).message.split('\n')[0]}`, 'InputError');
  }
  return temps.map((t) => t.final);
}
