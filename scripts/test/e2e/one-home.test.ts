import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Emulator } from '../../emulator/server';
import { FIXTURE, ORG_NOW, startFixtureOrg } from '../deploy/fixture-org';
import { filesUnder, leftUnderHome } from '../helpers/home';
import { runCliAsync } from '../org/run-cli-async';
import { withSeed } from '../setup/gate-seed';

/**
 * Issue 24 item 3, as pipelines run the CLI: with a URL and SF_ACCESS_TOKEN, `deploy` and `verify` write no auth
 * file, token, alias, key or log under HOME and take no lock. Two deploys and two verifies against two orgs at
 * once, all from one HOME, all finish; a stale `~/.sfdx/<user>.json.lock` left by something else (it used to
 * hang every deploy on the machine) changes nothing, and the runs add no file there.
 */
jest.setTimeout(900_000);

let work: string;
const orgs: Emulator[] = [];
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-one-home-'));
});
afterAll(async () => {
  for (const o of orgs) await o.stop();
  rmSync(work, { recursive: true, force: true });
});

it('two deploys and two verifies at once from one HOME, a stale sfdx lock in it: all exit 0, HOME unchanged', async () => {
  const home = path.join(work, 'home');
  const [a, b] = [await startFixtureOrg('compliant'), await startFixtureOrg('compliant')];
  orgs.push(a!, b!);
  // What another tool (or a killed run) may leave: an alias file and a lock on the org user's auth file.
  mkdirSync(path.join(home, '.sfdx'), { recursive: true });
  writeFileSync(path.join(home, '.sfdx', 'alias.json'), JSON.stringify({ orgs: {} }));
  writeFileSync(path.join(home, '.sfdx', `${a!.state.info.username}.json.lock`), '');
  const before = filesUnder(home);
  const gateCache = path.join(work, 'gate-cache');
  const env = (org: Emulator) => ({
    SF_ACCESS_TOKEN: org.token,
    PHI_GUARD_NOW: ORG_NOW,
    HOME: home,
    GITHUB_ACTOR: ''
  });
  const deploy = (org: Emulator, pack: string) =>
    runCliAsync(
      [
        'deploy',
        '-o',
        org.url,
        '-d',
        FIXTURE,
        '--output-dir',
        path.join(work, pack),
        '--gate-cache',
        gateCache
      ],
      { env: env(org) }
    );
  const verify = (org: Emulator) =>
    runCliAsync(['verify', '-o', org.url, '-d', FIXTURE, '--no-progress'], { env: env(org) });
  // The gate (the slow, CPU-bound part) once, so the four runs below overlap on the org calls. In a jest run its
  // layers come from the run's seed when another file computed them (../setup/gate-seed.ts): the seed's key goes
  // where the runs would have created theirs (HOME's .cache/phi-guard/, the one place allowed), after `before`, so
  // the HOME check below is the same seeded or not.
  const seed = { project: FIXTURE, gateCache, userCache: path.join(home, '.cache') };
  const warm = await withSeed(seed, () =>
    runCliAsync(
      [
        'deploy',
        '-o',
        a!.url,
        '-d',
        FIXTURE,
        '--dry-run',
        '--output-dir',
        path.join(work, 'warm'),
        '--gate-cache',
        gateCache
      ],
      { env: env(a!) }
    )
  );
  expect(warm.code).toBe(0);
  const runs = await Promise.all([deploy(a!, 'pack-a'), deploy(b!, 'pack-b'), verify(a!), verify(b!)]);
  for (const r of runs) {
    expect(r.stderr).not.toMatch(/Lock file|lock/i);
    expect(r.code).toBe(0);
  }
  expect(runs[0]!.stdout).toMatch(/Deploy pipeline passed\.\n$/);
  expect(runs[1]!.stdout).toMatch(/Deploy pipeline passed\.\n$/);
  // Nothing new under HOME but the gate cache's key, if the cache keeps one there.
  expect(leftUnderHome(home, before)).toEqual([]);
  for (const r of runs) expect(r.stdout + r.stderr).not.toContain(a!.token);
});
