import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readXmlFile } from '../../../../src/posture/source/xml/codec';
import { XmlReadPool } from '../../../../src/posture/source/xml/pool';
import * as threads from '../../../../src/threads';

/** 60 files: well-formed ones of a few sizes, malformed ones, a folder under an XML name and a file that is not there. */
let dir: string;
let files: { file: string; display: string }[];
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-xml-pool-'));
  files = [];
  for (let i = 0; i < 60; i++) {
    const name = `F${i}.field-meta.xml`;
    const file = path.join(dir, name);
    if (i === 7) mkdirSync(file);
    else if (i !== 23) {
      const body =
        i % 11 === 5
          ? `<CustomField>\n<label>x</label>\n<type>Text</CustomField>`
          : `<CustomField>\n${'  <label>L &amp; M</label>\n'.repeat(1 + (i % 5) * 40)}  <type>Text</type>\n</CustomField>\n`;
      writeFileSync(file, body);
    }
    files.push({ file, display: `fields/${name}` });
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const onThisThread = () => files.map((f) => readXmlFile(f.file, f.display));
const takeAll = (pool: XmlReadPool) => files.map((_f, k) => pool.take(k));

describe('XmlReadPool', () => {
  it('answers from a worker thread what this thread would read, in order: trees, malformed XML, refusals', () => {
    const pool = new XmlReadPool(files, { workers: 1, minFiles: 0, settle: true });
    expect(pool.threads).toBe(1);
    // Settled: the worker has claimed and answered every file before the first take.
    expect(pool.poll()).toBe(files.length);
    const got = takeAll(pool);
    pool.close();
    expect(pool.stats).toMatchObject({ fromWorkers: files.length, fromBack: 0, inOrder: 0, twice: 0 });
    expect(got).toEqual(onThisThread());
    expect(got.map((r) => r.kind).filter((k) => k !== 'parsed')).toEqual([
      'malformed',
      'refused',
      'malformed',
      'refused',
      'malformed',
      'malformed',
      'malformed'
    ]);
  }, 60_000);

  it('a worker that fails to start leaves every file to this thread, which never waits for it', () => {
    const entry = path.join(__dirname, 'failing-worker.fixture.ts');
    const pool = new XmlReadPool(files, { workers: 1, minFiles: 0, entry, settle: true });
    expect(pool.threads).toBe(1);
    const t0 = Date.now();
    const got = takeAll(pool);
    expect(Date.now() - t0).toBeLessThan(20_000);
    pool.close();
    expect(pool.stats.fromWorkers).toBe(0);
    expect(pool.stats.inOrder).toBe(files.length);
    expect(got).toEqual(onThisThread());
  }, 60_000);

  it('a worker thread that cannot be created at all: this thread reads every file', () => {
    const spy = jest.spyOn(threads, 'startTsWorker').mockImplementation(() => {
      throw new Error('ERR_WORKER_INIT_FAILED');
    });
    try {
      const pool = new XmlReadPool(files, { workers: 1, minFiles: 0 });
      expect(spy).toHaveBeenCalledTimes(1);
      expect(pool.threads).toBe(0);
      expect(takeAll(pool)).toEqual(onThisThread());
      pool.close();
      expect(pool.stats.inOrder).toBe(files.length);
    } finally {
      spy.mockRestore();
    }
  });

  it('a worker that dies holding files: this thread reads them again, and the result is the same', async () => {
    const entry = path.join(__dirname, 'dying-worker.fixture.ts');
    const pool = new XmlReadPool(files, { workers: 1, minFiles: 0, entry });
    for (let i = 0; i < 300 && pool.poll() < 1; i++) await new Promise((r) => setTimeout(r, 100));
    const got = takeAll(pool);
    pool.close();
    // File 0 came from the worker; 1 to 9 it claimed and never answered; the rest this thread read from the back.
    expect(pool.stats).toEqual({ fromWorkers: 1, fromBack: 50, inOrder: 0, twice: 9 });
    expect(got).toEqual(onThisThread());
  }, 60_000);

  it('starts no worker below its file threshold, or with none asked for', () => {
    for (const opts of [{ workers: 1 }, { workers: 0, minFiles: 0 }]) {
      const pool = new XmlReadPool(files, opts);
      expect(pool.threads).toBe(0);
      expect(takeAll(pool)).toEqual(onThisThread());
      pool.close();
      expect(pool.stats.inOrder).toBe(0);
    }
  });

  it('PHI_GUARD_XML_WORKERS=0 keeps it on this thread', () => {
    const saved = process.env.PHI_GUARD_XML_WORKERS;
    process.env.PHI_GUARD_XML_WORKERS = '0';
    try {
      const pool = new XmlReadPool(files, { minFiles: 0 });
      expect(pool.threads).toBe(0);
      pool.close();
    } finally {
      if (saved === undefined) delete process.env.PHI_GUARD_XML_WORKERS;
      else process.env.PHI_GUARD_XML_WORKERS = saved;
    }
  });
});
