/**
 * The gate cache: results of the deterministic layers (metadata schema, platform rules, Apex parser, apex-ls, PMD),
 * each under the key of its exact inputs (gate-inputs.ts), each entry signed with an HMAC-SHA256 made with a key the
 * workspace does not hold. Verify is never cached: its verdict depends on the date (suppression and BAA expiry, register intervals).
 *
 * - Location: `.phi-guard/cache/` in the project (git-ignored), or `--gate-cache <dir>`; `--no-cache` runs every
 *   layer and neither reads nor writes entries.
 * - Key: `PHI_GUARD_CACHE_KEY` (a pipeline secret, at least 32 characters), else a random key created on first use
 *   in the user's cache directory, `$XDG_CACHE_HOME/phi-guard/` (an absolute XDG_CACHE_HOME only, as the XDG Base
 *   Directory Specification requires: https://specifications.freedesktop.org/basedir-spec/latest/ar01s02.html) or
 *   `~/.cache/phi-guard/`, mode 0600, never inside the project.
 * - An entry that is missing, edited, made with another key, made for other inputs, or not a regular file inside the
 *   cache folder is ignored, the layer runs, and the report says why (one line per layer). A result the layer could
 *   not produce (not verified: no Java, an engine crash) is never stored.
 *
 * An entry: {"format", "keyId", "hmac", "payload"}; `payload` is the JSON text {layer, inputs, createdAt, tool,
 * result}, and `hmac` is HMAC-SHA256(key, format + "\n" + payload), checked before the payload is parsed.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors';
import { isInside, readTextIfPresent, RefusedFile } from '../files/read';
import { WriteRefused, writeFilesAtomically } from '../files/write';
import { deployMsg as m } from '../messages/deploy';
import { version } from '../version';
import { CACHE_FORMAT, type CachedLayer, type LayerKey } from './gate-inputs';

export const DEFAULT_CACHE_DIR = path.join('.phi-guard', 'cache');
export const KEY_FILE = 'gate-cache.key';
/** Entries kept per layer; older ones are removed when a new one is stored. */
const KEEP_PER_LAYER = 8;
const ENTRY_CAP = 32 * 1024 * 1024;

/** What the deploy command's flags ask of the cache. */
export interface CacheSettings {
  /** --no-cache */
  disabled?: boolean;
  /** --gate-cache <dir>: another location. */
  dir?: string;
}

export interface LayerNote {
  layer: CachedLayer;
  reused: boolean;
  /** Why it was reused or ran: one line, no content. */
  why: string;
}

/** What the cache did in this run: printed, and recorded in the evidence pack (gate.json). */
export interface CacheReport {
  state: 'on' | 'off';
  /** Where entries live (absolute). */
  dir?: string;
  /** Where the HMAC key came from. */
  key?: 'PHI_GUARD_CACHE_KEY' | 'user cache directory';
  /** Why the cache is off. */
  off?: string;
  verify: string;
  layers: LayerNote[];
  /** The layers whose result was reused. */
  reused: CachedLayer[];
  /** Old whole-gate entries (gate-*.json, unsigned, with verify's dated verdict) found and ignored. */
  legacyIgnored?: number;
}

interface Secret {
  key: Buffer;
  source: NonNullable<CacheReport['key']>;
}

const hex = (b: Buffer) => b.toString('hex');

/** The user's cache base folder: an absolute $XDG_CACHE_HOME, else ~/.cache (undefined without a home). */
export function userCacheBase(env: NodeJS.ProcessEnv): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return xdg;
  const home = env.HOME || os.homedir();
  return home ? path.join(home, '.cache') : undefined;
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest. */
function realish(p: string): string {
  const abs = path.resolve(p);
  try {
    return realpathSync.native(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(realish(parent), path.basename(abs));
  }
}

/**
 * The HMAC key: PHI_GUARD_CACHE_KEY, or the user's key file (created on first use). A problem with the user's key
 * turns the cache off (with the reason); a weak PHI_GUARD_CACHE_KEY is a usage error (exit 2).
 */
function loadSecret(env: NodeJS.ProcessEnv, root: string): Secret | { off: string } {
  const fromEnv = env.PHI_GUARD_CACHE_KEY;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new UserError(m.cache.shortKey, 'UsageError');
    return { key: Buffer.from(fromEnv, 'utf8'), source: 'PHI_GUARD_CACHE_KEY' };
  }
  const base = userCacheBase(env);
  if (!base) return { off: m.cache.noHome };
  const dir = path.join(base, 'phi-guard');
  if (isInside(realish(root), realish(dir)) || isInside(path.resolve(root), path.resolve(dir)))
    return { off: m.cache.keyInProject(dir) };
  const file = path.join(dir, KEY_FILE);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!lstatSync(file, { throwIfNoEntry: false }))
      writeFilesAtomically([{ file, text: `${hex(randomBytes(32))}\n` }], { mode: 0o600 });
    const st = lstatSync(file);
    if (!st.isFile()) return { off: m.cache.keyFile(file, m.cache.keyNotFile) };
    if ((st.mode & 0o077) !== 0)
      return { off: m.cache.keyFile(file, m.cache.keyOpen((st.mode & 0o777).toString(8))) };
    if (process.getuid && st.uid !== process.getuid())
      return { off: m.cache.keyFile(file, m.cache.keyOwner) };
    const text = readTextIfPresent(file, { display: file, cap: 1024 })?.trim() ?? '';
    if (!/^[0-9a-f]{64}$/.test(text)) return { off: m.cache.keyFile(file, m.cache.keyBad) };
    return { key: Buffer.from(text, 'hex'), source: 'user cache directory' };
  } catch (e) {
    const why =
      e instanceof WriteRefused || e instanceof RefusedFile ? e.reason : (e as NodeJS.ErrnoException).code;
    return { off: m.cache.keyFile(file, m.cache.keyUnusable(why ?? 'error')) };
  }
}

/**
 * Where entries live: `--gate-cache <dir>` as given, or `.phi-guard/cache` in the project, which must stay inside the
 * project (a committed `.phi-guard` link leading out turns the cache off).
 */
function cacheDir(root: string, settings: CacheSettings): { dir: string } | { off: string } {
  if (settings.dir !== undefined) {
    const dir = path.resolve(settings.dir);
    const st = lstatSync(dir, { throwIfNoEntry: false });
    if (st && !st.isDirectory()) throw new UserError(m.cache.dirNotFolder(settings.dir), 'UsageError');
    return { dir };
  }
  const dir = path.join(root, DEFAULT_CACHE_DIR);
  if (!isInside(realish(root), realish(dir))) return { off: m.cache.dirOutside(DEFAULT_CACHE_DIR) };
  return { dir };
}

export class GateCache {
  readonly report: CacheReport;
  private readonly secret?: Secret;
  private readonly keyId: string = '';

  private constructor(report: CacheReport, secret?: Secret) {
    this.report = report;
    this.secret = secret;
    if (secret)
      this.keyId = hex(createHmac('sha256', secret.key).update('phi-guard gate cache key id').digest()).slice(
        0,
        16
      );
  }

  /** Opens the cache for a project, or a cache that is off (with the reason). Throws UserError on a bad flag or key. */
  static open(root: string, settings: CacheSettings, env: NodeJS.ProcessEnv = process.env): GateCache {
    const base = { verify: m.cache.verifyReruns, layers: [], reused: [] };
    if (settings.disabled) return new GateCache({ ...base, state: 'off', off: m.cache.noCacheFlag });
    const where = cacheDir(root, settings);
    if ('off' in where) return new GateCache({ ...base, state: 'off', off: where.off });
    const secret = loadSecret(env, root);
    if ('off' in secret) return new GateCache({ ...base, state: 'off', off: secret.off, dir: where.dir });
    const legacy = listDir(where.dir).filter((n) => /^gate-[0-9a-f]{64}\.json$/.test(n)).length;
    return new GateCache(
      {
        ...base,
        state: 'on',
        dir: where.dir,
        key: secret.source,
        ...(legacy ? { legacyIgnored: legacy } : {})
      },
      secret
    );
  }

  /**
   * A layer's result: reused from a valid entry for `key`, or computed (and stored when `storable`). Records one
   * note per layer in the report.
   */
  async layer<T>(
    layer: CachedLayer,
    key: LayerKey,
    compute: () => T | Promise<T>,
    storable: (result: T) => boolean
  ): Promise<T> {
    const note = (reused: boolean, why: string) => {
      this.report.layers.push({ layer, reused, why });
      if (reused) this.report.reused.push(layer);
    };
    if (this.report.state === 'off' || !this.secret || !this.report.dir) {
      const result = await compute();
      note(false, m.cache.ranOff);
      return result;
    }
    if ('uncacheable' in key) {
      const result = await compute();
      note(false, m.cache.uncacheable(key.uncacheable));
      return result;
    }
    const found = this.read(layer, key.key);
    if ('result' in found) {
      note(true, m.cache.reused(entryName(layer, key.key)));
      return found.result as T;
    }
    const result = await compute();
    if (!storable(result)) {
      note(false, `${found.why}; ${m.cache.notStored}`);
      return result;
    }
    const stored = this.write(layer, key.key, result);
    note(false, stored === true ? found.why : `${found.why}; ${m.cache.storeFailed(stored)}`);
    return result;
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.secret!.key).update(`${CACHE_FORMAT}\n${payload}`).digest();
  }

  /** A valid entry's result, or why there is none. */
  private read(layer: CachedLayer, key: string): { result: unknown } | { why: string } {
    const dir = this.report.dir!;
    const name = entryName(layer, key);
    let text: string | undefined;
    try {
      text = readTextIfPresent(path.join(dir, name), { display: name, cap: ENTRY_CAP, root: dir });
    } catch (e) {
      if (!(e instanceof RefusedFile)) throw e;
      return { why: m.cache.refused(e.reason) };
    }
    if (text === undefined) return { why: m.cache.missing };
    let entry: { format?: unknown; keyId?: unknown; hmac?: unknown; payload?: unknown };
    try {
      entry = JSON.parse(text) as typeof entry;
    } catch {
      return { why: m.cache.malformed };
    }
    if (
      entry === null ||
      typeof entry !== 'object' ||
      entry.format !== CACHE_FORMAT ||
      typeof entry.payload !== 'string' ||
      typeof entry.hmac !== 'string' ||
      !/^[0-9a-f]{64}$/.test(entry.hmac)
    )
      return { why: m.cache.malformed };
    if (!timingSafeEqual(this.mac(entry.payload), Buffer.from(entry.hmac, 'hex')))
      return { why: entry.keyId === this.keyId ? m.cache.edited : m.cache.otherKey };
    let payload: { layer?: unknown; inputs?: unknown; result?: unknown };
    try {
      payload = JSON.parse(entry.payload) as typeof payload;
    } catch {
      return { why: m.cache.malformed };
    }
    if (payload.layer !== layer || payload.inputs !== key) return { why: m.cache.otherInputs };
    return { result: payload.result };
  }

  /** Stores an entry (true), or returns the error code; keeps the newest entries of the layer. */
  private write(layer: CachedLayer, key: string, result: unknown): true | string {
    const dir = this.report.dir!;
    const payload = JSON.stringify({
      layer,
      inputs: key,
      createdAt: new Date().toISOString(),
      tool: version(),
      result
    });
    const entry = { format: CACHE_FORMAT, keyId: this.keyId, hmac: hex(this.mac(payload)), payload };
    try {
      mkdirSync(dir, { recursive: true });
      // The default folder is in the project: git ignores it even where the project's own .gitignore does not.
      const ignore = path.join(path.dirname(dir), '.gitignore');
      if (path.basename(path.dirname(dir)) === '.phi-guard' && !lstatSync(ignore, { throwIfNoEntry: false }))
        writeFilesAtomically([{ file: ignore, text: '# PHI Guard gate cache: never commit it\n*\n' }]);
      writeFilesAtomically([
        { file: path.join(dir, entryName(layer, key)), text: `${JSON.stringify(entry)}\n` }
      ]);
    } catch (e) {
      return e instanceof WriteRefused ? e.code : ((e as NodeJS.ErrnoException).code ?? 'error');
    }
    prune(dir, layer);
    return true;
  }
}

const entryName = (layer: CachedLayer, key: string) => `${layer}-${key}.json`;

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Keeps the newest KEEP_PER_LAYER entries of a layer (regular files named as entries only). */
function prune(dir: string, layer: CachedLayer): void {
  const pattern = new RegExp(`^${layer}-[0-9a-f]{64}\\.json$`);
  const entries = listDir(dir)
    .filter((n) => pattern.test(n))
    .map((n) => ({ file: path.join(dir, n), st: lstatSync(path.join(dir, n), { throwIfNoEntry: false }) }))
    .filter((e) => e.st?.isFile())
    .sort((a, b) => b.st!.mtimeMs - a.st!.mtimeMs);
  for (const e of entries.slice(KEEP_PER_LAYER)) rmSync(e.file, { force: true });
}
