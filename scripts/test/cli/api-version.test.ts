import { rmSync } from 'node:fs';
import { startEmulator, type Emulator } from '../../emulator/server';
import { runInProcess } from '../helpers/run-in-process';
import { ORG_NOW, tempHome, withHome } from '../org/run-cli-async';

/**
 * --api-version (what `sf phi-guard ... --api-version` and sf's org-api-version setting hand on) sets
 * the version of every call a command makes, through the CLI entry, against the org emulator.
 */
jest.setTimeout(300_000);

let emu: Emulator;
let home: string;
beforeAll(async () => {
  emu = await startEmulator({ profile: 'compliant', port: 0, now: new Date(ORG_NOW) });
  home = tempHome();
});
afterAll(async () => {
  await emu.stop();
  rmSync(home, { recursive: true, force: true });
});

/**
 * The API versions of the calls the emulator saw. (@salesforce/core's own user lookup while it opens
 * a connection from an access token is on a version of its own, 51.0: not a call the command makes.)
 */
const versions = () => [
  ...new Set(
    emu
      .requests()
      .map((r) => /^\/services\/(?:data\/v|Soap\/m\/)(\d+\.\d)/.exec(r.path)?.[1])
      .filter(Boolean)
  )
];

const run = (args: string[]) =>
  withHome(home, () =>
    runInProcess(args, {
      env: { SF_ACCESS_TOKEN: emu.token, PHI_GUARD_NOW: ORG_NOW, SF_DISABLE_LOG_FILE: 'true' }
    })
  );

describe('--api-version', () => {
  it.each([[['baa', 'check']], [['access-review']], [['verify', '--no-progress']]])(
    '%j: every call on the version given',
    async (command) => {
      emu.reset();
      const r = await run([...command, '-o', emu.url, '--api-version', '62.0', '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(versions()).toContain('62.0');
      expect(versions()).not.toContain('63.0');
    }
  );

  it('63.0 when not given', async () => {
    emu.reset();
    const r = await run(['baa', 'check', '-o', emu.url, '--json']);
    expect(r.code).toBe(0);
    expect(versions()).toContain('63.0');
    expect(versions()).not.toContain('62.0');
  });

  it('a malformed version is a usage error naming the flag, before any call', async () => {
    emu.reset();
    const r = await run(['incident', 'scope', '--api-version', '62', '-o', emu.url]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'Error: Flag --api-version must be an API version such as 63.0 (21.0 or later), got "62".'
    );
    expect(emu.requests()).toEqual([]);
  });
});
