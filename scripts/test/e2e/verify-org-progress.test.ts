import type { Emulator } from '../../emulator/server';
import { startEmulator } from '../../emulator/server';
import type { Io } from '../../src/cli/output';
import { main } from '../../src/cli/main';
import { REPO_ROOT } from '../helpers/paths';

jest.setTimeout(120_000);

/** The real command in-process, with an Io that says stderr is a TTY: progress lines are recorded. */
function recordingIo(tty: boolean) {
  const rec = { out: '', err: '', progress: [] as string[] };
  const io: Io = {
    out: (t) => (rec.out += t),
    err: (t) => (rec.err += `${t}\n`),
    progress: (t) => rec.progress.push(t),
    isTTY: false,
    errIsTTY: tty
  };
  return { io, rec };
}

describe('verify --target-org progress', () => {
  let emu: Emulator;
  const saved = process.env.SF_ACCESS_TOKEN;
  beforeAll(async () => {
    emu = await startEmulator({ profile: 'compliant', port: 0, now: new Date('2026-11-25T12:00:00Z') });
    process.env.SF_ACCESS_TOKEN = emu.token;
  });
  afterAll(async () => {
    process.env.SF_ACCESS_TOKEN = saved;
    await emu.stop();
  });

  it('on a TTY, reports each phase on stderr and clears the line; never with --json', async () => {
    const tty = recordingIo(true);
    const code = await main(['verify', '-o', emu.url, '-d', REPO_ROOT], tty.io);
    expect(code).toBe(0);
    expect(tty.rec.progress).toEqual([
      'Reading org (1/6): API limits',
      'Reading org (2/6): permissions, settings and inventories',
      'Reading org (3/6): objects and fields',
      'Reading org (4/6): PHI objects: encryption, sharing, access',
      'Reading org (5/6): users holding PHI access',
      'Reading org (6/6): integrations and profile policies',
      ''
    ]);
    expect(tty.rec.err).toMatch(/org: \d+ API call\(s\) used/);
    expect(tty.rec.out).toMatch(/Read the org in \d+ API call\(s\); 11 PHI field\(s\) on 3 object\(s\)\./);
    expect(tty.rec.err + tty.rec.out).not.toContain(emu.token);
    const json = recordingIo(true);
    await main(['verify', '-o', emu.url, '-d', REPO_ROOT, '--json'], json.io);
    expect(json.rec.progress).toEqual([]);
    expect(Object.keys(JSON.parse(json.rec.out) as object)).toEqual(['status', 'result', 'warnings']);
  });
});
