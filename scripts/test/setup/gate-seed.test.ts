import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KEY_FILE } from '../../src/deploy/gate-cache';
import { CACHED_LAYERS, gateInputs } from '../../src/deploy/gate-inputs';
import { loadSfdxProject } from '../../src/project/sfdx-project';
import { FIXTURE } from '../deploy/fixture-org';
import { publishSeed, SEED_ENV, takeSeed, type SeedTarget } from './gate-seed';

/**
 * The run-wide seed of gate-cache entries (gate-seed.ts): only the entries of a project's exact inputs are
 * published, all five or none, once; a workspace takes them only before it has a key of its own. Whether the
 * product accepts the entries (their HMAC, their inputs) is the product's own contract, tested in
 * deploy/gate.test.ts and deploy/deploy-cli.test.ts; here the files are stand-ins, named as the product names them.
 */
let work: string;
const saved = process.env[SEED_ENV];
beforeEach(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-gate-seed-test-'));
  process.env[SEED_ENV] = path.join(work, 'seed');
  mkdirSync(process.env[SEED_ENV]);
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
  if (saved === undefined) delete process.env[SEED_ENV];
  else process.env[SEED_ENV] = saved;
});

const names = (project: string) =>
  Object.entries(gateInputs(loadSfdxProject(project), 'high', false).keys).map(
    ([layer, k]) => `${layer}-${'key' in k ? k.key : 'none'}.json`
  );

/** A file's workspace: its cache folder holding `entries`, and a key unless `key` is false. */
function workspace(name: string, entries: string[], key = true): SeedTarget {
  const t = {
    project: FIXTURE,
    gateCache: path.join(work, name, 'gate-cache'),
    userCache: path.join(work, name, 'user-cache')
  };
  mkdirSync(t.gateCache, { recursive: true });
  for (const e of entries) writeFileSync(path.join(t.gateCache, e), `${name} ${e}\n`);
  if (key) {
    mkdirSync(path.join(t.userCache, 'phi-guard'), { recursive: true });
    writeFileSync(path.join(t.userCache, 'phi-guard', KEY_FILE), `${name}-key\n`, { mode: 0o600 });
  }
  return t;
}

const seeds = () => readdirSync(process.env[SEED_ENV]!).sort();

it('publishes the five entries of the project inputs and the key, once: the first file wins, nothing else goes in', async () => {
  const five = names(FIXTURE);
  expect(five).toHaveLength(CACHED_LAYERS.length);
  expect(publishSeed(workspace('partial', five.slice(1)))).toBe(false);
  expect(publishSeed(workspace('keyless', five, false))).toBe(false);
  expect(seeds()).toEqual([]);
  const first = workspace('first', [...five, `rules-${'0'.repeat(64)}.json`]);
  expect(publishSeed(first)).toBe(true);
  expect(publishSeed(workspace('second', five))).toBe(false);
  expect(seeds()).toHaveLength(1); // no temporary folder left behind
  const seed = path.join(process.env[SEED_ENV]!, seeds()[0]!);
  expect(readdirSync(path.join(seed, 'entries')).sort()).toEqual([...five].sort());
  expect(readFileSync(path.join(seed, KEY_FILE), 'utf8')).toBe('first-key\n');

  // A file with no key yet takes the seed: the entries into its own cache, the key with mode 0600.
  const later = workspace('later', [], false);
  expect((await takeSeed(later)).adopted).toBe(true);
  expect(readdirSync(later.gateCache).sort()).toEqual([...five].sort());
  expect(readFileSync(path.join(later.gateCache, five[0]!), 'utf8')).toBe(`first ${five[0]}\n`);
  const key = path.join(later.userCache, 'phi-guard', KEY_FILE);
  expect(readFileSync(key, 'utf8')).toBe('first-key\n');
  expect(statSync(key).mode & 0o777).toBe(0o600);
  // Its cache is its own: what it writes or evicts there never reaches the seed.
  rmSync(path.join(later.gateCache, five[0]!));
  expect(readdirSync(path.join(seed, 'entries'))).toHaveLength(five.length);
  // A file that already signs with a key of its own takes nothing.
  const keyed = workspace('keyed', []);
  expect((await takeSeed(keyed)).adopted).toBe(false);
  expect(readdirSync(keyed.gateCache)).toEqual([]);
});

it('a project whose inputs differ by one byte has no seed; without the variable nothing is published or taken', async () => {
  expect(publishSeed(workspace('first', names(FIXTURE)))).toBe(true);
  const copy = path.join(work, 'copy');
  cpSync(FIXTURE, copy, { recursive: true });
  const cls = path.join(copy, 'force-app/main/default/classes/PatientController.cls');
  writeFileSync(cls, readFileSync(cls, 'utf8').replace(/\n$/, ' \n'));
  const edited = { ...workspace('edited', [], false), project: copy };
  const claim = await takeSeed(edited); // nothing published for these inputs: this file computes them
  expect(claim.adopted).toBe(false);
  claim.release();
  expect(readdirSync(edited.gateCache)).toEqual([]);

  delete process.env[SEED_ENV];
  expect((await takeSeed(workspace('unset', [], false))).adopted).toBe(false);
  expect(publishSeed(workspace('unset-publisher', names(FIXTURE)))).toBe(false);
});

/** A copy of the fixture with one byte changed in a class: inputs no seed holds. */
function editedCopy(name: string): string {
  const copy = path.join(work, name);
  cpSync(FIXTURE, copy, { recursive: true });
  const cls = path.join(copy, 'force-app/main/default/classes/PatientController.cls');
  writeFileSync(cls, readFileSync(cls, 'utf8').replace(/\n$/, ' \n'));
  return copy;
}

it('two files at once: the first claims the inputs and computes, the second waits for its seed; a run on other inputs never waits', async () => {
  const first = workspace('first', [], false);
  const claim = await takeSeed(first);
  expect(claim.adopted).toBe(false);
  expect(seeds()).toEqual([expect.stringMatching(/^\.claim-[0-9a-f]{32}$/)]);
  // A run on other inputs (an edited copy) would not produce the seed: it neither claims nor waits.
  const started = Date.now();
  expect((await takeSeed(workspace('other', [], false), editedCopy('other-copy'), 60_000)).adopted).toBe(
    false
  );
  expect(Date.now() - started).toBeLessThan(30_000);
  // The second file waits while the first computes, then takes what the first published.
  const waiting = takeSeed(workspace('second', [], false));
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const n of names(FIXTURE)) writeFileSync(path.join(first.gateCache, n), `first ${n}\n`);
  mkdirSync(path.join(first.userCache, 'phi-guard'), { recursive: true });
  writeFileSync(path.join(first.userCache, 'phi-guard', KEY_FILE), 'first-key\n', { mode: 0o600 });
  expect(publishSeed(first)).toBe(true);
  claim.release();
  const second = await waiting;
  expect(second.adopted).toBe(true);
  expect(readdirSync(path.join(work, 'second', 'gate-cache')).sort()).toEqual(names(FIXTURE).sort());
  expect(seeds().filter((n) => n.startsWith('.'))).toEqual([]); // no claim or temporary folder left
});

it('a claimer that never publishes holds a waiter at most its wait; one whose process has ended is taken over', async () => {
  const copy = editedCopy('copy');
  const holder = await takeSeed({ ...workspace('holder', [], false), project: copy });
  const started = Date.now();
  const waited = await takeSeed({ ...workspace('waiter', [], false), project: copy }, copy, 350);
  expect(waited.adopted).toBe(false);
  expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  // The holder's process ends without releasing: its claim names a pid no process has any more.
  const [claim] = seeds();
  const dead = spawnSync(process.execPath, ['-e', '']).pid;
  writeFileSync(path.join(process.env[SEED_ENV]!, claim!, 'pid'), String(dead));
  const taken = await takeSeed({ ...workspace('next', [], false), project: copy }, copy, 60_000);
  expect(readFileSync(path.join(process.env[SEED_ENV]!, claim!, 'pid'), 'utf8')).toBe(String(process.pid));
  taken.release();
  holder.release();
  expect(seeds()).toEqual([]);
});
