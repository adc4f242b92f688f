import { ApexFactPool } from '../../../src/posture/source/apex/pool';
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
  it('answers on worker threads with the same facts, in submission order', () => {
    const pool = new ApexFactPool({ workers: 2, minBytes: 0 });
    for (const f of files) pool.submit(f.file, f.rel, f.src);
    const facts = pool.collect();
    expect(pool.threads).toBe(2);
    const same = strip(facts) === strip(files.map((f) => apexFacts(f.file, f.rel, f.src)));
    expect(same).toBe(true);
    expect(facts[39]!.identifiers.has('inner39')).toBe(true);
  }, 60_000);

  it('stays on the calling thread below its size threshold or with no workers', () => {
    for (const opts of [{ workers: 2 }, { workers: 0, minBytes: 0 }]) {
      const pool = new ApexFactPool(opts);
      for (const f of files.slice(0, 3)) pool.submit(f.file, f.rel, f.src);
      expect(pool.collect().map((a) => a.name)).toEqual(['C0', 'C1', 'C2']);
      expect(pool.threads).toBe(0);
    }
  });
});
