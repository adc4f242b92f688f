import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  assertHomeClean,
  filesUnder,
  freshHome,
  leftUnderHome,
  removeHome,
  targetsAlias,
  withHome
} from '../helpers/home';
import { runInProcess } from '../helpers/run-in-process';

/**
 * The HOME promise as the test helpers hold every CLI run to it (./helpers/home): a fresh HOME per run, and the
 * run fails if it leaves anything there but the gate cache's key. These cases show the check can fail.
 */
describe('every CLI run in the tests has its own HOME, left empty', () => {
  it('a file left under HOME fails the run, named; the gate-cache key is the one file allowed', () => {
    const home = freshHome();
    try {
      expect(filesUnder(home)).toEqual([]);
      mkdirSync(path.join(home, '.cache', 'phi-guard'), { recursive: true });
      writeFileSync(path.join(home, '.cache', 'phi-guard', 'key'), 'k');
      expect(() => assertHomeClean(home, [], ['verify', '-o', 'https://x.my.salesforce.com'])).not.toThrow();
      mkdirSync(path.join(home, '.sfdx'));
      writeFileSync(path.join(home, '.sfdx', 'user@x.json.lock'), '');
      expect(() => assertHomeClean(home, [], ['deploy', '-o', 'https://x.my.salesforce.com'])).toThrow(
        `the run left files under HOME (${home}): .sfdx/user@x.json.lock`
      );
      // What was there before the run is not the run's; an alias run may keep the sf CLI's own state.
      expect(leftUnderHome(home, ['.sfdx/user@x.json.lock'])).toEqual([]);
      expect(leftUnderHome(home, [], true)).toEqual([]);
    } finally {
      removeHome(home);
    }
  });

  it('tells an alias target from a URL', () => {
    expect(targetsAlias(['verify', '-o', 'myorg'])).toBe(true);
    expect(targetsAlias(['verify', '--target-org=myorg'])).toBe(true);
    expect(targetsAlias(['verify', '-o', 'https://x.my.salesforce.com'])).toBe(false);
    expect(targetsAlias(['verify', '-o', '--json'])).toBe(false);
    expect(targetsAlias(['verify'])).toBe(false);
  });

  it("each test file has a HOME of its own (setup/private-home.ts), never the runner's", () => {
    expect(path.basename(os.homedir())).toMatch(/^phi-guard-home-/);
    expect(path.dirname(os.homedir())).toBe(os.tmpdir());
    expect(process.env.HOME).toBe(os.homedir());
  });

  it("in process, HOME is the run's own for os.homedir() too, and the real one comes back after", async () => {
    const before = os.homedir();
    const home = freshHome();
    try {
      expect(await withHome(home, () => Promise.resolve(os.homedir()))).toBe(home);
      expect(os.homedir()).toBe(before);
      const r = await runInProcess(['--version']);
      expect(r.code).toBe(0);
      expect(os.homedir()).toBe(before);
    } finally {
      removeHome(home);
    }
  });
});
