'use strict';
// The CLI's bundle: scripts/src (TypeScript) built once by esbuild into scripts/dist/ (CommonJS, Node 22, npm packages
// left external), so a run loads a few JavaScript files instead of compiling ~150 modules through tsx. Plain
// JavaScript: it runs before anything can compile TypeScript (npm's `prepare`, the launcher, the sf plugin).
//
// - `build(root)` bundles the five entries (the CLI, the sf plugin's API, the three worker threads) with esbuild's API,
//   each with an external source map (PHI_GUARD_DEBUG=1 stack traces name scripts/src files and lines).
// - `ensureBundle(root)` checks the bundle against the inputs recorded with it, and rebuilds it when one changed,
//   appeared or went (the launcher and the sf plugin call it before each run).
// - `node scripts/build/bundle.cjs` builds it (npm's `prepare`, after the plugin's build).
//
// Freshness, measured on this 2-core machine (244 files, 1.8 MB under scripts/src): hashing every input costs ~31 ms
// a run (a fifth of `--version` from the bundle), a stat of each ~3 ms. mtimes alone are fooled (`cp -p`, `touch -r`,
// tools that restore times), so each input is recorded with its size, mtime, ctime, inode and SHA-256: an input whose
// stat matches is unchanged (a write to a file, or its copy with `cp -p`, changes its ctime or inode, which no
// user-level tool can set back); one whose stat differs is hashed, and only a changed hash rebuilds (a fresh clone
// or a `touch` then refreshes the recorded stats, so the next run is on the fast path again). The inputs are every
// file under scripts/src (a file added or removed there is a change, even one no module imports yet), every other
// file esbuild's metafile names, tsconfig.json, package.json, this file, and esbuild's version.
//
// Writes are atomic: each output is written to a temporary name and renamed into place, the record (manifest.json)
// last, so parallel runs (jest's workers) that rebuild at once each leave complete files, and a reader that finds
// the record finds the files it describes.
const fs = require('node:fs');
const path = require('node:path');

const FORMAT = 'phi-guard-bundle/1';

/** The bundle's entries: output name -> source under scripts/src. */
const ENTRIES = {
  main: 'cli/main.ts',
  'plugin-api': 'cli/plugin-api.ts',
  'apex-worker': 'posture/source/apex/worker.ts',
  'xml-worker': 'posture/source/xml/worker.ts',
  'resolve-worker': 'metadata/resolve-worker.ts'
};

const distDir = (root) => path.join(root, 'scripts', 'dist');
const manifestFile = (root) => path.join(distDir(root), 'manifest.json');

/** A build or a check that cannot go on: the launcher prints its message as one line and exits 2. */
class BundleError extends Error {
  constructor(message) {
    super(message);
    this.name = 'BundleError';
  }
}

// node:crypto loads only when something is hashed (~7 ms: a third of a fresh check).
const crypto = () => require('node:crypto');
const sha256 = (buf) => crypto().createHash('sha256').update(buf).digest('hex');
const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Every file under scripts/src, project-relative with `/`, in a stable order (strings joined: path.relative costs). */
function srcFiles(root) {
  const out = [];
  const walk = (dir, rel) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort(byName)) {
      if (e.isDirectory()) walk(path.join(dir, e.name), `${rel}${e.name}/`);
      else if (e.isFile()) out.push(`${rel}${e.name}`);
    }
  };
  walk(path.join(root, 'scripts', 'src'), 'scripts/src/');
  return out;
}

/**
 * The digest of the tool's own code: every file of scripts/src, by its path under scripts/src and its bytes. The
 * deploy gate's cache keys hold it (scripts/src/deploy/gate-inputs.ts computes the same from the source when the
 * CLI runs through tsx; the bundle holds the value of the sources it was built from).
 */
function srcDigest(root, files = srcFiles(root)) {
  const h = crypto().createHash('sha256');
  for (const f of files) {
    if (!f.startsWith('scripts/src/')) continue;
    h.update(`${f.slice('scripts/src/'.length)}\0`);
    h.update(fs.readFileSync(path.join(root, f)));
  }
  return h.digest('hex');
}

/** esbuild's version (an input: a new esbuild may emit other code), or undefined when it is not installed. */
function esbuildVersion(root) {
  // The checkout's own esbuild first (a read: require.resolve costs 4 ms), else wherever require finds it.
  for (const file of [path.join(root, 'node_modules', 'esbuild', 'package.json'), 'esbuild/package.json']) {
    try {
      return JSON.parse(fs.readFileSync(path.isAbsolute(file) ? file : require.resolve(file), 'utf8'))
        .version;
    } catch {
      // not there
    }
  }
  return undefined;
}

const statOf = (file) => {
  const s = fs.statSync(file);
  return `${s.size} ${s.mtimeMs} ${s.ctimeMs} ${s.ino}`;
};

/** The record of one input: its stat (the fast path) and its SHA-256 (the judge when the stat differs). */
function recordInput(root, rel) {
  const full = path.join(root, rel);
  const stat = statOf(full);
  return { stat, sha256: sha256(fs.readFileSync(full)) };
}

function writeAtomic(file, data) {
  const tmp = `${file}.${process.pid}-${crypto().randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, data);
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** The first esbuild error as one line: file:line:column and its text. */
function firstError(err) {
  const e = err && Array.isArray(err.errors) ? err.errors[0] : undefined;
  if (!e) return String((err && err.message) || err).split('\n')[0];
  const at = e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}: ` : '';
  return `${at}${e.text}`;
}

/** Builds the bundle into scripts/dist/ and records its inputs. Throws a BundleError when esbuild fails. */
function build(root) {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    throw new BundleError('the CLI bundle cannot be built: esbuild is not installed (run npm install)');
  }
  const files = srcFiles(root);
  const digest = srcDigest(root, files);
  const out = distDir(root);
  let result;
  try {
    result = esbuild.buildSync({
      absWorkingDir: root,
      entryPoints: Object.fromEntries(
        Object.entries(ENTRIES).map(([name, src]) => [name, path.join(root, 'scripts', 'src', src)])
      ),
      outdir: out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      packages: 'external',
      // A separate .map beside each file, named in its last line, so Node finds it when source maps are on.
      sourcemap: 'linked',
      sourcesContent: false,
      // The bundle says it is one (scripts/src/threads.ts), and which sources it was built from (gate-inputs.ts).
      define: {
        __PHI_GUARD_BUNDLE__: JSON.stringify({ srcDigest: digest })
      },
      metafile: true,
      write: false,
      logLevel: 'silent'
    });
  } catch (e) {
    throw new BundleError(`the CLI bundle cannot be built: ${firstError(e)}`);
  }
  try {
    fs.mkdirSync(out, { recursive: true });
    for (const f of result.outputFiles) writeAtomic(f.path, f.contents);
  } catch (e) {
    throw new BundleError(`the CLI bundle cannot be written to scripts/dist: ${e.code || e.message}`);
  }
  const inputs = new Set(files);
  // esbuild's own inputs too (`<define:...>` and the like are not files).
  for (const i of Object.keys(result.metafile.inputs))
    if (!i.startsWith('<') && fs.existsSync(path.join(root, i))) inputs.add(i.split(path.sep).join('/'));
  for (const i of [
    'tsconfig.json',
    'package.json',
    path.relative(root, __filename).split(path.sep).join('/')
  ])
    if (fs.existsSync(path.join(root, i))) inputs.add(i);
  const manifest = {
    format: FORMAT,
    esbuild: esbuildVersion(root),
    srcDigest: digest,
    outputs: result.outputFiles.map((f) => path.basename(f.path)).sort(),
    inputs: Object.fromEntries([...inputs].sort().map((i) => [i, recordInput(root, i)]))
  };
  try {
    writeAtomic(manifestFile(root), `${JSON.stringify(manifest, null, 1)}\n`);
  } catch (e) {
    throw new BundleError(`the CLI bundle cannot be written to scripts/dist: ${e.code || e.message}`);
  }
  return manifest;
}

function readManifest(root) {
  try {
    const m = JSON.parse(fs.readFileSync(manifestFile(root), 'utf8'));
    return m && m.format === FORMAT && m.inputs && Array.isArray(m.outputs) ? m : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the recorded bundle is the build of the inputs as they are now: 'fresh', 'refresh' (same bytes, some
 * stats differ: the record is rewritten), or the reason it is stale.
 */
function check(root, manifest) {
  if (!manifest) return { stale: 'no bundle' };
  if (manifest.esbuild !== esbuildVersion(root)) return { stale: 'esbuild changed' };
  for (const o of manifest.outputs)
    if (!fs.existsSync(path.join(distDir(root), o))) return { stale: `${o} missing` };
  let files;
  try {
    files = srcFiles(root);
  } catch {
    return { stale: 'scripts/src unreadable' };
  }
  for (const f of files) if (!manifest.inputs[f]) return { stale: `${f} added` };
  let restat = false;
  for (const [rel, rec] of Object.entries(manifest.inputs)) {
    let stat;
    try {
      stat = statOf(path.join(root, rel));
    } catch {
      return { stale: `${rel} removed` };
    }
    if (stat === rec.stat) continue;
    if (sha256(fs.readFileSync(path.join(root, rel))) !== rec.sha256) return { stale: `${rel} changed` };
    rec.stat = stat;
    restat = true;
  }
  return restat ? { refresh: true } : { fresh: true };
}

/**
 * The bundle folder, fresh: rebuilt first when any input changed. `log` hears why a rebuild happens (the launcher
 * says it on stderr only with PHI_GUARD_DEBUG).
 */
function ensureBundle(root, log = () => undefined) {
  const manifest = readManifest(root);
  const state = check(root, manifest);
  if (state.stale) {
    log(`phi-guard: building the CLI bundle (${state.stale})`);
    build(root);
  } else if (state.refresh) {
    try {
      writeAtomic(manifestFile(root), `${JSON.stringify(manifest, null, 1)}\n`);
    } catch {
      // a read-only checkout: the bytes matched, the next run hashes again
    }
  }
  return distDir(root);
}

module.exports = { build, ensureBundle, check, readManifest, srcDigest, BundleError, ENTRIES, distDir };

if (require.main === module) {
  const root = path.resolve(__dirname, '..', '..');
  try {
    build(root);
  } catch (e) {
    process.stderr.write(`Error: ${e instanceof BundleError ? e.message : String(e && e.message)}\n`);
    process.exitCode = 2;
  }
}
