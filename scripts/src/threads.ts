import path from 'node:path';
import { Worker, type TransferListItem } from 'node:worker_threads';

/** What scripts/build/bundle.cjs defines in the bundle it builds: absent under tsx and jest. */
declare const __PHI_GUARD_BUNDLE__: { srcDigest: string } | undefined;

/**
 * The bundle this code runs from (scripts/dist/, built by scripts/build/bundle.cjs), with the digest of the sources it
 * was built from; undefined when the code runs as TypeScript (tsx, jest's Babel).
 */
export const BUNDLE: { srcDigest: string } | undefined =
  typeof __PHI_GUARD_BUNDLE__ === 'undefined' ? undefined : __PHI_GUARD_BUNDLE__;

/**
 * A worker thread's entry file: `source` (a .ts file in `dir`, the calling module's folder) under tsx or jest, the
 * bundle's own build of it, `<bundled>.js` beside the bundle (scripts/build/bundle.cjs ENTRIES), from the bundle.
 */
export function workerEntry(dir: string, source: string, bundled: string, bundle = BUNDLE): string {
  return path.join(dir, bundle ? `${bundled}.js` : source);
}

/**
 * Starts a worker thread on an entry file (workerEntry), loaded as the CLI loads its own code: from the bundle, plain
 * JavaScript (source maps on with PHI_GUARD_DEBUG, as scripts/build/run.cjs sets them on the main thread); otherwise
 * the TypeScript through tsx (whatever loaded the caller: tsx, or jest's Babel). The worker never keeps the process
 * alive and its stdout and stderr are piped, never printed.
 */
export function startTsWorker(
  entry: string,
  workerData: unknown,
  transferList: TransferListItem[] = [],
  bundle = BUNDLE
): Worker {
  let boot: string;
  if (bundle) {
    boot =
      "if (process.env.PHI_GUARD_DEBUG) { const m = require('node:module'); " +
      'if (m.setSourceMapsSupport) m.setSourceMapsSupport(true, { nodeModules: false }); ' +
      'else process.setSourceMapsEnabled(true); }';
  } else {
    const tsx = require.resolve('tsx/cjs');
    // Source maps as on the main thread (source-maps.ts): tsx turns them on in the worker too.
    const maps = require.resolve('./source-maps');
    boot = `require(${JSON.stringify(tsx)}); require(${JSON.stringify(maps)}).runSourceMaps();`;
  }
  // An entry that fails as it loads raises the `bootFailed` flag its caller may pass in workerData (a shared
  // Int32Array): a caller blocked in Atomics.wait cannot see the worker's 'error' event, but it can see the flag.
  const load =
    `try { require(${JSON.stringify(entry)}); } catch (e) { ` +
    "const f = require('node:worker_threads').workerData?.bootFailed; " +
    'if (f instanceof Int32Array) { Atomics.store(f, 0, 1); Atomics.notify(f, 0); } throw e; }';
  const worker = new Worker(`${boot} ${load}`, {
    eval: true,
    // The environment as this process holds it now (Node's default, said explicitly so that a test runner's
    // copy of process.env reaches the worker too): e.g. SF_DISABLE_LOG_FILE set for a run against a URL.
    env: process.env,
    workerData,
    transferList,
    stdout: true,
    stderr: true
  });
  worker.unref();
  return worker;
}
