import { availableParallelism, cpus } from 'node:os';
import path from 'node:path';
import {
  ApexFactPool,
  cpuSample,
  defaultWorkers,
  idleCoresBetween,
  type CpuSample
} from '../../../src/posture/source/apex/pool';
import { apexFacts } from '../../../src/posture/source/apex-facts';

const source = (i: number) => `public with sharing class C${i} {
    public class Inner${i} {
        List<Patient__c> rows() { return [SELECT Name FROM Patient__c WHERE Id = :recId${i}]; }
    }
    void f() { insert new Patient__c(); System.debug('n'); }
}
`;
const files = Array.from({ length: 40 }, (_, i) => ({
  file: `/p/C${i}.cls`,
  rel: `classes/C${i}.cls`,
  src: source(i)
}));
// Facts cloned from a worker carry Node's own Set and Map (another realm than jest's sandbox).
const kind = (v: unknown) => Object.prototype.toString.call(v);
const strip = (x: unknown) =>
  JSON.stringify(x, (_k, v: unknown) =>
    kind(v) === '[object Set]'
      ? [...(v as Set<string>)].sort()
      : kind(v) === '[object Map]'
        ? [...(v as Map<string, string>)]
        : v
  );

describe('ApexFactPool', () => {
  it('answers on worker threads with the same facts, in submission order', async () => {
    const pool = new ApexFactPool({ workers: 2, minBytes: 0 });
    for (const f of files) pool.submit(f.file, f.rel, f.src);
    // Files go to the workers in batches of 16 (the last 8 when collected). Collecting at once would read most files
    // on this thread while the workers start: wait for the answers to the two batches handed over.
    for (let i = 0; i < 300 && pool.poll() < 32; i++) await new Promise((r) => setTimeout(r, 100));
    expect(pool.poll()).toBe(32);
    const facts = pool.collect();
    expect(pool.threads).toBe(2);
    const same = strip(facts) === strip(files.map((f) => apexFacts(f.file, f.rel, f.src)));
    expect(same).toBe(true);
    expect(facts[39]!.identifiers.has('inner39')).toBe(true);
  }, 60_000);

  it('reads on this thread what workers have not answered: collecting never waits on them, even on a failed one', () => {
    const failing = path.join(__dirname, 'failing-worker.fixture.ts');
    const pool = new ApexFactPool({ workers: 1, minBytes: 0, entry: failing });
    for (const f of files) pool.submit(f.file, f.rel, f.src);
    expect(pool.threads).toBe(1);
    const t0 = Date.now();
    const facts = pool.collect();
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(pool.poll()).toBe(0);
    expect(strip(facts)).toBe(strip(files.map((f) => apexFacts(f.file, f.rel, f.src))));
  });

  it('stays on the calling thread below its size threshold or with no workers', () => {
    for (const opts of [{ workers: 2 }, { workers: 0, minBytes: 0 }]) {
      const pool = new ApexFactPool(opts);
      for (const f of files.slice(0, 3)) pool.submit(f.file, f.rel, f.src);
      expect(pool.collect().map((a) => a.name)).toEqual(['C0', 'C1', 'C2']);
      expect(pool.threads).toBe(0);
    }
  });
});

describe('how many workers the pool starts', () => {
  const at = (ms: number, idle: number, total: number): CpuSample => ({ at: ms, idle, total });
  const saved = process.env.PHI_GUARD_APEX_WORKERS;
  beforeEach(() => delete process.env.PHI_GUARD_APEX_WORKERS);
  afterAll(() => {
    if (saved === undefined) delete process.env.PHI_GUARD_APEX_WORKERS;
    else process.env.PHI_GUARD_APEX_WORKERS = saved;
  });

  it('measures idle cores from the CPU counters, and not over too short a time', () => {
    // 2 cores for 1 s: 2,000 ms of CPU time, 900 of them idle: 0.9 of a core sat idle.
    expect(idleCoresBetween(at(0, 0, 0), at(1000, 900, 2000), 2)).toBeCloseTo(0.9);
    expect(idleCoresBetween(at(0, 0, 0), at(50, 90, 100), 2)).toBeUndefined();
    expect(idleCoresBetween(at(0, 5, 10), at(500, 5, 10), 2)).toBeUndefined();
    const now = cpuSample();
    expect(now.total).toBeGreaterThanOrEqual(now.idle);
  });

  it('takes a core idle three quarters of the time, none on a busy machine, and at most 4', () => {
    const n = cpus().length;
    const idleShare = (share: number) => defaultWorkers(at(0, 0, 0), at(1000, share * n * 1000, n * 1000));
    expect(idleShare(0)).toBe(0);
    expect(idleShare(0.5 / n)).toBe(0);
    expect(idleShare(0.8 / n)).toBe(Math.min(1, availableParallelism() - 1));
    expect(idleShare(1)).toBe(Math.max(0, Math.min(4, availableParallelism() - 1, n)));
  });

  it('falls back to the load average when the loader has not run long enough to tell', () => {
    const w = defaultWorkers(at(0, 0, 0), at(10, 10, 20));
    expect(w).toBeGreaterThanOrEqual(0);
    expect(w).toBeLessThanOrEqual(Math.min(4, availableParallelism() - 1));
    expect(defaultWorkers()).toBeLessThanOrEqual(Math.min(4, availableParallelism() - 1));
  });

  it('PHI_GUARD_APEX_WORKERS overrides, and a pool decides only once its Apex is worth a worker', () => {
    process.env.PHI_GUARD_APEX_WORKERS = '3';
    expect(defaultWorkers(at(0, 0, 0), at(1000, 0, 2000))).toBe(3);
    process.env.PHI_GUARD_APEX_WORKERS = '0';
    const pool = new ApexFactPool({ minBytes: 0 });
    for (const f of files.slice(0, 2)) pool.submit(f.file, f.rel, f.src);
    expect(pool.collect().map((a) => a.name)).toEqual(['C0', 'C1']);
    expect(pool.threads).toBe(0);
  });
});
