import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLE, startTsWorker, workerEntry } from '../../src/threads';

/**
 * threads.ts from both sides: under jest (as under tsx) the code is TypeScript, so workers start a .ts entry through
 * tsx; from the bundle (scripts/build/bundle.cjs defines __PHI_GUARD_BUNDLE__) they start the bundle's own build of
 * the entry, plain JavaScript, with no TypeScript loader. bundle-parity.test.ts runs both for real in the CLI.
 */
describe('worker threads', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-threads-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('jest is not the bundle: a worker entry is the .ts file beside the module', () => {
    expect(BUNDLE).toBeUndefined();
    expect(workerEntry('/x/apex', 'worker.ts', 'apex-worker')).toBe(path.join('/x/apex', 'worker.ts'));
    expect(workerEntry('/x/dist', 'worker.ts', 'apex-worker', { srcDigest: 'd' })).toBe(
      path.join('/x/dist', 'apex-worker.js')
    );
  });

  /** Runs a worker on `entry` the given way and returns what it posted back, or its error. */
  function answer(entry: string, bundle?: { srcDigest: string }): Promise<unknown> {
    return new Promise((resolve) => {
      const w = startTsWorker(entry, { n: 20 }, [], bundle);
      w.on('message', resolve);
      w.on('error', (e) => resolve(`error: ${e.message.split('\n')[0]}`));
    });
  }

  it('from the bundle: plain JavaScript, no TypeScript loader in the worker', async () => {
    const js = path.join(dir, 'plain-worker.js');
    writeFileSync(
      js,
      "const { parentPort, workerData } = require('node:worker_threads');\n" +
        "parentPort.postMessage({ double: workerData.n * 2, tsx: Object.keys(require.cache).some((k) => k.includes('tsx')) });\n"
    );
    await expect(answer(js, { srcDigest: 'd' })).resolves.toEqual({ double: 40, tsx: false });
    const ts = path.join(dir, 'typed-worker.ts');
    writeFileSync(
      ts,
      "import { parentPort } from 'node:worker_threads';\nconst n: number = 1;\nparentPort!.postMessage(n);\n"
    );
    // Under tsx (jest's path) the same TypeScript entry runs.
    await expect(answer(ts)).resolves.toBe(1);
  });
});
