import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Resolution } from './resolve';

/**
 * Types a project's metadata files on a worker thread while the loader reads them. SDR's resolver
 * loads @salesforce/core and jsforce (most of a second of module loading) before it types a file;
 * on a worker that happens beside the loader instead of before it. The loader stays synchronous:
 * `poll` looks without waiting, `wait` blocks on a shared flag (Atomics.wait). Should the worker
 * fail or fall silent, the same resolution runs on this thread, so the result never depends on it.
 */
export class ResolutionInWorker {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly port?: MessagePort;
  private readonly worker?: Worker;
  private result?: Resolution;
  /** Who answered: the worker, or this thread after the worker failed or stalled. */
  answeredBy?: 'worker' | 'this thread';

  constructor(
    private readonly packageDirs: string[],
    private readonly stallMs = 120_000
  ) {
    try {
      const { port1, port2 } = new MessageChannel();
      const tsx = require.resolve('tsx/cjs');
      const entry = path.join(__dirname, 'resolve-worker.ts');
      // The worker loads TypeScript through tsx, as the CLI does, whatever loaded this module.
      this.worker = new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, {
        eval: true,
        workerData: { port: port2, signal: this.signal, packageDirs },
        transferList: [port2],
        stdout: true,
        stderr: true
      });
      this.worker.unref();
      this.port = port1;
    } catch {
      // No worker (none allowed here): wait() resolves on this thread.
    }
  }

  /** The resolution if the worker has answered, without waiting. */
  poll(): Resolution | undefined {
    if (!this.result && this.port && Atomics.load(this.signal, 0) === 1) this.take();
    return this.result;
  }

  /** The resolution: the worker's answer, or this thread's own if the worker failed or stalled. */
  wait(): Resolution {
    if (this.result) return this.result;
    if (this.port) {
      Atomics.wait(this.signal, 0, 0, this.stallMs);
      if (Atomics.load(this.signal, 0) === 1) this.take();
    }
    if (!this.result) this.stop();
    // Lazy: an answered worker means this thread never loads SDR.
    if (!this.result) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      this.result = (require('./resolve') as typeof import('./resolve')).resolveMetadataFiles(
        this.packageDirs
      );
      this.answeredBy = 'this thread';
    }
    return this.result;
  }

  private take() {
    const msg = receiveMessageOnPort(this.port!)?.message as
      { ok: true; resolution: Resolution } | { ok: false } | undefined;
    if (msg?.ok) {
      this.result = msg.resolution;
      this.answeredBy = 'worker';
    }
    this.stop();
  }

  private stop() {
    void this.worker?.terminate();
    this.port?.close();
  }
}
