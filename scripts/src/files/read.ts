/**
 * The one place PHI Guard reads project and config files. A file is read only when it is a regular file, within a
 * size cap, and (for project and config files) inside the project once every symbolic link is resolved. A FIFO is
 * opened non-blocking so it can never hang the run, a device or folder is refused before a byte is read, and the
 * read stops one byte past the cap whatever the file claims its size is, so memory stays bounded.
 *
 * Every refusal is a RefusedFile: an InputError (exit 2) of one line naming the file, never its content. Callers
 * that keep going on a bad file (the source loader: INP-001) use its `reason`.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors';
import { fileRulesMsg as t } from '../messages/source';

const MIB = 1024 * 1024;
/** A config file (sfdx-project.json, config/*.json, code-analyzer.yml): far above any real one. */
export const CONFIG_FILE_CAP = 16 * MIB;
/**
 * A metadata or Apex source file. A whole deploy is at most 600 MB uncompressed
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_deploy.htm); one file past this cap
 * is not something the loader can hold safely, and it is reported as unreadable (INP-001) instead.
 */
export const SOURCE_FILE_CAP = 64 * MIB;
/** Any file of a deploy: the Metadata API's uncompressed deploy limit (same page), 600 MB. */
export const DEPLOY_CAP = 600 * MIB;

/** A file the rules refused: exit 2 where the caller cannot go on, `reason` for callers that report and go on. */
export class RefusedFile extends InputError {
  constructor(
    display: string,
    readonly reason: string
  ) {
    super(display, undefined, reason);
  }
}

export interface ReadRule {
  /** The file as users see it (project-relative where it has a project). */
  display: string;
  /** Byte cap: CONFIG_FILE_CAP or SOURCE_FILE_CAP. */
  cap: number;
  /**
   * The project root the file must stay inside, every link resolved. Omit only for a file the user named on the
   * command line (`--baseline`, followed where its links lead), or one a walk that never follows a link has already
   * found inside the project.
   */
  root?: string;
  /**
   * The file was found by a walk that follows no symbolic link (project/files.ts `walkFiles`), under a package
   * directory already held inside the project, and no `root` is given: it is opened at that path as it is, with no
   * real-path lookup (one per file is most of a large project's reading time). A link swapped in since is still
   * refused (O_NOFOLLOW), and so is anything but a regular file.
   */
  walked?: boolean;
}

/** True when `child` is `parent` or below it (both absolute and resolved). */
export function isInside(parent: string, child: string): boolean {
  const r = path.relative(parent, child);
  return r === '' || (!r.startsWith(`..${path.sep}`) && r !== '..' && !path.isAbsolute(r));
}

/** O_NONBLOCK: opening a FIFO with no writer returns at once (it is then refused); O_NOFOLLOW: no last-step link. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/** Real paths of project roots, resolved once per process (a root does not move during a run). */
const realRoots = new Map<string, string>();
function realRoot(root: string): string {
  let r = realRoots.get(root);
  if (r === undefined) realRoots.set(root, (r = realpathSync.native(path.resolve(root))));
  return r;
}

/** Resolves `file` under the rule: its real path, or a RefusedFile. `undefined` when nothing is there. */
function resolve(file: string, rule: ReadRule): string | undefined {
  if (rule.walked && !rule.root) return resolved(file);
  const abs = path.resolve(file);
  let real: string;
  try {
    real = realpathSync.native(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new RefusedFile(rule.display, t.unreadable(code));
    // Nothing there, or a link to nothing (refused: it names a file that is not in the project).
    if (!lstatSync(abs, { throwIfNoEntry: false })) return undefined;
    throw new RefusedFile(rule.display, t.danglingLink);
  }
  if (rule.root && !isInside(realRoot(rule.root), real)) throw new RefusedFile(rule.display, t.outside);
  return real;
}

/**
 * `path.resolve(file)`, without its work for a path it returns unchanged: a POSIX absolute path with no `.` or `..`
 * segment and no doubled or trailing separator, as a walk's are (a name starting with a dot takes the slow way, to
 * keep the test to two scans). A large project's walked files skip one resolve each.
 */
function resolved(file: string): string {
  const plain =
    path.sep === '/' &&
    file.charCodeAt(0) === 47 &&
    file.charCodeAt(file.length - 1) !== 47 &&
    !file.includes('/.') &&
    !file.includes('//');
  return plain ? file : path.resolve(file);
}

/** Opens a resolved path and checks what it is; the caller closes the descriptor. */
function openRegular(real: string, rule: ReadRule): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(real, OPEN_FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ELOOP: the path was swapped for a link after it was resolved; it is not followed.
    throw new RefusedFile(rule.display, code === 'ELOOP' ? t.symlink : t.unreadable(code));
  }
  const st = fstatSync(fd);
  const why = st.isDirectory() ? t.directory : !st.isFile() ? t.notRegular : undefined;
  if (why) {
    closeSync(fd);
    throw new RefusedFile(rule.display, why);
  }
  return { fd, size: st.size };
}

/**
 * Reads at most `cap` bytes (one past it means too large), whatever the size the file reported. One buffer of the
 * reported size plus one byte: a file that ends where fstat said fills all but the spare byte, and the next read,
 * into that byte, returns 0 (the end). A file that grew since fills the spare byte too and the read goes on into a
 * larger buffer, up to one byte past the cap. A read that stops short at the reported size is the end (no
 * probe read). `scratch` lends a reused buffer for callers that copy the bytes out
 * at once (text: decoded before any other read), so reading a large project allocates one buffer, not one per file.
 */
function readCapped(fd: number, size: number, rule: ReadRule, scratch = false): { buf: Buffer; n: number } {
  if (size > rule.cap) throw new RefusedFile(rule.display, t.tooLarge(rule.cap / MIB));
  // `limit`: the bytes this read may hold before it grows (the scratch buffer may be longer: no view is cut per file).
  let limit = size + 1;
  let buf = scratch ? scratchBuffer(limit) : Buffer.allocUnsafe(limit);
  let n = 0;
  for (;;) {
    if (n === limit) {
      limit = Math.min(Math.max(limit * 2, CHUNK), rule.cap + 1);
      if (limit > buf.length) {
        const next = Buffer.allocUnsafe(limit);
        buf.copy(next, 0, 0, n);
        buf = next;
      }
    }
    const want = limit - n;
    const got = readSync(fd, buf, n, want, null);
    if (got === 0) break;
    n += got;
    if (n > rule.cap) throw new RefusedFile(rule.display, t.tooLarge(rule.cap / MIB));
    // A short read that stops exactly where fstat said the file ends is taken as the end, without a second read
    // to be told so (read(2) returns fewer bytes than asked near the end of a file,
    // https://man7.org/linux/man-pages/man2/read.2.html). A file that had grown by then fills the spare byte
    // instead, and the loop goes on as above; growth after this read is no different from growth after a probe.
    if (got < want && n === size) break;
  }
  return { buf, n };
}

/** Chunk size for streamed hashing and for growing a buffer past the size a file reported. */
const CHUNK = 1 << 16;
/** Files up to this size are read into the shared scratch buffer; larger ones get their own. */
const SCRATCH_MAX = 4 * MIB;
let scratchBuf: Buffer | undefined;
/** A buffer of at least `want` bytes: the shared one (whole: it may be longer) up to SCRATCH_MAX, else a new one. */
function scratchBuffer(want: number): Buffer {
  if (want > SCRATCH_MAX) return Buffer.allocUnsafe(want);
  if (!scratchBuf || scratchBuf.length < want) scratchBuf = Buffer.allocUnsafe(Math.max(want, CHUNK));
  return scratchBuf;
}

/** Feeds at most `cap` bytes into `sink` in chunks of one reused buffer (one past the cap means too large). */
function hashCapped(fd: number, size: number, rule: ReadRule, sink: Hash): void {
  if (size > rule.cap) throw new RefusedFile(rule.display, t.tooLarge(rule.cap / MIB));
  const buf = scratchBuffer(CHUNK);
  let total = 0;
  for (;;) {
    const want = Math.min(CHUNK, rule.cap + 1 - total);
    const n = readSync(fd, buf, 0, want, null);
    if (n === 0) break;
    total += n;
    if (total > rule.cap) throw new RefusedFile(rule.display, t.tooLarge(rule.cap / MIB));
    sink.update(buf.subarray(0, n));
  }
}

/** Opens a file under the rule and hands its descriptor and reported size to `use`; `undefined` when nothing is there. */
function withFile<T>(file: string, rule: ReadRule, use: (fd: number, size: number) => T): T | undefined {
  const real = resolve(file, rule);
  if (real === undefined) return undefined;
  const { fd, size } = openRegular(real, rule);
  try {
    return use(fd, size);
  } finally {
    closeSync(fd);
  }
}

/** The bytes of a file under the rule, or `undefined` when there is nothing at that path (a dangling link refuses). */
export function readBytesIfPresent(file: string, rule: ReadRule): Buffer | undefined {
  return withFile(file, rule, (fd, size) => {
    const { buf, n } = readCapped(fd, size, rule);
    return buf.subarray(0, n);
  });
}

/** The text (UTF-8) of a file under the rule, or `undefined` when there is nothing at that path. */
export function readTextIfPresent(file: string, rule: ReadRule): string | undefined {
  return withFile(file, rule, (fd, size) => {
    const { buf, n } = readCapped(fd, size, rule, true);
    return buf.toString('utf8', 0, n);
  });
}

/** The text (UTF-8) of a file under the rule; a missing file is refused too. */
export function readText(file: string, rule: ReadRule): string {
  const text = readTextIfPresent(file, rule);
  if (text === undefined) throw new RefusedFile(rule.display, t.unreadable('ENOENT'));
  return text;
}

/**
 * Feeds a file's bytes into `hash` under the rule (same refusals, same cap), without holding the file in memory.
 * Returns false when nothing is at that path.
 */
export function hashFileInto(hash: Hash, file: string, rule: ReadRule): boolean {
  const found = withFile(file, rule, (fd, size) => {
    hashCapped(fd, size, rule, hash);
    return true;
  });
  return found === true;
}

/** SHA-256 (hex) of a file under the rule; `undefined` when nothing is at that path. */
export function sha256OfFile(file: string, rule: ReadRule): string | undefined {
  const h = createHash('sha256');
  return hashFileInto(h, file, rule) ? h.digest('hex') : undefined;
}

/**
 * What a path names, without reading it: `undefined` when it may be read as a file under the rule (or is absent),
 * else the reason it would be refused. For settings that name a file (config/phi-guard.json's file locations).
 */
export function fileProblem(file: string, rule: Omit<ReadRule, 'cap'>): string | undefined {
  try {
    const real = resolve(file, { ...rule, cap: 0 });
    if (real === undefined) return undefined;
    const st = lstatSync(real);
    if (st.isDirectory()) return t.directory;
    return st.isFile() ? undefined : t.notRegular;
  } catch (e) {
    if (e instanceof RefusedFile) return e.reason;
    return t.unreadable((e as NodeJS.ErrnoException).code);
  }
}
