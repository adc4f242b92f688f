import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { srcDigest, toolFingerprint } from '../../src/deploy/gate-inputs';
import { fixture, REPO_ROOT } from '../helpers/paths';
import { runCliNonBlocking, type Via } from '../helpers/run-cli';

/**
 * The bundle (scripts/build/bundle.cjs, run by the launcher) and the TypeScript through tsx are the same program:
 * `verify --json` prints the same bytes both ways (but the time it ran) on the posture fixtures and on this
 * repository, and the worker threads run from the bundle, the bundle's own builds of their entries, when the main
 * code does. Every run is a child process (runCli: a fresh HOME it must leave empty); the two ways of one comparison
 * run at once (each reads the project and writes only its own probe file).
 */
jest.setTimeout(300_000);

const NOW = { PHI_GUARD_NOW: '2026-06-01T12:00:00Z' };
/** A run's probe of the worker threads it started (worker-probe.cjs). */
interface WorkerSeen {
  entry: string;
  online: boolean;
  errors: string[];
}

/** `verify --json` one way, with the worker probe preloaded; stdout without generatedAt, and the workers it started. */
async function verify(
  dir: string,
  via: Via,
  env: NodeJS.ProcessEnv = {}
): Promise<{ code: number | null; json: string; stderr: string; workers: WorkerSeen[] }> {
  const probeDir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-workers-'));
  const file = path.join(probeDir, 'workers.json');
  try {
    const r = await runCliNonBlocking(['verify', '-d', dir, '--json', '--no-progress'], {
      via,
      env: {
        ...NOW,
        ...env,
        PHI_GUARD_TEST_WORKERS: file,
        NODE_OPTIONS: `--require ${path.join(__dirname, 'worker-probe.cjs')}`
      }
    });
    const json = r.stdout.replace(/"generatedAt": "[^"]+"/, '"generatedAt": "-"');
    return {
      code: r.code,
      json,
      stderr: r.stderr,
      workers: JSON.parse(readFileSync(file, 'utf8')) as WorkerSeen[]
    };
  } finally {
    rmSync(probeDir, { recursive: true, force: true });
  }
}

const rel = (f: string) => path.relative(REPO_ROOT, f).split(path.sep).join('/');

/**
 * `verify --json` from the bundle and through tsx at once: each started one worker, from the entry given (online,
 * without an error), and both printed the same result with the same exit code. Returns the bundle's run.
 */
async function expectSameWithWorker(
  dir: string,
  env: NodeJS.ProcessEnv,
  entries: { bundle: string; tsx: string }
) {
  const [bundled, tsx] = await Promise.all([verify(dir, 'bundle', env), verify(dir, 'tsx', env)]);
  const seen = (ws: WorkerSeen[]) => ws.map((w) => ({ ...w, entry: rel(w.entry) }));
  expect(seen(bundled.workers)).toEqual([{ entry: entries.bundle, online: true, errors: [] }]);
  expect(seen(tsx.workers)).toEqual([{ entry: entries.tsx, online: true, errors: [] }]);
  expect(bundled.code).toBe(tsx.code);
  expect(bundled.json).toBe(tsx.json);
  return bundled;
}

describe('verify --json: the bundle prints what the TypeScript prints', () => {
  it.each([
    ['posture/compliant', fixture('posture', 'compliant')],
    ['posture/noncompliant', fixture('posture', 'noncompliant')],
    ['this repository', REPO_ROOT]
  ])('%s', async (_name, dir) => {
    const [bundled, tsx] = await Promise.all([verify(dir, 'bundle'), verify(dir, 'tsx')]);
    expect(bundled.stderr).toBe(tsx.stderr);
    expect(bundled.code).toBe(tsx.code);
    expect([0, 1]).toContain(bundled.code);
    expect(JSON.parse(bundled.json)).toHaveProperty('result.checks');
    expect(bundled.json).toBe(tsx.json);
  });
});

describe('worker threads from the bundle', () => {
  let project: string;
  beforeAll(() => {
    // More Apex than the pool's 2 MB threshold (posture/source/apex/pool.ts DEFAULT_MIN_BYTES): 230 classes of ~10 KB.
    project = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-apex-workers-'));
    cpSync(fixture('posture', 'compliant'), project, { recursive: true });
    const classes = path.join(project, 'force-app', 'main', 'default', 'classes');
    const meta =
      '<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
      '    <apiVersion>62.0</apiVersion>\n    <status>Active</status>\n</ApexClass>\n';
    for (let i = 0; i < 230; i++) {
      const methods = Array.from(
        { length: 120 },
        (_, j) =>
          `    public Integer step${j}(Integer a) {\n        Integer b = a + ${j};\n        return b * 2;\n    }\n`
      ).join('');
      writeFileSync(
        path.join(classes, `BundleWorkerLoad${i}.cls`),
        `public with sharing class BundleWorkerLoad${i} {\n${methods}}\n`
      );
      writeFileSync(path.join(classes, `BundleWorkerLoad${i}.cls-meta.xml`), meta);
    }
  });
  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('Apex facts workers (PHI_GUARD_APEX_WORKERS=1): the bundle starts dist/apex-worker.js, same output', async () => {
    await expectSameWithWorker(
      project,
      { PHI_GUARD_APEX_WORKERS: '1' },
      { bundle: 'scripts/dist/apex-worker.js', tsx: 'scripts/src/posture/source/apex/worker.ts' }
    );
  });

  it('the XML worker (PHI_GUARD_XML_WORKERS=1): the bundle starts dist/xml-worker.js, same output', async () => {
    // More XML files than the pool's threshold (posture/source/xml/pool.ts DEFAULT_MIN_FILES): 2,100 list views (few
    // checks list them as evidence, so the JSON stays small).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-xml-workers-'));
    try {
      cpSync(fixture('posture', 'compliant'), dir, { recursive: true });
      const views = path.join(dir, 'force-app', 'main', 'default', 'objects', 'Account', 'listViews');
      mkdirSync(views, { recursive: true });
      for (let i = 0; i < 2100; i++) {
        writeFileSync(
          path.join(views, `L${i}.listView-meta.xml`),
          '<?xml version="1.0" encoding="UTF-8"?>\n<ListView xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
            `    <fullName>L${i}</fullName>\n    <filterScope>Everything</filterScope>\n    <label>L ${i}</label>\n` +
            '</ListView>\n'
        );
      }
      const bundled = await expectSameWithWorker(
        dir,
        { PHI_GUARD_XML_WORKERS: '1', PHI_GUARD_APEX_WORKERS: '0' },
        { bundle: 'scripts/dist/xml-worker.js', tsx: 'scripts/src/posture/source/xml/worker.ts' }
      );
      // And as on one thread.
      expect(
        (await verify(dir, 'bundle', { PHI_GUARD_XML_WORKERS: '0', PHI_GUARD_APEX_WORKERS: '0' })).json
      ).toBe(bundled.json);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the SDR resolver worker (PHI_GUARD_METADATA_TYPES=sdr): the bundle starts dist/resolve-worker.js', async () => {
    await expectSameWithWorker(
      fixture('posture', 'noncompliant'),
      { PHI_GUARD_METADATA_TYPES: 'sdr' },
      { bundle: 'scripts/dist/resolve-worker.js', tsx: 'scripts/src/metadata/resolve-worker.ts' }
    );
  });
});

describe("the deploy gate's key names the code that runs", () => {
  it('the bundle records the digest of the sources it was built from, which the tsx path computes alike', () => {
    // runCli has run the launcher: the checkout's bundle is fresh.
    const manifest = JSON.parse(
      readFileSync(path.join(REPO_ROOT, 'scripts', 'dist', 'manifest.json'), 'utf8')
    ) as { srcDigest: string };
    const src = path.join(REPO_ROOT, 'scripts', 'src');
    expect(manifest.srcDigest).toBe(srcDigest(src));
    expect(readFileSync(path.join(REPO_ROOT, 'scripts', 'dist', 'main.js'), 'utf8')).toContain(
      manifest.srcDigest
    );
    // So a gate run from the bundle and one through tsx share their cache entries, and other code never does.
    expect(toolFingerprint({ srcDigest: manifest.srcDigest })).toBe(toolFingerprint(undefined));
    expect(toolFingerprint({ srcDigest: '0'.repeat(64) })).not.toBe(toolFingerprint(undefined));
  });

  it('one changed byte anywhere under scripts/src changes the digest, hence every cached layer key', () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-src-'));
    try {
      cpSync(path.join(REPO_ROOT, 'scripts', 'src'), copy, { recursive: true });
      const before = srcDigest(copy);
      expect(before).toBe(srcDigest(path.join(REPO_ROOT, 'scripts', 'src')));
      const file = path.join(copy, 'checks', 'registry.ts');
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.replace(/.$/s, text.endsWith('\n') ? ' ' : '\n'));
      expect(srcDigest(copy)).not.toBe(before);
      expect(toolFingerprint({ srcDigest: srcDigest(copy) })).not.toBe(
        toolFingerprint({ srcDigest: before })
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
