import { deployWorkspace } from '../deploy/cli-run';
import { FIXTURE, ORG_NOW, startFixtureOrg } from '../deploy/fixture-org';
import { startHostileOrg, type Attack, type HostileOrg } from '../helpers/hostile-org';
import { runInProcess, type InProcessRun } from '../helpers/run-in-process';

/**
 * The deploy follower goes through the org guard too: SDR's SOAP `deploy` and `checkDeployStatus` calls are
 * sent by the same guarded transport under the Connection, so a garbled status answer, a redirect of the deploy
 * call to another host, and a run whose API budget is spent while it polls are each one line naming the deploy
 * (with `deploy resume` where the deploy may go on), and the token never reaches the other host.
 */
jest.setTimeout(600_000);

const ws = deployWorkspace();
afterAll(() => ws.cleanup());
let org: HostileOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

async function hostileFixture(attacks: Attack[], faults: string[] = []): Promise<HostileOrg> {
  org = await startHostileOrg({ emulator: await startFixtureOrg('compliant', faults) }, attacks);
  return org;
}

/** `deploy --dry-run` against the hostile org, the gate cached across the file (it is the slow part). */
function deploy(o: HostileOrg, args: string[] = ['--dry-run']): Promise<InProcessRun> {
  // Seeded with the jest run's entries for the fixture (../setup/gate-seed.ts).
  return ws.withSeed(() =>
    runInProcess(
      [
        'deploy',
        ...args,
        '-o',
        o.url,
        '-d',
        FIXTURE,
        '--output-dir',
        ws.nextPack(),
        ...ws.gateCacheArgs(args),
        '--no-progress'
      ],
      // The gate cache's key in the workspace's user cache folder: shared by the file's runs, each with its own HOME.
      {
        env: {
          SF_ACCESS_TOKEN: o.token,
          PHI_GUARD_NOW: ORG_NOW,
          XDG_CACHE_HOME: ws.userCache
        }
      }
    )
  );
}

function expectOneError(r: InProcessRun, line: RegExp, token: string) {
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('Error:'));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(line);
  expect(r.stderr + r.stdout).not.toContain(token);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.code).toBe(2);
}

describe('deploy through the org guard', () => {
  it('a checkDeployStatus answer that is a maintenance page: one line with the deploy id to resume', async () => {
    const o = await hostileFixture([{ kind: 'garble', match: { soap: /^checkDeployStatus$/ }, as: 'html' }]);
    const r = await deploy(o);
    expectOneError(
      r,
      /^Error: stopped following deploy (0Af\w{15}): \/services\/Soap\/m\/63\.0: not the answer Salesforce documents \(status 200 with content type text\/html, not XML\); it may still be running in the org: phi-guard deploy resume \1 -o <org>$/,
      o.token
    );
    expect(o.seen.filter((s) => s.soap === 'deploy')).toHaveLength(1);
  });

  it('the deploy call redirected to another host: not sent there; the outcome is said to be unknown', async () => {
    const o = await hostileFixture([{ kind: 'redirect', match: { soap: /^deploy$/ }, status: 307 }]);
    const r = await deploy(o);
    expectOneError(
      r,
      /^Error: sending the deploy failed: the org redirected \/services\/Soap\/m\/63\.0 \(307\) to 127\.0\.0\.1:\d+; not followed, .*whether the org accepted it is unknown/,
      o.token
    );
    expect(o.other.seen).toEqual([]);
  });

  it('the run budget spent while polling: one line with the deploy id; resume follows it to the end', async () => {
    // budget:100 gives the org 100 daily requests: the run may spend 10, and a slow deploy needs more polls.
    const o = await hostileFixture([], ['deploy-slow', 'budget:100']);
    const r = await deploy(o);
    expectOneError(
      r,
      /^Error: stopped following deploy (0Af\w{15}): stopped after 10 API requests: this run's budget of 10 .*; it may still be running in the org: phi-guard deploy resume \1 -o <org>$/,
      o.token
    );
    expect(o.seen.length).toBe(10);
    const id = /deploy (0Af\w{15})/.exec(r.stderr)![1]!;
    o.emu.setFaults(['deploy-slow']);
    const resumed = await deploy(o, ['resume', id]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`Deploy id: ${id}`);
  });
});
