import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveMetadataFiles } from '../../src/metadata/resolve';
import { ResolutionInWorker, resolverThread } from '../../src/metadata/resolve-async';
import { REPO_ROOT } from '../helpers/paths';

/**
 * The file types verify's deployability pass uses come from a worker thread (SDR loads beside the
 * loader) or, if that fails, from this thread: the answer is the same either way.
 */
const FORCE_APP = path.join(REPO_ROOT, 'force-app');

describe('typing metadata files on a worker thread', () => {
  const direct = resolveMetadataFiles([FORCE_APP]);

  it('answers with exactly what SDR gives on this thread', () => {
    expect(direct.files.length).toBeGreaterThan(100);
    const r = new ResolutionInWorker([FORCE_APP]);
    expect(r.wait()).toEqual(direct);
    expect(r.answeredBy).toBe('worker');
    // Answered once: later calls give the same object without waiting.
    expect(r.poll()).toBe(r.wait());
  });

  it('one worker serves the runs of a process, and an idle one is stopped', async () => {
    const first = new ResolutionInWorker([FORCE_APP]);
    const thread = resolverThread();
    expect(thread).toBeDefined();
    first.wait();
    const second = new ResolutionInWorker([FORCE_APP]);
    expect(resolverThread()).toBe(thread);
    expect(second.wait()).toEqual(direct);
    expect(second.answeredBy).toBe('worker');
    await new Promise((r) => setTimeout(r, 3500));
    expect(resolverThread()).toBeUndefined();
  });

  it('poll() does not wait: nothing until the worker has answered, then the answer', () => {
    const r = new ResolutionInWorker([FORCE_APP]);
    expect(r.poll()).toBeUndefined();
    const answer = r.wait();
    expect(r.poll()).toBe(answer);
  });

  it('a worker that does not answer in time is stopped, and this thread resolves instead', () => {
    const r = new ResolutionInWorker([FORCE_APP], 0);
    expect(r.wait()).toEqual(direct);
    expect(r.answeredBy).toBe('this thread');
  });

  it('a package directory that does not exist types nothing, on either path', () => {
    const missing = path.join(REPO_ROOT, 'no-such-package-dir');
    expect(new ResolutionInWorker([missing]).wait()).toEqual({ files: [], unresolved: [] });
    expect(new ResolutionInWorker([missing], 0).wait()).toEqual({ files: [], unresolved: [] });
  });

  it('a worker whose entry fails as it loads: this thread answers at once, not after the stall time', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-resolve-'));
    const broken = path.join(dir, 'broken-worker.ts');
    writeFileSync(broken, "throw new Error('no SDR here');\n");
    try {
      const t0 = Date.now();
      const r = new ResolutionInWorker([FORCE_APP], 60_000, undefined, broken);
      expect(r.wait()).toEqual(direct);
      expect(r.answeredBy).toBe('this thread');
      // The old wait blocked for all 60 s; the failed start is seen within a look or two.
      expect(Date.now() - t0).toBeLessThan(20_000);
      // The next request starts the real worker again.
      const next = new ResolutionInWorker([FORCE_APP]);
      expect(next.wait()).toEqual(direct);
      expect(next.answeredBy).toBe('worker');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
