/**
 * The one place PHI Guard writes files: reports, evidence packs, checklists, baselines, gate cache entries. It writes
 * only regular files, all or nothing:
 * - a target that exists and is not a regular file (a device such as /dev/full, a FIFO, a socket, a folder or a
 *   symbolic link) is refused before anything is written, so a rename never replaces it;
 * - every file goes to a fresh temporary name beside its target, created exclusively (O_EXCL: a link planted under
 *   that name is never followed), flushed to disk, and only then renamed onto its target; on any failure every
 *   temporary file is removed and no target has changed.
 * A folder (the deploy evidence pack) is built the same way as a hidden sibling and renamed into place.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  writeSync
} from 'node:fs';
import path from 'node:path';
import { fileRulesMsg as t } from '../messages/source';

/**
 * A target the rules refuse, or a write that failed: `file`, one short reason (no content), and a code: the errno
 * (ENOTDIR, EACCES, ...), NOT_REGULAR (a target that is not a regular file) or FOLDER_TAKEN.
 */
export class WriteRefused extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly code: string
  ) {
    super(`${file}: ${reason}`);
  }
}

type Problem = { reason: string; code: string } | undefined;

export interface OutFile {
  file: string;
  text: string | Buffer;
}

const codeOf = (e: unknown) => (e as NodeJS.ErrnoException).code;

const failed = (e: unknown): Problem => ({ reason: t.cannotWrite(codeOf(e)), code: codeOf(e) ?? 'EIO' });

/** Why an existing `file` may not be replaced (undefined: absent, or a regular file). */
export function targetProblem(file: string): Problem {
  let st;
  try {
    st = lstatSync(file, { throwIfNoEntry: false });
  } catch (e) {
    return failed(e);
  }
  return !st || st.isFile() ? undefined : { reason: t.notRegularTarget, code: 'NOT_REGULAR' };
}

/** Why `dir` may not become a new folder of files (undefined: absent, or an empty real folder). */
export function folderProblem(dir: string): Problem {
  let st;
  try {
    st = lstatSync(dir, { throwIfNoEntry: false });
  } catch (e) {
    return failed(e);
  }
  if (!st) {
    // The nearest existing ancestor must be a folder, or nothing can be created under it.
    let parent = path.dirname(path.resolve(dir));
    for (;;) {
      const p = lstatSync(parent, { throwIfNoEntry: false });
      if (p) return p.isDirectory() || p.isSymbolicLink() ? undefined : failed({ code: 'ENOTDIR' });
      if (parent === path.dirname(parent)) return undefined;
      parent = path.dirname(parent);
    }
  }
  const taken = { reason: t.folderTaken, code: 'FOLDER_TAKEN' };
  if (!st.isDirectory()) return taken;
  try {
    return readdirSync(dir).length ? taken : undefined;
  } catch (e) {
    return failed(e);
  }
}

const tempName = (final: string) =>
  path.join(
    path.dirname(final),
    `.${path.basename(final)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  );

/** Creates `file` exclusively (never through a link), writes it whole and flushes it. */
function writeNew(file: string, text: string | Buffer, mode: number): void {
  const fd = openSync(file, 'wx', mode);
  try {
    const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeQuietly(file: string, recursive = false): void {
  try {
    rmSync(file, { force: true, recursive });
  } catch {
    // Clean-up must not replace the error that caused it (under a path that is not a folder: ENOTDIR).
  }
}

/**
 * Writes every file or none (see the module comment). Throws WriteRefused naming the first file at fault; the
 * caller turns it into its one-line message (the flag the path came from).
 */
export function writeFilesAtomically(files: OutFile[], opts: { mode?: number } = {}): string[] {
  const plan = files.map((f) => ({ final: path.resolve(f.file), text: f.text, tmp: '' }));
  for (const p of plan) {
    const why = targetProblem(p.final);
    if (why) throw new WriteRefused(p.final, why.reason, why.code);
  }
  let at = '';
  try {
    for (const p of plan) {
      at = p.final;
      mkdirSync(path.dirname(p.final), { recursive: true });
      p.tmp = tempName(p.final);
      writeNew(p.tmp, p.text, opts.mode ?? 0o666);
    }
    // Checked again just before the renames: the window left is the rename itself.
    for (const p of plan) {
      const why = targetProblem(p.final);
      if (why) throw new WriteRefused(p.final, why.reason, why.code);
    }
    for (const p of plan) {
      at = p.final;
      renameSync(p.tmp, p.final);
    }
  } catch (e) {
    for (const p of plan) if (p.tmp) removeQuietly(p.tmp);
    if (e instanceof WriteRefused) throw e;
    const why = failed(e)!;
    throw new WriteRefused(at, why.reason, why.code);
  }
  return plan.map((p) => p.final);
}

/**
 * Writes a new folder of files all or nothing: built as a hidden sibling, then renamed onto `dir`, which must be
 * absent or an empty folder (never a link, never a folder holding another run's files).
 */
export function writeFolderAtomically(dir: string, files: Record<string, string | Buffer>): string[] {
  const target = path.resolve(dir);
  const why = folderProblem(target);
  if (why) throw new WriteRefused(target, why.reason, why.code);
  const tmp = tempName(target);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    mkdirSync(tmp);
    for (const [name, text] of Object.entries(files)) writeNew(path.join(tmp, name), text, 0o666);
    const again = folderProblem(target);
    if (again) throw new WriteRefused(target, again.reason, again.code);
    if (lstatSync(target, { throwIfNoEntry: false })) rmdirSync(target); // empty: checked above
    renameSync(tmp, target);
  } catch (e) {
    removeQuietly(tmp, true);
    if (e instanceof WriteRefused) throw e;
    const f = failed(e)!;
    throw new WriteRefused(target, f.reason, f.code);
  }
  return Object.keys(files).map((f) => path.join(target, f));
}
