import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startTsWorker, workerEntry } from '../../../threads';
import { defaultWorkers, type CpuSample } from '../apex/pool';
import { readFromBatch, readXmlFile, type XmlBatch, type XmlRead } from './codec';
import { CLAIMED_BY_LOADER, FREE, type XmlWorkerData } from './protocol';

/**
 * Reads and parses the loader's XML files on a worker thread while the loader's thread applies the readers, yet keeps
 * the loader synchronous and its order: take(k) hands back file k's read (content and tree, or why it has none) in
 * the loader's order, whichever thread read it. Each file has a claim slot on shared memory: the worker claims files
 * from the first one on, this thread from the last one back whenever the file it needs next is not answered yet, so
 * the two never read the same file and this thread never waits (at the meeting point it reads again the few files
 * the worker holds but has not answered; a worker that fails to start or stops leaves all it has not answered to this
 * thread). Small projects start no worker: below `minFiles` XML files everything runs on the calling thread.
 */
export interface XmlPoolOptions {
  /** Worker threads to use (default: idle cores, see apex/pool.ts defaultWorkers, with PHI_GUARD_XML_WORKERS). */
  workers?: number;
  /** XML files a project needs before a worker is worth starting. */
  minFiles?: number;
  /** The machine's CPU counters when the load started, to judge how idle it is. */
  since?: CpuSample;
  /** The worker's entry file (tests start one that fails). */
  entry?: string;
  /**
   * For tests: wait (up to a minute) until the workers are through the list or failed to start, so that every file
   * they claimed is answered before the first take.
   */
  settle?: boolean;
  /** Hears the pool's counts when it closes (tests, measurements). */
  onClose?: (stats: XmlPoolStats) => void;
}

/** Where the files came from: a worker, this thread from the back, this thread in turn, or both threads. */
export interface XmlPoolStats {
  fromWorkers: number;
  fromBack: number;
  inOrder: number;
  twice: number;
}

/**
 * Measured on the large bench project (22,401 XML files, 40 MB), in CPU time of one thread: reading and parsing a
 * file costs about 28 us, taking a worker's answer about 7 us (the flat batch: codec.ts). Below a couple of thousand
 * files the worker's start (tens of milliseconds) is most of what it could save.
 */
const DEFAULT_MIN_FILES = 2000;
/** A batch: at most this many files, or this many characters of text (so few files are held at the meeting point). */
const BATCH_FILES = 64;
const BATCH_CHARS = 256 * 1024;
/**
 * Text this thread holds from files it read from the back, ahead of their turn. Past it, a stalled worker's files are
 * read here in turn instead (a worker that stops early must not make the loader hold the whole project).
 */
const MAX_HELD_CHARS = 32 * 1024 * 1024;

interface Answer {
  batch: XmlBatch;
  k: number;
}

export class XmlReadPool {
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly claims?: Int32Array;
  /** Answers by file: a worker's (decoded when taken) or this thread's own, read from the back. */
  private readonly answers: (Answer | XmlRead | undefined)[];
  /** Files from here on have been claimed by this thread (or are past the meeting point). */
  private back: number;
  /** Files before this one have been taken. */
  private done = 0;
  /** Characters of text held in answers this thread read from the back. */
  private held = 0;
  readonly stats: XmlPoolStats = { fromWorkers: 0, fromBack: 0, inOrder: 0, twice: 0 };
  private readonly onClose?: (stats: XmlPoolStats) => void;

  constructor(
    private readonly files: readonly { file: string; display: string }[],
    opts: XmlPoolOptions = {}
  ) {
    this.answers = new Array<Answer | XmlRead | undefined>(files.length);
    this.onClose = opts.onClose;
    this.back = files.length;
    if (files.length < (opts.minFiles ?? DEFAULT_MIN_FILES)) return;
    const n = opts.workers ?? defaultWorkers(opts.since, undefined, process.env.PHI_GUARD_XML_WORKERS);
    if (n <= 0) return;
    this.claims = new Int32Array(new SharedArrayBuffer(4 * files.length));
    // worker.ts beside this module, or its build beside the bundle (scripts/build/bundle.cjs).
    const entry = opts.entry ?? workerEntry(__dirname, 'worker.ts', 'xml-worker');
    const through = new Int32Array(new SharedArrayBuffer(4));
    const data: Omit<XmlWorkerData, 'port'> = {
      files: files.map((f) => f.file),
      displays: files.map((f) => f.display),
      claims: this.claims,
      bootFailed: through,
      batchFiles: BATCH_FILES,
      batchChars: BATCH_CHARS
    };
    for (let i = 0; i < n; i++) {
      const { port1, port2 } = new MessageChannel();
      let worker: Worker;
      try {
        worker = startTsWorker(entry, { ...data, port: port2 }, [port2]);
      } catch {
        // No thread to be had (a resource limit): this thread reads the files itself.
        port1.close();
        continue;
      }
      // A worker that fails only leaves its files to this thread; its error must not end the process.
      worker.on('error', () => undefined);
      this.workers.push(worker);
      this.ports.push(port1);
    }
    const until = Date.now() + 60_000;
    for (let seen = 0; opts.settle && (seen = Atomics.load(through, 0)) < n && Date.now() < until;) {
      Atomics.wait(through, 0, seen, until - Date.now());
    }
  }

  /** Number of worker threads started (0 when everything runs on the calling thread). */
  get threads(): number {
    return this.workers.length;
  }

  /**
   * File k, read and parsed; call in the loader's order. An error that is neither a refusal nor malformed XML is
   * thrown here, on file k's turn, as the loader has always thrown it.
   */
  take(k: number): XmlRead {
    this.done = k;
    for (;;) {
      const a = this.answers[k];
      if (a !== undefined) {
        this.answers[k] = undefined;
        if (!('batch' in a) && a.kind !== 'refused') this.held -= a.content.length;
        const r = 'batch' in a ? readFromBatch(a.batch, a.k) : a;
        // A file the worker could not answer: read here, where its error is thrown in turn.
        return r ?? this.own(k);
      }
      const claims = this.claims;
      if (!claims) return this.own(k);
      if (this.receive(k)) continue;
      if (Atomics.compareExchange(claims, k, FREE, CLAIMED_BY_LOADER) === FREE) {
        this.stats.inOrder++;
        return this.own(k);
      }
      // A worker holds file k: read one from the back meanwhile, then look again.
      if (this.fromBack(k)) continue;
      // Every file is claimed and the worker has not answered this one yet: read it here rather than wait (the
      // worker's answer, when it comes, is the same read and is dropped).
      this.stats.twice++;
      return this.own(k);
    }
  }

  /** Stops the workers (their answers still unread are dropped). */
  close(): void {
    this.onClose?.(this.stats);
    for (const w of this.workers) void w.terminate();
    for (const p of this.ports) p.close();
  }

  private own(k: number): XmlRead {
    const f = this.files[k]!;
    return readXmlFile(f.file, f.display);
  }

  /** Claims and reads the last file no thread has claimed, past `k`; false when there is none (or enough is held). */
  private fromBack(k: number): boolean {
    const claims = this.claims!;
    while (this.back > k + 1 && this.held < MAX_HELD_CHARS) {
      const j = --this.back;
      if (Atomics.compareExchange(claims, j, FREE, CLAIMED_BY_LOADER) !== FREE) {
        // A worker claimed it: workers claim in order, so every file between k and j is claimed too.
        this.back = k + 1;
        return false;
      }
      try {
        const r = this.own(j);
        if (r.kind !== 'refused') this.held += r.content.length;
        this.answers[j] = r;
        this.stats.fromBack++;
      } catch {
        // Read again on its turn, where the error is thrown in order.
      }
      return true;
    }
    return false;
  }

  /**
   * Takes the workers' answers, without waiting, until file k's has come (answers come mostly in order: taking them
   * no sooner than needed keeps few batches alive on this thread), or all there are when k is not given. True when
   * file k's has come.
   */
  private receive(k?: number): boolean {
    for (const port of this.ports) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        this.store(m.message as XmlBatch);
        if (k !== undefined && this.answers[k] !== undefined) return true;
      }
    }
    return false;
  }

  private store(batch: XmlBatch) {
    for (let i = 0; i < batch.ids.length; i++) {
      const id = batch.ids[i]!;
      // An answer for a file this thread has already taken (read twice) is dropped.
      if (id < this.done) continue;
      this.answers[id] = { batch, k: i };
      this.stats.fromWorkers++;
    }
  }

  /** Takes every answer the workers have sent so far, without waiting; returns how many files they have answered. */
  poll(): number {
    this.receive();
    return this.stats.fromWorkers;
  }
}
