import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startTsWorker } from '../../../threads';
import type { ApexFact } from '../../model';
import { apexFacts } from '../apex-facts';
import type { Task } from './worker';

/**
 * Reads Apex facts on worker threads (when the machine has idle cores) while the loader goes on reading XML, yet keeps the loader
 * synchronous: submit() hands a file over and returns at once; collect() blocks (Atomics.wait on a
 * shared counter the workers bump) and drains the answers with receiveMessageOnPort. Small projects
 * never start a worker: below `minBytes` of Apex everything runs on the calling thread.
 * Any file a worker could not answer (an error, a worker that stopped) is read on this thread.
 */
export interface PoolOptions {
  /** Worker threads to use (default: idle cores, see defaultWorkers). 0 = none. */
  workers?: number;
  /** Apex bytes submitted before workers are worth starting. */
  minBytes?: number;
  /** Give up on workers after this long without an answer, and finish on this thread. */
  stallMs?: number;
}

interface Slot {
  worker: Worker;
  port: MessagePort;
  bytes: number;
}

const DEFAULT_MIN_BYTES = 2 * 1024 * 1024;
const BATCH = 16;

/**
 * Workers only pay where cores are idle: the loader's own thread keeps one core busy reading XML,
 * so the pool takes the cores left over (by the one-minute load average), at most 4. On a machine
 * whose cores are all busy (measured: 2 cores at load 16, workers made NPSP 30% slower) none start.
 * PHI_GUARD_APEX_WORKERS=<n> overrides.
 */
function defaultWorkers(): number {
  const env = process.env.PHI_GUARD_APEX_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  const cores = availableParallelism();
  const idle = Math.floor(cores - (loadavg()[0] ?? 0));
  return Math.max(0, Math.min(4, cores - 1, idle - 1));
}

export class ApexFactPool {
  private readonly tasks: Task[] = [];
  private readonly facts: (ApexFact | undefined)[] = [];
  private readonly slots: Slot[] = [];
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly workers: number;
  private readonly minBytes: number;
  private readonly stallMs: number;
  private pending: Task[] = [];
  private bytes = 0;
  private started = false;

  constructor(opts: PoolOptions = {}) {
    this.workers = opts.workers ?? defaultWorkers();
    this.minBytes = opts.minBytes ?? DEFAULT_MIN_BYTES;
    this.stallMs = opts.stallMs ?? 120_000;
  }

  /** Number of worker threads in use (0 when everything runs on the calling thread). */
  get threads(): number {
    return this.slots.length;
  }

  submit(file: string, relFile: string, source: string): void {
    const task: Task = { id: this.tasks.length, file, relFile, source };
    this.tasks.push(task);
    this.bytes += source.length;
    this.pending.push(task);
    if (!this.started && this.workers > 0 && this.bytes >= this.minBytes) this.start();
    if (this.started && this.pending.length >= BATCH) this.flush();
  }

  /** Facts for every submitted file, in submission order. Stops the workers. */
  collect(): ApexFact[] {
    if (this.started) {
      this.flush();
      this.wait();
      for (const s of this.slots) void s.worker.terminate();
    }
    for (const t of this.tasks) {
      if (!this.facts[t.id]) this.facts[t.id] = apexFacts(t.file, t.relFile, t.source);
    }
    return this.facts as ApexFact[];
  }

  private start() {
    this.started = true;
    const entry = path.join(__dirname, 'worker.ts');
    for (let i = 0; i < this.workers; i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = startTsWorker(entry, { port: port2, signal: this.signal }, [port2]);
      this.slots.push({ worker, port: port1, bytes: 0 });
    }
  }

  /** Hands pending files to the least-loaded worker, in batches. */
  private flush() {
    if (this.pending.length === 0) return;
    const slot = this.slots.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    for (const t of this.pending) slot.bytes += t.source.length;
    slot.worker.postMessage(this.pending);
    this.pending = [];
  }

  private drain(): number {
    let got = 0;
    for (const s of this.slots) {
      for (let m = receiveMessageOnPort(s.port); m; m = receiveMessageOnPort(s.port)) {
        const msg = m.message as { id: number; fact?: ApexFact };
        if (msg.fact) this.facts[msg.id] = msg.fact;
        got++;
      }
    }
    return got;
  }

  private wait() {
    let answered = 0;
    let last = Date.now();
    while (answered < this.tasks.length) {
      const seen = Atomics.load(this.signal, 0);
      const got = this.drain();
      answered += got;
      if (answered >= this.tasks.length) break;
      if (got > 0) last = Date.now();
      else if (Date.now() - last > this.stallMs) break;
      Atomics.wait(this.signal, 0, seen, 500);
    }
  }
}
