import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { resolveMetadataFiles } from './resolve';

/**
 * The worker thread of ResolutionInWorker: loads SDR (and the Salesforce SDK behind it) once, then
 * types the metadata files of each project it is sent, answering on its port and waking the
 * asking thread through that request's shared flag. Only paths and type names cross the port.
 */
export interface ResolveRequest {
  id: number;
  packageDirs: string[];
  projectDir?: string;
  signal: Int32Array;
}

const { port } = workerData as { port: MessagePort };

parentPort!.on('message', ({ id, packageDirs, projectDir, signal }: ResolveRequest) => {
  try {
    port.postMessage({ id, ok: true, resolution: resolveMetadataFiles(packageDirs, projectDir) });
  } catch {
    port.postMessage({ id, ok: false });
  }
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
