import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runInProcess } from '../helpers/run-in-process';
import type { Emulator } from '../../emulator/server';
import { breakSchema, FIXTURE } from './fixture-org';
import {
  apexClasses,
  deployCalls,
  deployInProcess,
  deployWorkspace,
  fixtureOrgs,
  errorLines,
  readJson,
  type DeployCliRun
} from './cli-run';

/**
 * `phi-guard deploy` stage by stage against the org emulator, through the real CLI entry in this process:
 * gate, preflight, SDR deploy (SOAP deploy + checkDeployStatus), tests and coverage, post-deploy verify, pack.
 */
jest.setTimeout(600_000);

const ws = deployWorkspace();
afterAll(() => ws.cleanup());

const org = fixtureOrgs();

const run = (emu: Emulator, args: string[], opts: Parameters<typeof deployInProcess>[3] = {}) =>
  deployInProcess(ws, emu, args, opts);

const packText = (r: DeployCliRun) =>
  readdirSync(r.pack)
    .map((f) => readFileSync(path.join(r.pack, f), 'utf8'))
    .join('\n');

describe('phi-guard deploy: a clean run', () => {
  it('exits 0, runs the tests, verifies the org after, draws progress on a terminal, writes the pack', async () => {
    const emu = await org();
    const r = await run(emu, [], { tty: true });
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Static gate[\s\S]*verify at --fail-on high: passed/);
    expect(r.stdout).toMatch(/ok {7}tenant-secret-probabilistic/);
    expect(r.stdout).toMatch(/manual {3}eca-consumer-secret-access: not checkable through the API/);
    expect(r.stdout).toMatch(/Deploying \d+ component\(s\), test level RunLocalTests/);
    expect(r.stdout).toMatch(/Deploy id: 0Af\w{15}/);
    expect(r.stdout).toMatch(/Apex coverage: \d+% over \d+ class\(es\)/);
    expect(r.stdout).toMatch(/Deploy succeeded: \d+ component\(s\) deployed, 1 test\(s\) passed/);
    expect(r.stdout).toMatch(/Post-deploy verify[\s\S]*passed: 0 control\(s\) failed, 0 not verified/);
    expect(r.stdout).toMatch(/Evidence pack: 8 file\(s\) in /);
    expect(r.stdout).toMatch(/Deploy pipeline passed\.\n$/);
    // progress on the terminal's status line, cleared at the end
    expect(r.progress.some((p) => /^deploy \w+: components \d+\/\d+, tests \d+\/\d+/.test(p))).toBe(true);
    expect(r.progress.at(-1)).toBe('');
    expect(deployCalls(r.log)).toHaveLength(1);
    expect(r.log.some((e) => e.detail === 'checkDeployStatus')).toBe(true);
    expect(readdirSync(r.pack).sort()).toEqual(
      [
        'bundle.sha256',
        'gate.json',
        'known-gaps.json',
        'package.xml',
        'post-deploy.json',
        'preflight.json',
        'release.json',
        'tests.json'
      ].sort()
    );
    const release = readJson(r.pack, 'release.json');
    expect(release).toMatchObject({ passed: true, stoppedAt: 'none', target: emu.url });
    expect(release.bundleSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path.join(r.pack, 'bundle.sha256'), 'utf8')).toContain(String(release.bundleSha256));
    expect((release.ranBy as { orgUser?: string }).orgUser).toBe(emu.state.info.username);
    expect(readFileSync(path.join(r.pack, 'package.xml'), 'utf8')).toMatch(
      /<members>PatientController_Test<\/members>/
    );
    const gate = readJson<{ passed: boolean; apex: { passed: boolean } }>(r.pack, 'gate.json');
    expect(gate).toMatchObject({ passed: true, apex: { passed: true } });
    const tests = readJson<{ testSuccesses: unknown[]; coverage: { percent: number } }>(r.pack, 'tests.json');
    expect(tests.testSuccesses).toEqual([
      { className: 'PatientController_Test', method: 'returnsNoRowsForAUserWithoutAccess' }
    ]);
    expect(tests.coverage.percent).toBeGreaterThanOrEqual(75);
    const post = readJson<{ passed: boolean; apiCalls: number }>(r.pack, 'post-deploy.json');
    expect(post.passed).toBe(true);
    expect(post.apiCalls).toBeGreaterThan(5);
    expect(`${r.stdout}${r.stderr}${r.progress.join('\n')}${packText(r)}`).not.toContain(emu.token);
  });

  it('the gate result is reused from --gate-cache for the same inputs; the CI actor is recorded', async () => {
    const emu = await org();
    await run(emu, ['--dry-run']); // computes the gate, or reuses this file's earlier result
    const r = await run(emu, ['--dry-run', '--tests', 'PatientController_Test'], {
      env: { GITHUB_ACTOR: 'release-bot' }
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/gate result reused from .*gate-[0-9a-f]{64}\.json \(same inputs\)/);
    expect(r.stdout).toMatch(/Validating \(checkOnly\) \d+ component\(s\), test level RunSpecifiedTests/);
    expect(r.stdout).toMatch(/Validation succeeded \(checkOnly, the org is unchanged\)/);
    expect(r.stdout).toContain('Post-deploy verify skipped: --dry-run leaves the org unchanged.');
    expect(readJson(r.pack, 'release.json')).toMatchObject({
      ranBy: { ci: 'github:release-bot' },
      options: { tests: ['PatientController_Test'], dryRun: true }
    });
    expect(existsSync(path.join(r.pack, 'post-deploy.json'))).toBe(true);
    expect(readFileSync(path.join(r.pack, 'post-deploy.json'), 'utf8')).toBe('null\n');
  });

  it('--dry-run --json validates (checkOnly) and leaves the emulator state unchanged', async () => {
    const emu = await org();
    emu.state.md('ApexClass').delete('PatientController_Test');
    const before = JSON.stringify([...emu.state.metadata].map(([t, m]) => [t, [...m]]));
    const r = await run(emu, ['--dry-run', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      status: number;
      result: { passed: boolean; deploy: { checkOnly: boolean; success: boolean }; evidencePack: string[] };
      warnings: string[];
    };
    expect(out.status).toBe(0);
    expect(out.result).toMatchObject({ passed: true, deploy: { checkOnly: true, success: true } });
    expect(out.result.evidencePack.length).toBeGreaterThan(5);
    expect(JSON.stringify([...emu.state.metadata].map(([t, m]) => [t, [...m]]))).toBe(before);
    expect(emu.state.md('ApexClass').has('PatientController_Test')).toBe(false);
    expect(deployCalls(r.log)).toHaveLength(1);
    expect(r.stdout).not.toContain(emu.token);
  });
});

describe('phi-guard deploy: the static gate', () => {
  it('a schema problem stops the run before anything is sent (request log empty); --json carries the result', async () => {
    const dir = ws.copyFixture('gate-schema');
    breakSchema(dir);
    const emu = await org();
    const r = await run(emu, ['--json'], { projectDir: dir });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { status: number; result: { stoppedAt: string; gate: GateJson } };
    expect(out.status).toBe(1);
    expect(out.result.stoppedAt).toBe('gate');
    expect(out.result.gate.metadata.problems).toEqual([
      expect.stringMatching(
        /Security\.settings-meta\.xml:\d+: <SecuritySettings\/sessionSettings\/notAField> unknown element/
      )
    ]);
    expect(out.result.gate.apex).toMatchObject({
      passed: false,
      notVerified: [expect.stringMatching(/not run/)]
    });
    expect(r.log).toEqual([]);
    expect(readJson(r.pack, 'release.json')).toMatchObject({ passed: false, stoppedAt: 'gate' });
    expect(readJson(r.pack, 'tests.json')).toBeNull();
  });

  it('defaults: an alias target as given, the clock, and the pack in phi-guard-deploy-<timestamp> of the working folder', async () => {
    const dir = ws.copyFixture('gate-defaults');
    breakSchema(dir);
    const cwd = process.cwd();
    const here = path.join(ws.work, 'cwd');
    mkdirSync(here);
    process.chdir(here);
    try {
      const before = Date.now();
      const r = await runInProcess(['deploy', '-o', 'release', '-d', dir, '--no-progress'], {
        env: { PHI_GUARD_NOW: undefined, SF_ACCESS_TOKEN: undefined }
      });
      expect(r.code).toBe(1);
      const [pack] = readdirSync(here);
      expect(pack).toMatch(/^phi-guard-deploy-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
      expect(r.stdout).toContain(`Evidence pack: 6 file(s) in ${pack}`);
      const release = readJson<{ target: string; startedAt: string }>(
        path.join(here, pack as string),
        'release.json'
      );
      expect(release.target).toBe('release');
      expect(Date.parse(release.startedAt)).toBeGreaterThanOrEqual(before - 1000);
    } finally {
      process.chdir(cwd);
    }
  });

  it('a failing verify stops the run naming the finding; --force --reason overrides only that part, recorded in the pack', async () => {
    const dir = ws.copyFixture('gate-verify');
    const mrn = path.join(
      dir,
      'force-app/main/default/objects/Patient_Record__c/fields/MRN__c.field-meta.xml'
    );
    writeFileSync(mrn, readFileSync(mrn, 'utf8').replace(/<encryptionScheme>[^<]*<\/encryptionScheme>/, ''));
    const emu = await org();
    const stopped = await run(emu, [], { projectDir: dir });
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toMatch(/verify at --fail-on high: FAILED \(1 critical\)/);
    expect(stopped.stdout).toMatch(
      / {4}ENC-001 CustomField Patient_Record__c\.MRN__c \(.*MRN__c\.field-meta\.xml/
    );
    expect(stopped.stdout).toMatch(
      /Apex layers \(parser, apex-ls, PMD\): FAILED, 1 issue\(s\) or layer\(s\) not verified/
    );
    expect(stopped.stdout).toContain('Static gate failed: nothing was sent to the org.');
    expect(stopped.log).toEqual([]);

    const forced = await run(emu, ['--force', '--reason', ' hotfix INC-42 ', '--dry-run'], {
      projectDir: dir
    });
    expect(forced.stdout).toContain('verify failure overridden with --force (reason: hotfix INC-42)');
    expect(forced.stdout).toMatch(/Apex layers \(parser, apex-ls, PMD\): passed/);
    expect(forced.code).toBe(0);
    expect(readJson(forced.pack, 'gate.json')).toMatchObject({
      passed: true,
      forced: { reason: 'hotfix INC-42' },
      verify: { passed: false }
    });
    expect(readJson(forced.pack, 'release.json')).toMatchObject({ forced: { reason: 'hotfix INC-42' } });
    expect(deployCalls(forced.log)).toHaveLength(1);
  });
});

describe('phi-guard deploy: the org preflight', () => {
  it('a no-Shield org: by default the deploy stops and names the components and what they need', async () => {
    const emu = await org('no-shield');
    const r = await run(emu, []);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /MISSING {2}tenant-secret-probabilistic: the org did not answer the check \(INVALID_TYPE\)/
    );
    expect(r.stdout).toMatch(
      /force-app\/main\/default\/settings\/PlatformEncryption\.settings-meta\.xml needs tenant-secret-probabilistic/
    );
    expect(r.stdout).toMatch(
      /Patient_Record__c\/fields\/MRN__c\.field-meta\.xml needs tenant-secret-deterministic/
    );
    expect(r.stdout).toMatch(/Preflight failed: \d+ prerequisite\(s\) missing; nothing was deployed/);
    expect(deployCalls(r.log)).toEqual([]);
    expect(r.log.every((e) => !e.write)).toBe(true);
    expect(readJson(r.pack, 'release.json')).toMatchObject({ stoppedAt: 'preflight' });
    const pre = readJson<{ blocked: { component: string; needs: string[] }[] }>(r.pack, 'preflight.json');
    expect(pre.blocked.length).toBeGreaterThan(3);
  });

  it('--without-shield leaves the Shield elements out as known gaps; the post-deploy verify fails their controls', async () => {
    const emu = await org('no-shield');
    const r = await run(emu, ['--without-shield']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/--without-shield: \d+ Shield-only element\(s\) left out/);
    expect(r.stdout).toMatch(
      / {2}gap: force-app\/main\/default\/settings\/PlatformEncryption\.settings-meta\.xml \(file\)/
    );
    expect(r.stdout).toMatch(/Deploy succeeded/);
    expect(r.stdout).toMatch(/FAILED: [1-9]\d* control\(s\) failed/);
    expect(r.stdout).toMatch(/ {4}FAIL 164\.312\(a\)\(2\)\(iv\) .*\[.*ENC-001/);
    expect(r.stdout).toMatch(/FAIL ENC-001: known gap/);
    expect(r.stdout).toMatch(/Deploy pipeline FAILED at: post-deploy verify\./);
    const gaps = readJson<{ component: string; element: string; controls: string[] }[]>(
      r.pack,
      'known-gaps.json'
    );
    expect(gaps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          component: 'force-app/main/default/settings/PlatformEncryption.settings-meta.xml',
          element: 'file'
        }),
        expect.objectContaining({
          component: 'force-app/main/default/objects/Patient_Record__c/fields/MRN__c.field-meta.xml',
          element: 'encryptionScheme',
          controls: ['ENC-001']
        })
      ])
    );
    const post = readJson<{ passed: boolean; checks: { id: string; status: string }[] }>(
      r.pack,
      'post-deploy.json'
    );
    expect(post.passed).toBe(false);
    expect(post.checks.find((c) => c.id === 'ENC-001')?.status).toBe('fail');
    expect(readFileSync(path.join(r.pack, 'package.xml'), 'utf8')).not.toContain('PlatformEncryption');
    expect(
      readFileSync(
        path.join(FIXTURE, 'force-app/main/default/objects/Patient_Record__c/fields/MRN__c.field-meta.xml'),
        'utf8'
      )
    ).toContain('<encryptionScheme>');
  });

  it('a missing prerequisite that is not Shield blocks its listed components, --without-shield or not', async () => {
    const emu = await org('no-shield');
    emu.state.arrayTable('Profile').removeWhere((p) => p.Name === 'Customer Community User');
    const r = await run(emu, ['--without-shield']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/MISSING {2}digital-experiences: no matching row/);
    expect(r.stdout).toMatch(
      / {4}sharingSets\/Patient_Own_Records\.sharingSet-meta\.xml needs digital-experiences/
    );
    // the Shield elements could be left out, so only what still blocks is named
    expect(r.stdout).not.toMatch(/PlatformEncryption\.settings-meta\.xml needs/);
    expect(r.stdout).toMatch(/Preflight failed: 1 prerequisite\(s\) missing/);
    expect(deployCalls(r.log)).toEqual([]);
  });
});

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

  it('--wait: a timed-out deploy reports its id; deploy resume <id> follows the same deploy to the end', async () => {
    const emu = await org('compliant', ['deploy-slow']);
    const r = await run(emu, ['--wait', '0.03']);
    expect(r.code).toBe(1);
    const id = /Deploy id: (0Af\w+)/.exec(r.stdout)?.[1] as string;
    expect(id).toBeDefined();
    expect(r.stdout).toContain(`phi-guard deploy resume ${id} -o <org>`);
    expect(readJson(r.pack, 'release.json')).toMatchObject({ stoppedAt: 'timeout', deployId: id });
    expect(readJson(r.pack, 'tests.json')).toMatchObject({ id, status: 'InProgress' });
    const resumed = await run(emu, ['resume', id, '--json']);
    expect(resumed.code).toBe(0);
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
    const emu = await org('compliant', ['latency:1500']);
    const r = await run(emu, ['--wait', '0.02', '--dry-run']);
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
    // every answer takes 400 ms: the deploy call is in the request log before it is answered
    const emu = await org('compliant', ['latency:400']);
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
    const emu = await org('compliant', ['deploy-slow']);
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

interface GateJson {
  metadata: { problems: string[] };
  apex: { passed: boolean; notVerified: string[] };
}
