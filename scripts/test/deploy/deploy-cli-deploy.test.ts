import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apexClasses, deployCalls, deploySuite, errorLines, readJson } from './cli-run';

/**
 * `phi-guard deploy`, the deploy stage against the org emulator, through the real CLI entry in this process:
 * SDR deploy (SOAP deploy + checkDeployStatus), tests and coverage, --wait and resume, an org that goes away,
 * and --delta. The gate and the preflight are in deploy-cli.test.ts.
 */
jest.setTimeout(600_000);

const { ws, org, run } = deploySuite();

describe('phi-guard deploy: the deploy, its tests and coverage', () => {
  it.each([
    [
      'deploy-component-error',
      /component \w+ \S+ \([^)]+:\d+\): In field: fullName - no \w+ named \S+ found/
    ],
    [
      'deploy-test-failure',
      /test PatientController_Test\.returnsNoRowsForAUserWithoutAccess: System\.AssertException: Assertion Failed/
    ],
    ['deploy-low-coverage', /coverage \d+% is below the 75% the org requires/]
  ])('%s: exit 1, the component or test named, the org rolled back', async (fault, expected) => {
    const emu = await org('compliant', [fault]);
    const before = apexClasses(emu);
    const r = await run(emu, []);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(expected);
    expect(r.stdout).toMatch(/Deploy failed; the org rolled back/);
    expect(r.stdout).not.toMatch(/Post-deploy verify/);
    expect(apexClasses(emu)).toEqual(before);
    expect(readJson(r.pack, 'release.json')).toMatchObject({ passed: false, stoppedAt: 'deploy' });
  });

  it('--wait: a timed-out deploy reports its id; deploy resume <id> follows the same deploy to the end, with a complete pack', async () => {
    const projectDir = ws.copyFixture('resume');
    // InProgress for 40 status polls: more than the suite's 50 ms polls reach in --wait 0.02 (1 s), so it times out,
    // and resume then follows the rest (../helpers/org-timing.ts).
    const emu = await org('compliant', ['deploy-slow:40']);
    const r = await run(emu, ['--wait', '0.02'], { projectDir });
    expect(r.code).toBe(1);
    const id = /Deploy id: (0Af\w+)/.exec(r.stdout)?.[1] as string;
    expect(id).toBeDefined();
    expect(r.stdout).toContain(`phi-guard deploy resume ${id} -o <org>`);
    expect(readJson(r.pack, 'release.json')).toMatchObject({ stoppedAt: 'timeout', deployId: id });
    expect(readJson(r.pack, 'tests.json')).toMatchObject({ id, status: 'InProgress' });
    // the facts of the start are kept in the project (git-ignored) for the resume
    const record = path.join(projectDir, '.phi-guard', 'deploys', `${id}.json`);
    expect(r.stdout).toContain(
      `recorded for deploy resume: ${path.join('.phi-guard', 'deploys', `${id}.json`)}`
    );
    expect(existsSync(record)).toBe(true);
    const resumed = await run(emu, ['resume', id, '--json'], { projectDir });
    expect(resumed.code).toBe(0);
    // The resumed pack is complete: the manifest and bundle hash of what was sent, the gate and the preflight.
    for (const f of [
      'package.xml',
      'bundle.sha256',
      'gate.json',
      'preflight.json',
      'release.md',
      'release.html'
    ])
      expect([f, existsSync(path.join(resumed.pack, f))]).toEqual([f, true]);
    for (const f of ['package.xml', 'bundle.sha256', 'gate.json', 'preflight.json'])
      expect([f, readFileSync(path.join(resumed.pack, f), 'utf8')]).toEqual([
        f,
        readFileSync(path.join(r.pack, f), 'utf8')
      ]);
    expect(readJson(resumed.pack, 'release.json')).toMatchObject({
      deployId: id,
      stoppedAt: 'none',
      resumed: { record: path.join('.phi-guard', 'deploys', `${id}.json`) }
    });
    expect(readFileSync(path.join(resumed.pack, 'release.md'), 'utf8')).toContain(
      '| Followed with deploy resume | yes; the gate, preflight, manifest and bundle hash come from .phi-guard/deploys/'
    );
    expect(existsSync(record)).toBe(false); // finished: the record has served
    const out = JSON.parse(resumed.stdout) as {
      result: { deploy: { id: string; success: boolean }; postDeploy: { passed: boolean } };
    };
    expect(out.result.deploy).toMatchObject({ id, success: true });
    expect(out.result.postDeploy.passed).toBe(true);
    expect(deployCalls(resumed.log)).toHaveLength(1); // the same deploy, followed, not sent again
    expect(emu.state.md('ApexClass').has('PatientController_Test')).toBe(true);
  });
});

describe('phi-guard deploy: a slow or vanishing org', () => {
  it('--wait runs out before the org answered one status poll: the deploy id, still in progress', async () => {
    // Each status poll is answered after 1.5 s, the rest of the org at once: --wait 0.02 (1 s) runs out first.
    const emu = await org('compliant', ['latency:1500:checkDeployStatus']);
    // a copy: the timed-out deploy leaves its record in the project's .phi-guard/deploys/
    const r = await run(emu, ['--wait', '0.02', '--dry-run'], { projectDir: ws.copyFixture('slow') });
    expect(r.code).toBe(1);
    const id = /Deploy id: (0Af\w+)/.exec(r.stdout)?.[1] as string;
    expect(r.stdout).toContain(`The deploy did not finish within --wait 0.02 minute(s). Deploy id: ${id}.`);
    expect(readJson(r.pack, 'tests.json')).toMatchObject({
      id,
      status: 'InProgress',
      components: { total: 0, deployed: 0, errors: 0 }
    });
    expect(readJson(r.pack, 'release.json')).toMatchObject({ stoppedAt: 'timeout', deployId: id });
  });

  it('the org goes away while the deploy is being sent: one line saying the outcome is unknown, exit 2, no pack', async () => {
    // the deploy call (the run's first Metadata API call) is answered after 400 ms: it is in the request log before
    // it is answered
    const emu = await org('compliant', ['latency:400:deploy']);
    const pending = run(emu, []);
    const deadline = Date.now() + 120_000;
    while (!emu.requests().some((e) => e.path.startsWith('/services/Soap/m/')) && Date.now() < deadline)
      await new Promise((res) => setTimeout(res, 10));
    await emu.stop();
    const r = await pending;
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Deploying \d+ component\(s\)/);
    expect(errorLines(r.stderr)).toEqual([
      `Error: lost the connection to ${emu.url} while sending the deploy; whether the org accepted it is unknown: check Deployment Status in Setup before deploying again`
    ]);
    expect(existsSync(r.pack)).toBe(false);
  });

  it('the org goes away while the deploy is followed: one line naming the target, exit 2, no pack', async () => {
    // InProgress for 40 polls (2 s at the suite's pace): still followed when the org goes away
    const emu = await org('compliant', ['deploy-slow:40']);
    const pending = run(emu, []);
    const deadline = Date.now() + 120_000;
    while (deployCalls(emu.requests()).length === 0 && Date.now() < deadline)
      await new Promise((res) => setTimeout(res, 20));
    await emu.stop();
    const r = await pending;
    expect(r.code).toBe(2);
    const id = /Deploy id: (0Af\w+)/.exec(r.stdout)?.[1];
    expect(id).toBeUndefined(); // the id was not printed yet: the error line carries it
    expect(errorLines(r.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Error: lost the connection to ${emu.url} while following deploy (0Af\\w{15}); it may still be running there: phi-guard deploy resume \\1 -o <org>$`
        )
      )
    ]);
    expect(r.stderr).not.toMatch(/Internal error/);
    expect(existsSync(r.pack)).toBe(false);
  });
});

describe('phi-guard deploy --delta', () => {
  const gitIn =
    (dir: string) =>
    (...args: string[]) => {
      const g = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
        cwd: dir,
        encoding: 'utf8'
      });
      expect(g.status).toBe(0);
      return g.stdout;
    };
  function committedCopy(name: string) {
    const dir = ws.copyFixture(name);
    const git = gitIn(dir);
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    return { dir, git };
  }

  it('sends only the changed components (request log); a deletion needs --allow-deletes', async () => {
    const { dir } = committedCopy('delta');
    const field = path.join(
      dir,
      'force-app/main/default/objects/Patient_Record__c/fields/Diagnosis__c.field-meta.xml'
    );
    writeFileSync(
      field,
      readFileSync(field, 'utf8').replace(
        '</CustomField>',
        '  <description>Diagnosis</description>\n</CustomField>'
      )
    );
    rmSync(
      path.join(dir, 'force-app/main/default/objects/Patient_Record__c/listViews/By_MRN.listView-meta.xml')
    );
    // The gate is deploy-cli.test.ts's; a description and a list view are nothing apex-ls or PMD report on.
    await ws.carryApexVerdict(dir);
    const emu = await org();
    const r = await run(emu, ['--delta', 'HEAD'], { projectDir: dir });
    expect(r.stdout).toMatch(/--delta HEAD: 1 changed file\(s\), 1 deleted file\(s\)/);
    expect(r.stdout).toMatch(/1 deletion\(s\) not deployed \(pass --allow-deletes/);
    expect(r.stdout).toMatch(
      / {4}deleted: force-app\/main\/default\/objects\/Patient_Record__c\/listViews\/By_MRN/
    );
    expect(r.code).toBe(0);
    const calls = deployCalls(r.log);
    expect(calls).toHaveLength(1);
    // In Metadata API format SDR sends a field inside its object's file, holding only that field.
    expect(calls[0]!.components).toEqual(['CustomObject:Patient_Record__c']);
    const manifest = readFileSync(path.join(r.pack, 'package.xml'), 'utf8');
    expect(manifest).toContain('<members>Patient_Record__c.Diagnosis__c</members>');
    expect(manifest.match(/<members>/g)).toHaveLength(1);
    expect(existsSync(path.join(r.pack, 'destructiveChangesPost.xml'))).toBe(false);
    expect(readJson(r.pack, 'delta.json')).toMatchObject({
      ref: 'HEAD',
      changed: ['force-app/main/default/objects/Patient_Record__c/fields/Diagnosis__c.field-meta.xml'],
      deletesSent: false
    });
    // with --allow-deletes the deletion goes to a destructive manifest (built from the file as of the ref)
    const d = await run(emu, ['--delta', 'HEAD', '--allow-deletes'], { projectDir: dir });
    expect(d.code).toBe(0);
    const destructive = readFileSync(path.join(d.pack, 'destructiveChangesPost.xml'), 'utf8');
    expect(destructive).toContain('<members>Patient_Record__c.By_MRN</members>');
    expect(destructive).toContain('<name>ListView</name>');
    expect(readJson(d.pack, 'delta.json')).toMatchObject({ deletesSent: true });
  });

  it('nothing changed since the ref: nothing is sent and the run passes; an untracked file is a change', async () => {
    const { dir } = committedCopy('delta-none');
    const emu = await org();
    const r = await run(emu, ['--delta', 'HEAD'], { projectDir: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--delta HEAD: no metadata changed since that ref; nothing to deploy.');
    expect(deployCalls(r.log)).toEqual([]);
    expect(readJson(r.pack, 'release.json')).toMatchObject({ passed: true, stoppedAt: 'none' });
    writeFileSync(
      path.join(dir, 'force-app/main/default/remoteSiteSettings/Lab.remoteSite-meta.xml'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<RemoteSiteSetting xmlns="http://soap.sforce.com/2006/04/metadata">\n    <isActive>true</isActive>\n    <url>https://lab.example.com</url>\n</RemoteSiteSetting>\n'
    );
    await ws.carryApexVerdict(dir); // an https remote site: nothing apex-ls or PMD report on
    const u = await run(emu, ['--delta', 'HEAD', '--dry-run'], { projectDir: dir });
    expect(u.stdout).toMatch(/--delta HEAD: 1 changed file\(s\), 0 deleted file\(s\)/);
    expect(deployCalls(u.log)[0]!.components).toEqual(['RemoteSiteSetting:Lab']);
    expect(u.code).toBe(0);
  });

  it('a ref git cannot resolve is one line, exit 2, and nothing is deployed or written', async () => {
    const { dir } = committedCopy('delta-bad');
    const emu = await org();
    const r = await run(emu, ['--delta', 'no-such-ref'], { projectDir: dir });
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([
      'Error: --delta: git cannot resolve "no-such-ref" in this project'
    ]);
    expect(deployCalls(r.log)).toEqual([]);
    expect(existsSync(r.pack)).toBe(false);
  });
});
