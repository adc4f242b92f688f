import { Worker, type TransferListItem } from 'node:worker_threads';

/**
 * Starts a worker thread on a TypeScript entry file, loaded through tsx as the CLI loads its own
 * code (whatever loaded the caller: tsx, or jest's Babel). The worker never keeps the process alive
 * and its stdout and stderr are piped, never printed.
 */
export function startTsWorker(
  entry: string,
  workerData: unknown,
  transferList: TransferListItem[] = []
): Worker {
  const tsx = require.resolve('tsx/cjs');
  // Source maps as on the main thread (source-maps.ts): tsx turns them on in the worker too.
  const maps = require.resolve('./source-maps');
  const boot = `require(${JSON.stringify(tsx)}); require(${JSON.stringify(maps)}).runSourceMaps();`;
  const worker = new Worker(`${boot} require(${JSON.stringify(entry)});`, {
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
