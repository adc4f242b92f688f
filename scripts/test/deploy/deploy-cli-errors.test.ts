import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../emulator/server';
import { runInProcess } from '../helpers/run-in-process';
import { breakSchema, FIXTURE, ORG_NOW } from './fixture-org';
import { deployCalls, deployInProcess, deploySuite, errorLines } from './cli-run';

/**
 * `phi-guard deploy` refusing bad input and org API errors: one line, exit 2, nothing half-written, the token
 * never printed. Through the real CLI entry in this process, against the org emulator on a real socket.
 */
jest.setTimeout(600_000);

const { ws, org } = deploySuite();

describe('phi-guard deploy: usage errors', () => {
  it('--help prints the usage and exits 0 without touching anything', async () => {
    const r = await runInProcess(['deploy', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Deploy force-app to an org/);
    expect(r.stdout).toContain('phi-guard deploy resume <deploy-id> -o <org>');
  });

  it.each([
    [['--force'], /^Error: Flag --force needs --reason "<text>"/],
    [['--force', '--reason', '  '], /^Error: Flag --force needs --reason/],
    [
      ['--wait', 'soon'],
      /^Error: Flag --wait must be a number of minutes greater than 0 \(decimals allowed, e.g. 0\.5\), got "soon"$/
    ],
    [['--wait', '0'], /^Error: Flag --wait must be a number of minutes greater than 0/],
    [['--tests', ' , '], /^Error: Flag --tests needs a comma-separated list of test class names$/],
    [['--fail-on', 'severe'], /^Error: .*--fail-on.*severe/],
    [['--bogus'], /^Error: Unknown flag: --bogus/],
    [['resume', 'nope'], /^Error: "nope" is not a deploy id \(0Af followed by 12 or 15 characters\)$/],
    [['resume'], /^Error: deploy resume needs the deploy id: phi-guard deploy resume <id> -o <org>$/],
    [
      ['resume', '0Af000000000001AAA', '--dry-run'],
      /^Error: Flag --dry-run does not apply to deploy resume: the deploy keeps the options it was started with$/
    ],
    [
      ['resume', '0Af000000000001AAA', '--tests', 'A_Test'],
      /^Error: Flag --tests does not apply to deploy resume/
    ],
    [
      ['resume', '0Af000000000001AAA', '--no-cache'],
      /^Error: Flag --no-cache does not apply to deploy resume/
    ],
    [['--no-cache'], /^Error: --no-cache and --gate-cache cannot be used together$/]
  ])('%j: one line, exit 2, nothing sent or written', async (args, text) => {
    const emu = await org();
    const r = await deployInProcess(ws, emu, [...args]);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(text)]);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.log).toEqual([]);
    expect(existsSync(r.pack)).toBe(false);
  });

  it('with --json the error is the {status, message} envelope on stdout', async () => {
    const emu = await org();
    const r = await deployInProcess(ws, emu, ['resume', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: 2,
      message: expect.stringMatching(/^deploy resume needs the deploy id/)
    });
    expect(r.stderr).toBe('');
  });

  it('no -o/--target-org: one line, exit 2', async () => {
    const r = await deployInProcess(ws, undefined, []);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual(['Error: Missing flag -o/--target-org: the org to deploy to.']);
    expect(existsSync(r.pack)).toBe(false);
  });

  it('a PHI_GUARD_NOW that is not a date, or a project folder that does not exist: one line, exit 2', async () => {
    const emu = await org();
    const badNow = await deployInProcess(ws, emu, [], { env: { PHI_GUARD_NOW: 'yesterday' } });
    expect(badNow.code).toBe(2);
    expect(errorLines(badNow.stderr)).toEqual([expect.stringMatching(/PHI_GUARD_NOW.*yesterday/)]);
    const noDir = await deployInProcess(ws, emu, [], { projectDir: path.join(ws.work, 'nowhere') });
    expect(noDir.code).toBe(2);
    expect(errorLines(noDir.stderr)).toEqual([expect.stringMatching(/nowhere/)]);
    expect(emu.requests()).toEqual([]);
  });
});

describe('phi-guard deploy: the gate cache', () => {
  it('--no-cache: every layer runs, no entry is read or written, and the run says so', async () => {
    const dir = ws.copyFixture('no-cache');
    breakSchema(dir); // the gate stops before the Apex layers: quick
    const emu = await org();
    const r = await runInProcess(
      ['deploy', '-o', emu.url, '-d', dir, '--output-dir', ws.nextPack(), '--no-cache', '--no-progress'],
      { env: { SF_ACCESS_TOKEN: emu.token, PHI_GUARD_NOW: ORG_NOW } }
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  gate cache off (--no-cache): every layer runs; verify always reruns');
    expect(r.stdout).toContain('    metadata schema validation: ran: cache off');
    expect(existsSync(path.join(dir, '.phi-guard'))).toBe(false);
    expect(emu.requests()).toEqual([]);
  });

  it('a PHI_GUARD_CACHE_KEY too short to be a secret: one line, exit 2, nothing sent or written', async () => {
    const emu = await org();
    const r = await deployInProcess(ws, emu, [], { env: { PHI_GUARD_CACHE_KEY: 'password1' } });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      "Error: PHI_GUARD_CACHE_KEY must be at least 32 characters: a random secret from the pipeline's secret store"
    ]);
    expect(`${r.stdout}${r.stderr}`).not.toContain('password1');
    expect(r.log).toEqual([]);
    expect(existsSync(r.pack)).toBe(false);
  });
});

describe('phi-guard deploy: input errors', () => {
  it('an --output-dir that holds files is refused before anything is sent to the org', async () => {
    const emu = await org();
    const taken = path.join(ws.work, 'taken');
    mkdirSync(taken);
    writeFileSync(path.join(taken, 'release.json'), '{}');
    const r = await runInProcess(['deploy', '-o', emu.url, '-d', FIXTURE, '--output-dir', taken], {
      env: { SF_ACCESS_TOKEN: emu.token, PHI_GUARD_NOW: ORG_NOW }
    });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      `Error: --output-dir ${taken} exists and is not an empty folder; choose a new folder for the evidence pack`
    ]);
    expect(emu.requests()).toEqual([]);
    expect(readdirSync(taken)).toEqual(['release.json']);
    // a path under a file cannot be a folder: refused up front too
    const under = path.join(taken, 'release.json', 'pack');
    const f = await runInProcess(['deploy', '-o', emu.url, '-d', FIXTURE, '--output-dir', under], {
      env: { SF_ACCESS_TOKEN: emu.token, PHI_GUARD_NOW: ORG_NOW }
    });
    expect(f.code).toBe(2);
    expect(errorLines(f.stderr)).toEqual([`Error: --output-dir ${under}: ENOTDIR`]);
    expect(emu.requests()).toEqual([]);
  });

  it('a malformed config/org-prerequisites.json: one line naming the file, never its content; nothing deployed', async () => {
    const dir = ws.copyFixture('bad-prereqs');
    writeFileSync(path.join(dir, 'config/org-prerequisites.json'), '{"prerequisites": [ CANARY-7f3a');
    const emu = await org();
    const r = await deployInProcess(ws, emu, [], { projectDir: dir });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual(['Error: config/org-prerequisites.json: not valid JSON']);
    expect(`${r.stdout}${r.stderr}`).not.toContain('CANARY');
    expect(deployCalls(r.log)).toEqual([]);
    expect(existsSync(r.pack)).toBe(false);
  });
});

describe('phi-guard deploy: org API errors', () => {
  it('nothing listening at the URL: one line naming the target, exit 2', async () => {
    const emu = await org();
    const url = emu.url;
    await emu.stop();
    const r = await ws.withSeed(() =>
      runInProcess(
        ['deploy', '-o', url, '-d', FIXTURE, '--output-dir', ws.nextPack(), '--gate-cache', ws.gateCache],
        {
          env: {
            SF_ACCESS_TOKEN: 'tok-never-printed',
            PHI_GUARD_NOW: ORG_NOW,
            // The file's user cache folder (as deployInProcess gives): the HMAC key its other runs signed the gate
            // cache with, so the gate reuses their layers. With a key of its own (a fresh HOME), this run would redo
            // the Apex layers and re-sign the shared entries, and the next test would redo them again.
            XDG_CACHE_HOME: ws.userCache
          }
        }
      )
    );
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/ECONNREFUSED/)]);
    expect(`${r.stdout}${r.stderr}`).not.toContain('tok-never-printed');
  });

  // Connecting with an access token reads the user once (one API call): the faults below start after it.
  it('an expired session at the preflight: one line, exit 2, no pack, the token never printed', async () => {
    const emu = await org('compliant', ['unauthorized:2']);
    const r = await deployInProcess(ws, emu, []);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Static gate/);
    expect(errorLines(r.stderr)).toEqual(['Error: session expired: run sf org login']);
    expect(r.stderr).not.toMatch(/Internal error/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(emu.token);
    expect(deployCalls(r.log)).toEqual([]);
    expect(existsSync(r.pack)).toBe(false);
  });

  /** The API calls the emulator has counted, and the daily budget it has used (REST /limits, itself one call). */
  async function usage(emu: Emulator) {
    const res = await fetch(`${emu.url}/services/data/v63.0/limits`, {
      headers: { Authorization: `Bearer ${emu.token}` }
    });
    const body = (await res.json()) as { DailyApiRequests: { Max: number; Remaining: number } };
    return {
      calls: emu.requests().filter((e) => e.apiCall).length,
      used: body.DailyApiRequests.Max - body.DailyApiRequests.Remaining
    };
  }

  it.each([
    [
      'unauthorized',
      (u: { calls: number }) => `unauthorized:${u.calls + 2}`,
      /^Error: session expired: run sf org login$/
    ],
    [
      // The org's daily requests running out: the run reads /limits first, then stops at its own budget (10% of
      // the daily requests) or floor (10% left, from each answer's Sforce-Limit-Info), before the org would
      // refuse with REQUEST_LIMIT_EXCEEDED.
      'the daily limit running out',
      (u: { used: number }) => `budget:${u.used + 4}`,
      /^Error: stopped following deploy 0Af\w+: stopped (after \d+ API requests: this run's budget of \d+ \(10% of the org's daily requests, --min-api-share\) is spent|: the org has \d+ of \d+ daily API requests left, below the 10% floor \(--min-api-share\)); it may still be running in the org: phi-guard deploy resume 0Af\w+ -o <org>$/
    ]
  ])(
    '%s while the deploy is followed: one line, exit 2, the token never printed',
    async (name, fault, text) => {
      // InProgress for 40 polls: more than the suite's 50 ms polls reach in --wait 0.02 (1 s) (../helpers/org-timing.ts)
      const emu = await org('compliant', ['deploy-slow:40']);
      const projectDir = ws.copyFixture(`resume-${name}`); // the timed-out deploy records itself in the project
      const first = await deployInProcess(ws, emu, ['--wait', '0.02'], { projectDir });
      const id = /Deploy id: (0Af\w+)/.exec(first.stdout)?.[1] as string;
      expect(id).toBeDefined();
      emu.setFaults(['deploy-slow', fault(await usage(emu))]);
      const r = await deployInProcess(ws, emu, ['resume', id], { projectDir });
      expect(r.stdout).toContain(`Following deploy ${id}`);
      expect(r.code).toBe(2);
      expect(errorLines(r.stderr)).toEqual([expect.stringMatching(text)]);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/Internal error/);
      expect(`${r.stdout}${r.stderr}`).not.toContain(emu.token);
      expect(existsSync(r.pack)).toBe(false);
    }
  );

  it('deploy resume of an id the org does not know: one line, exit 2', async () => {
    const emu = await org();
    const r = await deployInProcess(ws, emu, ['resume', '0Af000000000000AAA']);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      'Error: the org refused the deploy call: Metadata API request failed: INVALID_ID_FIELD: Invalid id: 0Af000000000000AAA'
    ]);
    expect(r.stderr).not.toMatch(/Internal error/);
    expect(existsSync(r.pack)).toBe(false);
  });

  it('an expired session when the deploy is sent: one line, exit 2, nothing deployed', async () => {
    const probe = await org();
    await deployInProcess(ws, probe, ['--dry-run']);
    const before = probe.requests().findIndex((e) => e.detail === 'deploy');
    const calls = probe
      .requests()
      .slice(0, before)
      .filter((e) => e.apiCall).length;
    const emu = await org('compliant', [`unauthorized:${calls + 1}`]);
    const classes = [...emu.state.md('ApexClass').keys()];
    const r = await deployInProcess(ws, emu, []);
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual(['Error: session expired: run sf org login']);
    expect(r.stdout).toMatch(/Deploying \d+ component\(s\)/);
    expect([...emu.state.md('ApexClass').keys()]).toEqual(classes);
    expect(r.stderr).not.toMatch(/Internal error/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(emu.token);
  });
});
