import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { filesUnder, freshHome, removeHome } from '../helpers/home';
import { REPO_ROOT } from '../helpers/paths';
import { BIN_DIR, nodeScriptInFreshHome, toolEnv } from '../helpers/processes';

/**
 * The launcher (scripts/build/run.cjs) and the bundle's build (scripts/build/bundle.cjs), in a scratch copy of this
 * checkout's scripts/src, scripts/build, package.json and tsconfig.json (node_modules linked), as manifest.test.ts
 * copies the plugin for `prepare`: every run here edits or builds the copy, never the checkout's bundle. Each run is a
 * child process with a fresh HOME that must stay empty.
 */
jest.setTimeout(180_000);

interface Manifest {
  srcDigest: string;
  outputs: string[];
  inputs: Record<string, { stat: string; sha256: string }>;
}

let scratch: string;
const inScratch = (...p: string[]) => path.join(scratch, ...p);
const dist = (...p: string[]) => inScratch('scripts', 'dist', ...p);
const readManifest = () => JSON.parse(readFileSync(dist('manifest.json'), 'utf8')) as Manifest;
/** The copy's scripts/build/bundle.cjs, as far as these tests call it. */
interface BundleApi {
  srcDigest(root: string): string;
  readManifest(root: string): unknown;
  check(root: string, manifest: unknown): { fresh?: true; refresh?: true; stale?: string };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundleApi = () => require(inScratch('scripts', 'build', 'bundle.cjs')) as BundleApi;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node scripts/build/run.cjs <args>` in the copy, with a fresh HOME it must leave empty. */
function launch(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const home = freshHome();
  try {
    const r = spawnSync(path.join(BIN_DIR, 'node'), [inScratch('scripts', 'build', 'run.cjs'), ...args], {
      cwd: scratch,
      env: toolEnv(home, env),
      encoding: 'utf8',
      timeout: 120_000
    });
    expect(filesUnder(home)).toEqual([]);
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    removeHome(home);
  }
}

/** The same, without blocking: two of them race. */
function launchAsync(args: string[], home: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(BIN_DIR, 'node'), [inScratch('scripts', 'build', 'run.cjs'), ...args], {
      cwd: scratch,
      env: toolEnv(home)
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Replaces one byte of a source file of the copy, keeping its size and its mtime (as `cp -p` or a tool would). */
function editKeepingTimes(rel: string, from: string, to: string): void {
  expect(to.length).toBe(from.length);
  const file = inScratch(rel);
  const before = statSync(file);
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
  utimesSync(file, SOURCE_TIME, SOURCE_TIME);
  // The time as `cp -p` keeps it, to the nanosecond, and the same size: only the bytes tell the change.
  expect(statSync(file, { bigint: true }).mtimeNs).toBe(BigInt(SOURCE_TIME) * 1_000_000_000n);
  expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
  expect(statSync(file).size).toBe(before.size);
}

/** Every copied source's time (whole seconds, so that setting it again restores it exactly). */
const SOURCE_TIME = 1_780_000_000;

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-bundle-'));
  for (const f of ['package.json', 'tsconfig.json']) cpSync(path.join(REPO_ROOT, f), inScratch(f));
  for (const d of ['scripts/src', 'scripts/build'])
    cpSync(path.join(REPO_ROOT, d), inScratch(d), { recursive: true, preserveTimestamps: true });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), inScratch('node_modules'), 'dir');
  for (const f of filesUnder(inScratch('scripts', 'src')))
    utimesSync(inScratch('scripts', 'src', f), SOURCE_TIME, SOURCE_TIME);
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the launcher', () => {
  it('builds a missing bundle, then runs it: five entries, each with its external source map', () => {
    expect(existsSync(dist())).toBe(false);
    const r = launch(['--version']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^phi-guard 0\.\d+\.\d+ node-v22\./);
    const m = readManifest();
    expect(m.outputs).toEqual([
      'apex-worker.js',
      'apex-worker.js.map',
      'main.js',
      'main.js.map',
      'plugin-api.js',
      'plugin-api.js.map',
      'resolve-worker.js',
      'resolve-worker.js.map',
      'xml-worker.js',
      'xml-worker.js.map'
    ]);
    // Every file of scripts/src is a recorded input (a file added there is a change), and so is the build itself.
    const src = filesUnder(inScratch('scripts', 'src')).map((f) => `scripts/src/${f}`);
    expect(Object.keys(m.inputs)).toEqual(
      expect.arrayContaining([...src, 'package.json', 'tsconfig.json', 'scripts/build/bundle.cjs'])
    );
    // No npm package is inside the bundle: they stay external, and load (lazily) from node_modules.
    const main = readFileSync(dist('main.js'), 'utf8');
    expect(main).toContain('require("@salesforce/core")');
    expect(main).toMatch(/\/\/# sourceMappingURL=main\.js\.map\n$/);
    const map = JSON.parse(readFileSync(dist('main.js.map'), 'utf8')) as { sources: string[] };
    expect(map.sources).toContain('../src/cli/main.ts');
    expect(map.sources.filter((s) => s.includes('node_modules'))).toEqual([]);
    // The digest of the sources, recorded in the bundle (the deploy gate's keys hold it).
    expect(m.srcDigest).toBe(bundleApi().srcDigest(scratch));
    expect(main).toContain(m.srcDigest);
  });

  it('a fresh bundle is not rebuilt', () => {
    const before = statSync(dist('main.js')).ino;
    expect(launch(['--version']).code).toBe(0);
    expect(statSync(dist('main.js')).ino).toBe(before);
    expect(bundleApi().check(scratch, bundleApi().readManifest(scratch))).toEqual({ fresh: true });
  });

  it('one changed byte in scripts/src, with its size and mtime kept, is what the next run runs', () => {
    editKeepingTimes(
      'scripts/src/cli/main.ts',
      'io.out(`phi-guard ${version()}',
      'io.out(`phi-guarD ${version()}'
    );
    const r = launch(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^phi-guarD 0\./);
    expect(readManifest().srcDigest).toBe(bundleApi().srcDigest(scratch));
  });

  it('same bytes with new times (a fresh clone, touch): no rebuild, the record catches up', () => {
    const before = statSync(dist('main.js')).ino;
    const file = inScratch('scripts', 'src', 'errors.ts');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(bundleApi().check(scratch, bundleApi().readManifest(scratch))).toEqual({ refresh: true });
    expect(launch(['--version']).code).toBe(0);
    expect(statSync(dist('main.js')).ino).toBe(before);
    expect(bundleApi().check(scratch, bundleApi().readManifest(scratch))).toEqual({ fresh: true });
  });

  it('a file added under scripts/src, or a bundle file removed, rebuilds', () => {
    writeFileSync(inScratch('scripts', 'src', 'unused-new.ts'), 'export const x = 1;\n');
    expect(bundleApi().check(scratch, bundleApi().readManifest(scratch))).toEqual({
      stale: 'scripts/src/unused-new.ts added'
    });
    rmSync(dist('apex-worker.js'));
    expect(launch(['--version']).code).toBe(0);
    expect(existsSync(dist('apex-worker.js'))).toBe(true);
    expect(bundleApi().check(scratch, bundleApi().readManifest(scratch))).toEqual({ fresh: true });
  });

  it('PHI_GUARD_DEBUG=1: a stack trace names the scripts/src file and line, through the source map', () => {
    // An internal error (not a user error) at a known line of the copy's verify command.
    const file = inScratch('scripts', 'src', 'commands', 'verify.ts');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => /^export async function verifyCommand\(/.test(l));
    expect(at).toBeGreaterThan(-1);
    lines.splice(at + 1, 0, "  throw new Error('probe: internal');");
    writeFileSync(file, lines.join('\n'));
    const debug = launch(['verify', '-d', '.'], { PHI_GUARD_DEBUG: '1' });
    expect(debug.code).toBe(2);
    const frame = new RegExp(
      `at verifyCommand \\(${inScratch('scripts', 'src', 'commands', 'verify.ts').replace(/[.\\/]/g, '\\$&')}:${at + 2}:\\d+\\)`
    );
    expect(debug.stderr).toMatch(frame);
    expect(debug.stderr).not.toMatch(/scripts[\\/]dist[\\/]main\.js:\d+/);
    // Without it: one line, no stack.
    const quiet = launch(['verify', '-d', '.']);
    expect(quiet.code).toBe(2);
    expect(quiet.stderr.trim().split('\n')).toHaveLength(1);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
  });

  it('a build error: one line naming the file and line, exit 2, nothing on stdout, the old bundle left whole', () => {
    const before = readFileSync(dist('main.js'));
    rmSync(inScratch('scripts', 'src', 'unused-new.ts'), { force: true });
    const file = inScratch('scripts', 'src', 'errors.ts');
    const source = readFileSync(file, 'utf8');
    const line = source.split('\n').length;
    writeFileSync(file, `${source}export const broken = ;\n`);
    try {
      const r = launch(['--version']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `Error: the CLI bundle cannot be built: scripts/src/errors.ts:${line}:23: Unexpected ";"\n`
      );
      // Buffer#equals: jest's deep equality walks a 0.9 MB buffer byte by byte (8 s).
      expect(readFileSync(dist('main.js')).equals(before)).toBe(true);
    } finally {
      writeFileSync(file, source);
    }
  });

  it('two launchers racing on a stale bundle both run, and leave one complete bundle and no temporary file', async () => {
    editKeepingTimes(
      'scripts/src/cli/main.ts',
      'io.out(`phi-guarD ${version()}',
      'io.out(`phi-guarR ${version()}'
    );
    const homes = [freshHome(), freshHome()];
    try {
      const runs = await Promise.all(homes.map((h) => launchAsync(['--version'], h)));
      for (const r of runs) {
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^phi-guarR 0\./);
      }
      for (const h of homes) expect(filesUnder(h)).toEqual([]);
    } finally {
      homes.forEach(removeHome);
    }
    expect(readdirSync(dist()).sort()).toEqual([...readManifest().outputs, 'manifest.json'].sort());
    expect(bundleApi().check(scratch, bundleApi().readManifest(scratch))).toEqual({ fresh: true });
    expect(launch(['--version']).stdout).toMatch(/^phi-guarR 0\./);
  });

  it("npm's prepare step (node scripts/build/bundle.cjs) builds, and writes nothing under HOME", () => {
    rmSync(dist(), { recursive: true, force: true });
    const r = nodeScriptInFreshHome(inScratch('scripts', 'build', 'bundle.cjs'), scratch);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.leftUnderHome).toEqual([]);
    expect(bundleApi().check(scratch, bundleApi().readManifest(scratch))).toEqual({ fresh: true });
  });
});
