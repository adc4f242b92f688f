import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RequestLogEntry } from '../../emulator/http-types';
import { FIXTURE, ORG_NOW, startFixtureOrg } from '../deploy/fixture-org';
import { runCliAsync } from '../org/run-cli-async';

/**
 * `phi-guard deploy` as users and the release workflow run it: a child process, its real exit code and output
 * bytes, and the files libraries write under HOME. Stage by stage behaviour is tested in process
 * (scripts/test/deploy/deploy-cli*.test.ts); here the process itself is the point.
 */
jest.setTimeout(600_000);

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-deploy-e2e-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file under a folder, recursively (the token must be in none of them). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('phi-guard deploy as a child process', () => {
  it('a clean deploy from a fresh HOME: exit 0, the pack written, HOME left empty, the token in no output or pack', async () => {
    const emu = await startFixtureOrg('compliant');
    const home = path.join(work, 'home');
    const pack = path.join(work, 'pack');
    try {
      const r = await runCliAsync(
        [
          'deploy',
          '-o',
          emu.url,
          '-d',
          FIXTURE,
          '--output-dir',
          pack,
          '--gate-cache',
          path.join(work, 'gate')
        ],
        {
          env: {
            SF_ACCESS_TOKEN: emu.token,
            PHI_GUARD_NOW: ORG_NOW,
            HOME: home,
            GITHUB_ACTOR: ''
          }
        }
      );
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Deploy succeeded: \d+ component\(s\) deployed, 1 test\(s\) passed/);
      expect(r.stdout).toMatch(/Evidence pack: 10 file\(s\) in /);
      expect(r.stdout.endsWith('Deploy pipeline passed.\n')).toBe(true);
      // not a terminal: no progress line on stderr
      expect(r.stderr).not.toMatch(/deploy \w+: components/);
      const log = (await (await fetch(`${emu.url}/__emulator/requests`)).json()) as RequestLogEntry[];
      expect(log.filter((e) => e.detail === 'deploy')).toHaveLength(1);
      const release = JSON.parse(readFileSync(path.join(pack, 'release.json'), 'utf8')) as {
        passed: boolean;
      };
      expect(release.passed).toBe(true);
      const written = [...filesUnder(pack), ...filesUnder(home)];
      expect(filesUnder(pack)).toHaveLength(10); // release.md and release.html among them
      // No auth file, alias, key, lock or log under HOME (it did not exist before: a new CI runner); the one
      // file allowed there is the gate cache's key in the user's cache folder.
      expect(filesUnder(home).filter((f) => !f.startsWith(path.join(home, '.cache', 'phi-guard')))).toEqual(
        []
      );
      for (const f of written) expect(readFileSync(f, 'utf8')).not.toContain(emu.token);
      expect(`${r.stdout}${r.stderr}`).not.toContain(emu.token);
    } finally {
      await emu.stop();
    }
  });

  it('a usage error: exit 2, one line on stderr, nothing on stdout, nothing written', async () => {
    const pack = path.join(work, 'usage-pack');
    const r = await runCliAsync([
      'deploy',
      '-o',
      'https://example.invalid',
      '--wait',
      'soon',
      '--output-dir',
      pack
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'Error: Flag --wait must be a number of minutes greater than 0 (decimals allowed, e.g. 0.5), got "soon"\n'
    );
    expect(existsSync(pack)).toBe(false);
  });
});
