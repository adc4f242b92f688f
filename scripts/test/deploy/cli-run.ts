import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Emulator } from '../../emulator/server';
import type { RequestLogEntry } from '../../emulator/http-types';
import { GateCache, KEY_FILE } from '../../src/deploy/gate-cache';
import { gateInputs, type CachedLayer } from '../../src/deploy/gate-inputs';
import { loadSfdxProject } from '../../src/project/sfdx-project';
import { runInProcess, type InProcessRun } from '../helpers/run-in-process';
import { withSeed } from '../setup/gate-seed';
import { FIXTURE, ORG_NOW, startFixtureOrg } from './fixture-org';

/**
 * A scratch folder for one test file: evidence packs, the shared gate cache (the gate's Apex layers are the
 * slow part; the cache is keyed by the SHA-256 of every input, so a changed copy of the fixture recomputes), and
 * the user cache folder holding its HMAC key. In a jest run the file's cache starts from the run's seed when another
 * file has already computed the fixture's layers, and publishes them when it is the first (../setup/gate-seed.ts).
 */
export function deployWorkspace() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-deploy-cli-'));
  const gateCache = path.join(work, 'gate-cache');
  const userCache = path.join(work, 'user-cache');
  const seed = { project: FIXTURE, gateCache, userCache };
  let packs = 0;
  return {
    work,
    gateCache,
    userCache,
    /**
     * A run with this cache on `project`, seeded: it starts from the jest run's seed when the file has no key yet and
     * the seed is there (or is being computed by another file), and publishes the fixture's entries after it when
     * they are all here and not yet published (../setup/gate-seed.ts, withSeed).
     */
    withSeed: <T>(run: () => Promise<T>, project: string = FIXTURE) => withSeed(seed, run, project),
    nextPack: () => path.join(work, `pack-${++packs}`),
    /** `--gate-cache` with this cache for `deploy <args>`; none for deploy resume, which runs no gate. */
    gateCacheArgs: (args: readonly string[]): string[] =>
      args[0] === 'resume' ? [] : ['--gate-cache', gateCache],
    /** A copy of the fixture project, edited by the caller. */
    copyFixture(name: string): string {
      const dir = path.join(work, name);
      cpSync(FIXTURE, dir, { recursive: true });
      return dir;
    },
    /**
     * For a test that judges another stage than the gate (the deploy, --delta), on a copy whose edits change nothing
     * apex-ls or PMD report on: the fixture's apex-ls and PMD entries in this cache, stored again under the copy's
     * keys as it is now, so the copy's runs reuse the fixture's verdict rather than starting the two JVMs for inputs
     * no test judges them on. Everything else in the gate (verify, the schema, the rules, the Apex parser) still runs
     * on the copy, and a layer whose fixture entry is not in this cache yet (a test run alone) is left to run.
     * Returns the layers carried over.
     */
    async carryApexVerdict(dir: string): Promise<CachedLayer[]> {
      // Only into a cache that has its key already (the file's first run made or took it): opening the cache before
      // would make a key, and the file would no longer take the run's seed (../setup/gate-seed.ts).
      if (!existsSync(path.join(userCache, 'phi-guard', KEY_FILE))) return [];
      const env = { ...process.env, XDG_CACHE_HOME: userCache };
      const cache = GateCache.open(FIXTURE, { dir: gateCache }, env);
      const from = gateInputs(loadSfdxProject(FIXTURE), 'high', false, env).keys;
      const to = gateInputs(loadSfdxProject(dir), 'high', false, env).keys;
      const carried: CachedLayer[] = [];
      for (const layer of ['apex-ls', 'pmd'] as const) {
        const none = Symbol('no entry');
        const verdict = await cache.layer<unknown>(
          layer,
          from[layer],
          () => none,
          () => false
        );
        if (verdict === none) continue;
        await cache.layer(
          layer,
          to[layer],
          () => verdict,
          () => true
        );
        carried.push(layer);
      }
      return carried;
    },
    cleanup: () => rmSync(work, { recursive: true, force: true })
  };
}

export type Workspace = ReturnType<typeof deployWorkspace>;

/** Starts fixture orgs for a test file; each is stopped after its test. */
export function fixtureOrgs() {
  const started: Emulator[] = [];
  afterEach(async () => {
    for (const e of started.splice(0)) await e.stop();
  });
  return async (profile: 'compliant' | 'no-shield' = 'compliant', faults: string[] = []) => {
    const emu = await startFixtureOrg(profile, faults);
    started.push(emu);
    return emu;
  };
}

export interface DeployCliRun extends InProcessRun {
  pack: string;
  log: RequestLogEntry[];
}

/**
 * `phi-guard deploy ...` through the real CLI entry in this process, against the emulator (-o its URL, the
 * token in SF_ACCESS_TOKEN, as a pipeline passes them). Returns the run, the evidence pack folder and the
 * emulator's request log.
 */
export async function deployInProcess(
  ws: Workspace,
  emu: Emulator | undefined,
  args: string[],
  opts: { projectDir?: string; tty?: boolean; env?: NodeJS.ProcessEnv; extra?: string[] } = {}
): Promise<DeployCliRun> {
  const pack = ws.nextPack();
  const run = await ws.withSeed(
    () =>
      runInProcess(
        [
          'deploy',
          ...args,
          ...(emu ? ['-o', emu.url] : []),
          '-d',
          opts.projectDir ?? FIXTURE,
          '--output-dir',
          pack,
          ...ws.gateCacheArgs(args),
          ...(opts.tty ? [] : ['--no-progress']),
          ...(opts.extra ?? [])
        ],
        {
          tty: opts.tty,
          // Each run has its own HOME (runInProcess); the gate cache's key lives in the workspace's user cache folder
          // (an absolute XDG_CACHE_HOME), so the file's runs share it as one user's runs would, and HOME stays empty.
          env: {
            SF_ACCESS_TOKEN: emu?.token ?? 'unused',
            PHI_GUARD_NOW: ORG_NOW,
            XDG_CACHE_HOME: ws.userCache,
            ...opts.env
          }
        }
      ),
    opts.projectDir ?? FIXTURE
  );
  return { ...run, pack, log: emu ? emu.requests() : [] };
}

export const readJson = <T = Record<string, unknown>>(dir: string, file: string) =>
  JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as T;

export const deployCalls = (log: RequestLogEntry[]) =>
  log.filter((e) => e.family === 'soap-metadata' && e.detail === 'deploy');

export const apexClasses = (emu: Emulator) => [...emu.state.md('ApexClass').keys()].sort();

/** The lines of stderr that are errors: a user error is exactly one. */
export const errorLines = (stderr: string) =>
  stderr
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('Error:'));

/**
 * The set-up of a deploy CLI test file: a workspace removed after the file, fixture orgs stopped after each
 * test, and `run(emu, args)`: the deploy command against an org, in this process.
 */
export function deploySuite() {
  const ws = deployWorkspace();
  afterAll(() => ws.cleanup());
  const org = fixtureOrgs();
  const run = (emu: Emulator, args: string[], opts: Parameters<typeof deployInProcess>[3] = {}) =>
    deployInProcess(ws, emu, args, opts);
  return { ws, org, run };
}
