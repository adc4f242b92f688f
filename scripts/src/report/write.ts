import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { msg } from '../messages';

/** Writes every report or none: render first, then write to temporary names and rename. */
export function writeReports(dir: string, files: { name: string; text: string }[]): string[] {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UserError(msg.report.outputDir(dir, (e as NodeJS.ErrnoException).code), 'InputError');
  }
  const temps = files.map((f) => ({
    tmp: path.join(dir, `.${f.name}.${process.pid}.tmp`),
    final: path.join(dir, f.name),
    text: f.text
  }));
  try {
    for (const t of temps) writeFileSync(t.tmp, t.text);
    for (const t of temps) renameSync(t.tmp, t.final);
  } catch (e) {
    for (const t of temps) rmSync(t.tmp, { force: true });
    throw new UserError(msg.report.outputDir(dir, (e as NodeJS.ErrnoException).code), 'InputError');
  }
  return temps.map((t) => t.final);
}
