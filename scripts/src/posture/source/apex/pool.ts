import { availableParallelism, cpus, loadavg } from 'node:os';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startTsWorker, workerEntry } from '../../../threads';
import type { ApexFact } from '../../model';
import { apexFacts } from '../apex-facts';
import type { Task } from './worker';

/**
 * Reads Apex facts on worker threads (when the machine has idle cores) while the loader goes on reading XML, yet keeps
 * the loader synchronous: submit() hands a file over and returns at once; collect() drains the answers with
 * receiveMessageOnPort and never waits: while files are still unanswered, this thread reads them itself, from the last
 * one back, as the workers go on from the first. So the run is never slower than this thread alone by more than the
 * hand-over (a worker still starting, a slow one, or one that failed or stopped only leaves it more files), and a
 * file answered twice is read the same either way. Small projects never start a worker: below `minBytes` of Apex
 * everything runs on the calling thread.
 */
export interface PoolOptions {
  /** Worker threads to use (default: idle cores, see defaultWorkers). 0 = none. */
  workers?: number;
  /** Apex bytes submitted before workers are worth starting. */
  minBytes?: number;
  /** The workers' entry file (tests start one that fails). */
  entry?: string;
}

interface Slot {
  worker: Worker;
  port: MessagePort;
  bytes: number;
}

const DEFAULT_MIN_BYTES = 2 * 1024 * 1024;
const BATCH = 16;

/** The machine's CPU time counters at one moment (os.cpus(): milliseconds per core, summed). */
export interface CpuSample {
  at: number;
  idle: number;
  total: number;
}

export function cpuSample(): CpuSample {
  let idle = 0;
  let total = 0;
  for (const { times: t } of cpus()) {
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { at: Date.now(), idle, total };
}

/**
 * Cores that sat idle between two samples (this process's own threads count as busy), or undefined when too little
 * time passed to tell: the counters move in 10 ms ticks.
 */
export function idleCoresBetween(a: CpuSample, b: CpuSample, cores = cpus().length): number | undefined {
  const total = b.total - a.total;
  if (b.at - a.at < 100 || total <= 0) return undefined;
  return ((b.idle - a.idle) / total) * cores;
}

/**
 * Workers only pay where cores are idle: the loader's own thread keeps one core busy reading XML, so the pool takes
 * the cores left over, at most 4. They are measured over the loader's run so far (the walk and the first Apex files,
 * with the loader itself busy): a core idle at least three quarters of that time counts. The one-minute load average,
 * used when that run was too short to tell, lags: it still counts processes that ended seconds ago (a benchmark's
 * previous run), and it rounds an idle core of a 2-core machine away. On a machine whose cores are all busy
 * (measured: 2 cores at load 16, workers made NPSP 30% slower) none start. PHI_GUARD_APEX_WORKERS=<n> overrides (`env`:
 * the XML pool passes its own, PHI_GUARD_XML_WORKERS).
 */
export function defaultWorkers(
  since?: CpuSample,
  now: CpuSample = cpuSample(),
  env = process.env.PHI_GUARD_APEX_WORKERS
): number {
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  const cores = availableParallelism();
  const measured = since && idleCoresBetween(since, now);
  const idle =
    measured === undefined ? Math.floor(cores - (loadavg()[0] ?? 0)) - 1 : Math.floor(measured + 0.25);
  return Math.max(0, Math.min(4, cores - 1, idle));
}

export class ApexFactPool {
  private readonly tasks: Task[] = [];
  private readonly facts: (ApexFact | undefined)[] = [];
  private readonly slots: Slot[] = [];
  private workers?: number;
  /** The machine's CPU counters when the pool was made, to judge how idle it is when workers would start. */
  private readonly since = cpuSample();
  private readonly minBytes: number;
  private readonly entry: string;
  private fromWorkers = 0;
  private pending: Task[] = [];
  private bytes = 0;
  private started = false;

  constructor(opts: PoolOptions = {}) {
    this.workers = opts.workers;
    this.minBytes = opts.minBytes ?? DEFAULT_MIN_BYTES;
    // worker.ts beside this module, or its build beside the bundle (scripts/build/bundle.cjs).
    this.entry = opts.entry ?? workerEntry(__dirname, 'worker.ts', 'apex-worker');
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
    if (!this.started && this.bytes >= this.minBytes) {
      this.workers ??= defaultWorkers(this.since);
      if (this.workers > 0) this.start();
    }
    if (this.started && this.pending.length >= BATCH) this.flush();
  }

  /** Facts for every submitted file, in submission order. Stops the workers. */
  collect(): ApexFact[] {
    if (this.started) this.flush();
    for (let last = this.tasks.length - 1; last >= 0; last--) {
      this.poll();
      if (this.facts[last]) continue;
      const t = this.tasks[last]!;
      this.facts[last] = apexFacts(t.file, t.relFile, t.source);
    }
    for (const s of this.slots) void s.worker.terminate();
    return this.facts as ApexFact[];
  }

  private start() {
    this.started = true;
    for (let i = 0; i < this.workers!; i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = startTsWorker(this.entry, { port: port2 }, [port2]);
      // A worker that fails only leaves its files to this thread (collect); its error must not end the process.
      worker.on('error', () => undefined);
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

  /** Takes the workers' answers so far, without waiting; returns how many files they have answered (for tests). */
  poll(): number {
    for (const s of this.slots) {
      for (let m = receiveMessageOnPort(s.port); m; m = receiveMessageOnPort(s.port)) {
        const msg = m.message as { id: number; fact?: ApexFact };
        if (msg.fact && !this.facts[msg.id]) {
          this.facts[msg.id] = msg.fact;
          this.fromWorkers++;
        }
      }
    }
    return this.fromWorkers;
  }
}
