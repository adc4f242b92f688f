import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startTsWorker, workerEntry } from '../threads';
import type { Resolution } from './resolve';

/**
 * Types a project's metadata files on a worker thread while the loader reads them. SDR's resolver
 * loads @salesforce/core and jsforce (most of a second of module loading) before it types a file;
 * on a worker that happens beside the loader instead of before it. One worker serves the process
 * (SDR loads once, as it would on this thread), and it never keeps the process alive. The loader
 * stays synchronous: `poll` looks without waiting, `wait` blocks on a shared flag (Atomics.wait).
 * Should the worker fail or fall silent, the same resolution runs on this thread, so the result
 * never depends on it.
 */
interface Answer {
  id: number;
  ok: boolean;
  resolution?: Resolution;
}

interface Shared {
  worker: Worker;
  port: MessagePort;
  entry: string;
  /** Raised by the worker's boot when its entry fails to load (threads.ts startTsWorker). */
  bootFailed: Int32Array;
}

let shared: Shared | undefined;
/** resolve-worker.ts beside this module, or its build beside the bundle (scripts/build/bundle.cjs). */
const ENTRY = (): string => workerEntry(__dirname, 'resolve-worker.ts', 'resolve-worker');
/** How often a wait looks at the boot flag: an answer wakes it at once, a failed start within this. */
const LOOK_MS = 100;
let nextId = 0;
/**
 * An idle worker is stopped after a few seconds, so a long-lived process (a test runner) does not
 * keep one per module registry. The timer runs on this thread, which only runs it while no request
 * is waiting; a new request clears it before anything is posted.
 */
const IDLE_MS = 3000;
let idleTimer: NodeJS.Timeout | undefined;

function sharedWorker(entry: string): Shared | undefined {
  if (shared?.entry === entry) return shared;
  if (shared) dropShared(shared.worker);
  try {
    const { port1, port2 } = new MessageChannel();
    const bootFailed = new Int32Array(new SharedArrayBuffer(4));
    const worker = startTsWorker(entry, { port: port2, bootFailed }, [port2]);
    port1.unref();
    worker.on('error', () => dropShared(worker));
    worker.on('exit', () => dropShared(worker));
    shared = { worker, port: port1, entry, bootFailed };
    return shared;
  } catch {
    return undefined;
  }
}

/** The thread id of the worker serving this process, if one is running (for tests and diagnostics). */
export function resolverThread(): number | undefined {
  return shared?.worker.threadId;
}

function dropShared(worker: Worker) {
  if (shared?.worker !== worker) return;
  shared.port.close();
  void worker.terminate();
  shared = undefined;
}

export class ResolutionInWorker {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly id = nextId++;
  private readonly via?: Shared;
  private result?: Resolution;
  /** Who answered: the worker, or this thread after the worker failed or stalled. */
  answeredBy?: 'worker' | 'this thread';

  constructor(
    private readonly packageDirs: string[],
    private readonly stallMs = 120_000,
    private readonly projectDir?: string,
    /** The worker's entry file (tests start one that fails as it loads). */
    entry: string = ENTRY()
  ) {
    if (idleTimer) clearTimeout(idleTimer);
    this.via = sharedWorker(entry);
    this.via?.worker.postMessage({ id: this.id, packageDirs, projectDir, signal: this.signal });
  }

  /** The resolution if the worker has answered, without waiting. */
  poll(): Resolution | undefined {
    if (!this.result && this.via && Atomics.load(this.signal, 0) === 1) this.take();
    return this.result;
  }

  /** The resolution: the worker's answer, or this thread's own if the worker failed or stalled. */
  wait(): Resolution {
    if (this.result) return this.result;
    if (this.via) {
      // Woken by the answer; between looks, a worker whose entry failed to load ends the wait (its 'error' event
      // cannot run while this thread is blocked).
      const until = Date.now() + this.stallMs;
      for (let left = this.stallMs; left > 0; left = until - Date.now()) {
        if (Atomics.wait(this.signal, 0, 0, Math.min(left, LOOK_MS)) !== 'timed-out') break;
        if (Atomics.load(this.via.bootFailed, 0) === 1) break;
      }
      if (Atomics.load(this.signal, 0) === 1) this.take();
      // A worker that did not answer in time is stopped; the next run starts a fresh one.
      else dropShared(this.via.worker);
    }
    // Lazy: an answered worker means this thread never loads SDR.
    if (!this.result) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      this.result = (require('./resolve') as typeof import('./resolve')).resolveMetadataFiles(
        this.packageDirs,
        this.projectDir
      );
      this.answeredBy = 'this thread';
    }
    return this.result;
  }

  /** Reads answers off the port up to this request's (earlier ones belong to abandoned runs). */
  private take() {
    for (;;) {
      const answer = receiveMessageOnPort(this.via!.port)?.message as Answer | undefined;
      if (!answer) return;
      if (answer.id !== this.id) continue;
      if (answer.ok && answer.resolution) {
        this.result = answer.resolution;
        this.answeredBy = 'worker';
      }
      const worker = this.via!.worker;
      idleTimer = setTimeout(() => dropShared(worker), IDLE_MS);
      idleTimer.unref();
      return;
    }
  }
}
