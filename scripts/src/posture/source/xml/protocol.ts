import type { MessagePort } from 'node:worker_threads';

/** What the XmlReadPool hands its worker (worker.ts). */
export interface XmlWorkerData {
  /** The answers go here, as XmlBatch messages (codec.ts). */
  port: MessagePort;
  /** The loader's XML files, absolute, in the loader's order; `displays` names them as users see them. */
  files: string[];
  displays: string[];
  /** One slot a file, on shared memory: who reads it (FREE until a thread claims it with compareExchange). */
  claims: Int32Array;
  /**
   * Workers that are through the list (and, set by threads.ts startTsWorker, a worker whose entry failed to load):
   * what XmlPoolOptions.settle waits on.
   */
  bootFailed: Int32Array;
  /** A batch is posted at this many files, or this many characters of text, whichever comes first. */
  batchFiles: number;
  batchChars: number;
}

export const FREE = 0;
export const CLAIMED_BY_WORKER = 1;
export const CLAIMED_BY_LOADER = 2;
