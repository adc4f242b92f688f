import { readFileSync, writeFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { listFiles, walkFiles } from '../src/project/files';
import { loadSfdxProject } from '../src/project/sfdx-project';
import { resultDigest } from './result-digest';

/**
 * One measured run, in its own process. Modes:
 * - `verify`: the real command (`verify --json`) as users run it, from the CLI's bundle, with the launcher's freshness
 *   check (scripts/build/run.cjs; a bundle older than scripts/src is rebuilt first, by esbuild's own process: its CPU
 *   is not this one's), output kept only as a digest of the result (./result-digest.ts), taken by the bench from the
 *   file BENCH_RESULT_FILE names, or by this process when run alone;
 * - `verify-ref`: the same with `PHI_GUARD_METADATA_TYPES=sdr`, the reference path (metadata typed
 *   by SDR's resolver instead of by folder and suffix);
 * - `floor`: only read and parse the same files: every XML file, and every Apex file recognised by
 *   the ANTLR parser, SLL first, without building trees (the plain parse pass);
 * - `pmd`: Code Analyzer's PMD engine with pmd:Security (its JVM is a child process: wall time only);
 * - `types`: the metadata types by folder and suffix against SDR's resolver (a count of differences);
 * - `gate <dir> [cacheDir]`: the deploy gate's static layers (verify, schema, Apex layers), with its
 *   cache in `cacheDir`; reports which layers it reused.
 * Prints one JSON line: wall time of the work, CPU time (user + system, all threads of this
 * process, from its start), peak RSS, and what the mode reports.
 */
async function run(mode: string, dir: string, extra?: string): Promise<Record<string, unknown>> {
  // Each mode loads only the modules it runs (module loading is part of what is measured, and one mode's
  // modules must not weigh on another: PMD's and the ANTLR parser's modules cost 0.2 to 0.45 s to load).
  if (mode === 'verify' || mode === 'verify-ref') {
    const { main } = await loadBundledMain();
    if (mode === 'verify-ref') process.env.PHI_GUARD_METADATA_TYPES = 'sdr';
    let out = '';
    const io = {
      out: (t: string) => (out += t),
      err: () => undefined,
      progress: () => undefined,
      isTTY: false,
      errIsTTY: false
    };
    const code = await main(['verify', '-d', dir, '--json', '--no-progress'], io);
    if (code === 2) throw new Error('verify failed');
    // After the measured work (see `done`), not inside it. Under the bench (BENCH_RESULT_FILE), the output goes to
    // the file it names and the bench digests it: neither this process's clock nor the bench's, which times this
    // whole process, counts that bookkeeping as verify's time. Run alone, this process digests it.
    const file = process.env.BENCH_RESULT_FILE;
    return { code, after: () => (file ? (writeFileSync(file, out), {}) : resultDigest(out)) };
  }
  if (mode === 'floor') {
    const { parseApex, apexKind } = await import('../src/apex/parse');
    const { parseXml } = await import('../src/posture/xml');
    let n = 0;
    const pkg = path.join(dir, 'force-app');
    for (const file of listFiles(
      [pkg],
      (f) => f.endsWith('.xml') || f.endsWith('.cls') || f.endsWith('.trigger')
    )) {
      const text = readFileSync(file, 'utf8');
      if (file.endsWith('.xml')) parseXml(text);
      else parseApex(text, apexKind(file));
      n++;
    }
    return { files: n };
  }
  if (mode === 'pmd') {
    const { runPmd } = await import('../src/apex/pmd');
    const r = await runPmd([path.join(dir, 'force-app')], ['pmd:Security'], dir);
    return { violations: r.violations.length };
  }
  if (mode === 'types') return compareTypes(dir);
  if (mode === 'gate') {
    const { runGate } = await import('../src/deploy/gate');
    const r = await runGate(loadSfdxProject(dir), {
      failOn: 'high',
      now: new Date(process.env.PHI_GUARD_NOW ?? Date.now()),
      cache: { dir: extra }
    });
    return { passed: r.passed, reused: r.cache.reused };
  }
  throw new Error(`unknown mode ${mode}`);
}

/** The launcher: the bundle's file for an entry, fresh (scripts/build/run.cjs). */
interface Launcher {
  bundleEntry(entry: string): string;
}
/** Node's CommonJS Module, as far as loadBundledMain uses it. */
interface CjsModule {
  filename: string;
  paths: string[];
  exports: { main: typeof import('../src/cli/main').main };
  _compile(code: string, file: string): void;
}
type CjsModuleClass = (new (id: string, parent: unknown) => CjsModule) & {
  _nodeModulePaths(dir: string): string[];
};

/**
 * The CLI's `main` from the bundle, loaded as plain Node loads a .js file (read, then Module#_compile: what its
 * CommonJS loader does for `require`), and not through the `.js` hook of tsx, which runs this file: that hook would
 * transform the 0.9 MB bundle again (50-90 ms more than `node scripts/build/run.cjs` spends, measured). The npm
 * packages it requires load as the floor's do.
 */
async function loadBundledMain(): Promise<CjsModule['exports']> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const launcher = require('../build/run.cjs') as Launcher;
  const file = launcher.bundleEntry('main');
  // Source maps as a user's run has them when the bundle loads: off but with PHI_GUARD_DEBUG (the launcher turns them
  // on then). tsx, which runs this file, turned them on for the whole process: left on, Node would read and keep the
  // bundle's 0.6 MB map (cli/main.ts `main` turns them off too late, after the bundle has loaded).
  if (!process.env.PHI_GUARD_DEBUG) process.setSourceMapsEnabled(false);
  const { default: Module } = await import('node:module');
  const M = Module as unknown as CjsModuleClass;
  const m = new M(file, module);
  m.filename = file;
  m.paths = M._nodeModulePaths(path.dirname(file));
  m._compile(readFileSync(file, 'utf8'), file);
  return m.exports;
}

async function compareTypes(dir: string) {
  const { typeByPath } = await import('../src/metadata/path-types');
  const { resolveMetadataFiles } = await import('../src/metadata/resolve');
  const project = loadSfdxProject(dir);
  const listing = new Map<string, Dirent[]>();
  walkFiles(project.packageDirs, () => true, listing);
  let fast: Map<string, string> | undefined;
  let ambiguous: string | undefined;
  try {
    fast = new Map(typeByPath(project.packageDirs, listing, project.root).files.map((f) => [f.file, f.type]));
  } catch (e) {
    ambiguous = (e as Error).message;
  }
  const ref = resolveMetadataFiles(project.packageDirs, project.root);
  if (!fast) return { files: ref.files.length, ambiguous };
  let differences = ref.unresolved.length;
  for (const f of ref.files) if (fast.get(f.file) !== f.type) differences++;
  differences += Math.max(0, fast.size - ref.files.length);
  return { files: ref.files.length, differences };
}

const [mode, dir, extra] = process.argv.slice(2);
const t0 = performance.now();
run(mode!, path.resolve(dir!), extra).then(
  ({ after, ...report }) => {
    const cpu = process.cpuUsage();
    const measured = {
      ms: performance.now() - t0,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssMb: process.resourceUsage().maxRSS / 1024
    };
    const more = typeof after === 'function' ? (after as () => Record<string, unknown>)() : {};
    process.stdout.write(JSON.stringify({ ...measured, ...report, ...more }) + '\n');
  },
  (e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  }
);
