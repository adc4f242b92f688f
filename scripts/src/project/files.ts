import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';

/** Folders no walk descends into: tooling state and LWC tests. */
export const SKIP_DIRS = new Set(['node_modules', '.git', '.sf', '.sfdx', '__tests__', '.localdevserver']);

/** A path the walk did not read, and why (a symlink, or a directory it could not list). */
export interface SkippedPath {
  path: string;
  reason: 'symlink' | 'unreadable';
  detail?: string;
}

/**
 * Recursively lists files under `dirs` (sorted, deterministic), skipping tooling and test folders.
 * Symbolic links are never followed (a link can leave the project or loop); each one, and each
 * directory that cannot be listed, is returned in `skipped` so the caller can report it.
 * `listing`, when given, receives every listed directory's entries (so a second reader of the
 * tree, such as the metadata typer, needs no second walk).
 */
export function walkFiles(
  dirs: string[],
  accept: (name: string) => boolean,
  listing?: Map<string, Dirent[]>
): { files: string[]; skipped: SkippedPath[] } {
  const files: string[] = [];
  const skipped: SkippedPath[] = [];
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: dir, reason: 'unreadable', detail: (e as NodeJS.ErrnoException).code });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    listing?.set(dir, entries);
    const prefix = childPrefix(dir);
    for (const e of entries) {
      const full = prefix === undefined ? path.join(dir, e.name) : prefix + e.name;
      if (e.isSymbolicLink()) {
        skipped.push({ path: full, reason: 'symlink' });
      } else if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(full);
      } else if (accept(e.name)) {
        // A FIFO, socket or device under a metadata name is not read (it could block); it is reported.
        if (e.isFile()) files.push(full);
        else skipped.push({ path: full, reason: 'unreadable', detail: 'not a regular file' });
      }
    }
  };
  for (const d of dirs) walk(d);
  return { files, skipped };
}

/**
 * What `path.join(dir, name)` puts before a name that readdir listed in `dir` (no separator, never `.` or `..`),
 * when that is plain concatenation: `dir` is normalised, as the walk's own folders are. `undefined` for any other
 * `dir` (path.join then does the work). A large project's walk joins tens of thousands of names, and path.join
 * normalises each one again.
 */
export function childPrefix(dir: string): string | undefined {
  if (dir === '.') return '';
  if (path.normalize(dir) !== dir) return undefined;
  return dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`;
}

/** The files of `walkFiles`, for callers that do not report skipped paths. */
export function listFiles(dirs: string[], accept: (name: string) => boolean): string[] {
  return walkFiles(dirs, accept).files;
}

export const isApexSource = (name: string) => name.endsWith('.cls') || name.endsWith('.trigger');

/** Posix-style path relative to the project root, as shown to users and in reports. */
export function rel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/**
 * `rel` for the many files of one walk under `root`: a normalised path that starts with the root
 * is cut at it (path.relative resolves both paths on every call). A path that may not be
 * normalised (a `.` or `..` segment, a doubled separator) goes through `rel`.
 */
export function relTo(root: string): (file: string) => string {
  const prefix = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  const cut = path.sep === '/' && root === path.resolve(root);
  const plain = (file: string) => !file.includes('/.') && !file.includes('//');
  return (file) =>
    cut && file.startsWith(prefix) && plain(file) ? file.slice(prefix.length) : rel(root, file);
}
