import { workerData, type MessagePort } from 'node:worker_threads';
import { resolveMetadataFiles } from './resolve';

/**
 * The worker thread of ResolutionInWorker: loads SDR (and the Salesforce SDK behind it), types the
 * project's metadata files, answers once on its port, and wakes the loader's thread through the
 * shared flag. Paths and type names only cross the port, never file content.
 */
const { port, signal, packageDirs } = workerData as {
  port: MessagePort;
  signal: Int32Array;
  packageDirs: string[];
};

try {
  port.postMessage({ ok: true, resolution: resolveMetadataFiles(packageDirs) });
} catch {
  port.postMessage({ ok: false });
}
Atomics.store(signal, 0, 1);
Atomics.notify(signal, 0);
