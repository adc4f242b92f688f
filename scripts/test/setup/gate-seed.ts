import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import path from 'node:path';
import { KEY_FILE } from '../../src/deploy/gate-cache';
import { gateInputs } from '../../src/deploy/gate-inputs';
import { loadSfdxProject } from '../../src/project/sfdx-project';
import { SEED_ENV } from './gate-seed-env';

/**
 * A run-wide seed of gate-cache entries, so that one jest run computes the deploy gate's layers (two JVMs, the slow
 * part) once per set of inputs rather than once per test file.
 *
 * - The jest run's global set-up (gate-seed-setup.ts) makes an empty folder and names it in PHI_GUARD_TEST_GATE_SEED
 *   for the workers; the global teardown removes it. Without the variable (a jest config without that set-up, or a
 *   helper used outside jest) nothing here does anything: every file computes its own entries, as it always did.
 * - After a run, a test file publishes the entries of a project's exact inputs (all five layers, or nothing) with
 *   the HMAC key that signed them: copied to a temporary folder, then renamed into place; a seed already there is
 *   kept and the copy dropped, so the first file to publish wins and the seed never changes afterwards.
 * - Before its first run, a workspace that has no key yet takes the seed of its project's inputs: the entries into
 *   its own cache folder and the key into its own user cache folder (mode 0600). Its cache stays private: its own
 *   writes and evictions, and other files', never reach the seed or another file's cache.
 * - Two files that start at once (jest's two workers): the first to run on the seed's inputs claims them (a folder
 *   made atomically, holding its pid) and computes; the other waits for the seed rather than running the same JVMs,
 *   at most 90 s, or until the claimer ends without publishing. With one worker nobody ever waits.
 *
 * A seed is named by the layers' keys (gate-inputs.ts: every byte each layer reads, the tool's code, the tools), so
 * only entries for those exact inputs are ever published or taken, and the product checks each entry's HMAC when it
 * reads it: a test's outcome is the same seeded or not, except that a layer the seed holds is reported as reused.
 * Only the entries named by those keys are published, never whatever else a file's cache holds (edited copies), so
 * what a file receives does not depend on which file published first. The tests that assert a cold layer stay cold:
 * "one changed byte" edits its copy (inputs no seed holds), --no-cache reads nothing, deploy/gate.test.ts keeps
 * caches of its own, and e2e/deploy.test.ts (a fresh HOME, as a new CI runner has) takes no seed. A test that judges
 * another stage on an edited copy may carry the fixture's apex-ls and PMD verdict to it within its own file's cache
 * (../deploy/cli-run.ts, carryApexVerdict); nothing carried is ever published.
 */
export { SEED_ENV };

/** The gate cache of a test's runs: the project, the --gate-cache folder, and the XDG_CACHE_HOME holding the key. */
export interface SeedTarget {
  project: string;
  gateCache: string;
  userCache: string;
}

const seedRoot = (): string | undefined => process.env[SEED_ENV] || undefined;

/** The entry file names of the project's inputs as they are now, or [] when a layer cannot be cached. */
function entryNames(project: string): string[] {
  const keys = gateInputs(loadSfdxProject(project), 'high', false).keys;
  const names: string[] = [];
  for (const [layer, key] of Object.entries(keys)) {
    if (!('key' in key)) return [];
    names.push(`${layer}-${key.key}.json`);
  }
  return names.sort();
}

const seedName = (names: string[]) =>
  createHash('sha256').update(names.join('\n')).digest('hex').slice(0, 32);

const keyFile = (t: SeedTarget) => path.join(t.userCache, 'phi-guard', KEY_FILE);

const isFile = (p: string) => lstatSync(p, { throwIfNoEntry: false })?.isFile() === true;

/** How long a file waits for another file that is computing the seed before it computes the layers itself. */
const WAIT_MS = 90_000;

/** How often a waiting file looks for the seed (or for the claimer's end): two existsSync calls, so often is cheap. */
const LOOK_MS = 50;

/** What a run got from the seed, and the claim it must release when it is done (a no-op when it holds none). */
export interface SeedTaken {
  adopted: boolean;
  release: () => void;
}

const nothing: SeedTaken = { adopted: false, release: () => undefined };

/** Copies a published seed into the workspace: the entries, then the key (without a key the product makes its own). */
function copySeed(seed: string, t: SeedTarget): SeedTaken {
  mkdirSync(t.gateCache, { recursive: true });
  for (const n of readdirSync(path.join(seed, 'entries')))
    copyFileSync(path.join(seed, 'entries', n), path.join(t.gateCache, n));
  mkdirSync(path.dirname(keyFile(t)), { recursive: true, mode: 0o700 });
  copyFileSync(path.join(seed, KEY_FILE), keyFile(t));
  chmodSync(keyFile(t), 0o600);
  return { adopted: true, release: () => undefined };
}

/** Whether `project` has the inputs `names` stand for (a folder that is no project has none). */
function sameInputs(project: string, names: string[]): boolean {
  try {
    return entryNames(project).join() === names.join();
  } catch {
    return false;
  }
}

/** Whether the process that claimed the computation has ended without releasing its claim. */
function claimerGone(claim: string): boolean {
  const pid = Number(readPid(path.join(claim, 'pid')));
  if (!Number.isInteger(pid) || pid <= 0) return false; // just claimed: its pid is on its way
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function readPid(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Before a run: a workspace with no key yet takes the seed of `t.project`'s inputs when it is published. When it is
 * not, and this run's project (`runProject`) has those very inputs, the run either claims their computation (it
 * runs cold, and publishes) or, when another file holds the claim, waits for that file's seed (at most WAIT_MS, then
 * runs cold), so that two files starting at once do not both run the JVMs for the same bytes. A claim whose process
 * has ended is taken over. The caller releases its claim after the run, published or not.
 */
export async function takeSeed(t: SeedTarget, runProject = t.project, waitMs = WAIT_MS): Promise<SeedTaken> {
  const root = seedRoot();
  if (!root || existsSync(keyFile(t))) return nothing;
  const names = entryNames(t.project);
  if (!names.length) return nothing;
  const seed = path.join(root, seedName(names));
  const claim = path.join(root, `.claim-${seedName(names)}`);
  const same = path.resolve(runProject) === path.resolve(t.project) || sameInputs(runProject, names);
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (existsSync(seed)) return copySeed(seed, t);
    if (!same) return nothing;
    try {
      mkdirSync(claim);
      writeFileSync(path.join(claim, 'pid'), String(process.pid));
      return { adopted: false, release: () => rmSync(claim, { recursive: true, force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (claimerGone(claim)) {
      rmSync(claim, { recursive: true, force: true });
      continue;
    }
    if (Date.now() >= deadline) return nothing;
    await new Promise((resolve) => setTimeout(resolve, LOOK_MS));
  }
}

/**
 * A gate run with the seed: takes it before (takeSeed, on `runProject`'s inputs), and after the run, whether it
 * passed, failed or threw, publishes this cache's entries (publishSeed) and releases the claim.
 */
export async function withSeed<T>(t: SeedTarget, run: () => Promise<T>, runProject = t.project): Promise<T> {
  const taken = await takeSeed(t, runProject);
  try {
    return await run();
  } finally {
    publishSeed(t);
    taken.release();
  }
}

/**
 * After a run: publishes the entries of the project's current inputs and the key that signed them, when the
 * workspace's cache holds all five and no file has published them yet. Returns whether it did.
 */
export function publishSeed(t: SeedTarget): boolean {
  const root = seedRoot();
  if (!root || !isFile(keyFile(t))) return false;
  const names = entryNames(t.project);
  if (!names.length || !names.every((n) => isFile(path.join(t.gateCache, n)))) return false;
  const seed = path.join(root, seedName(names));
  if (existsSync(seed)) return false;
  const tmp = path.join(root, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    mkdirSync(path.join(tmp, 'entries'), { recursive: true, mode: 0o700 });
    for (const n of names) copyFileSync(path.join(t.gateCache, n), path.join(tmp, 'entries', n));
    copyFileSync(keyFile(t), path.join(tmp, KEY_FILE));
    chmodSync(path.join(tmp, KEY_FILE), 0o600);
    renameSync(tmp, seed); // atomic; fails when another file published first (ENOTEMPTY or EEXIST)
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
    return false;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
