import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runInProcess } from '../helpers/run-in-process';
import { breakSchema, FIXTURE } from './fixture-org';
import { deployCalls, deploySuite, readJson, type DeployCliRun } from './cli-run';

/**
 * `phi-guard deploy` stage by stage against the org emulator, through the real CLI entry in this process:
 * gate, preflight, SDR deploy (SOAP deploy + checkDeployStatus), tests and coverage, post-deploy verify, pack.
 */
jest.setTimeout(600_000);

const { ws, org, run } = deploySuite();

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
    expect(r.stdout).toMatch(/ {2}platform rules: passed \(7 rule\(s\), release rules included\)/);
    expect(r.stdout).toMatch(/ok {7}tenant-secret-probabilistic/);
    expect(r.stdout).toMatch(/manual {3}eca-consumer-secret-access: not checkable through the API/);
    expect(r.stdout).toMatch(/Deploying \d+ component\(s\), test level RunLocalTests/);
    expect(r.stdout).toMatch(/Deploy id: 0Af\w{15}/);
    expect(r.stdout).toMatch(/Apex coverage: \d+% over \d+ class\(es\)/);
    expect(r.stdout).toMatch(/Deploy succeeded: \d+ component\(s\) deployed, 1 test\(s\) passed/);
    expect(r.stdout).toMatch(/Post-deploy verify[\s\S]*passed: 0 control\(s\) failed, 0 not verified/);
    expect(r.stdout).toMatch(/Evidence pack: 10 file\(s\) in /);
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
        'release.html',
        'release.json',
        'release.md',
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
    // The people's copy: what went out, by whom, to which org, the stages, and a sign-off block.
    const md = readFileSync(path.join(r.pack, 'release.md'), 'utf8');
    expect(md).toMatch(/^# Release record\n\n\*\*PASSED: deployed and verified\*\*/);
    for (const fact of [
      `| Target org | ${emu.url} |`,
      `| Deployed as (org user) | ${emu.state.info.username} |`,
      `| Deploy id | ${String(release.deployId)} |`,
      `| Bundle SHA-256 | ${String(release.bundleSha256)} |`,
      '| ApexClass |',
      '- verify at --fail-on high: passed',
      '1 of 1 test(s) ran: 1 passed, 0 failed',
      '## Post-deploy controls (online verify of the same org)',
      '## Known gaps',
      '- Security or privacy officer: ___'
    ])
      expect([fact, md.includes(fact)]).toEqual([fact, true]);
    const html = readFileSync(path.join(r.pack, 'release.html'), 'utf8');
    expect(html).toContain('<section id="signoff">');
    expect(html).toContain(`<td>${String(release.deployId)}</td>`);
  });

  it('a second --dry-run with no change reuses every deterministic layer (HMAC-verified), reruns verify, and the pack says which; the CI actor is recorded', async () => {
    const emu = await org();
    await run(emu, ['--dry-run']); // computes the gate's layers, or reuses this file's earlier entries
    const r = await run(emu, ['--dry-run', '--tests', 'PatientController_Test'], {
      env: { GITHUB_ACTOR: 'release-bot' }
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `  gate cache ${ws.gateCache} (HMAC key: user cache directory); verify always reruns (its verdict depends on the date)`
    );
    expect(r.stdout).toMatch(/verify at --fail-on high: passed/);
    for (const label of ['metadata schema validation', 'platform rules', 'Apex parser', 'apex-ls', 'PMD'])
      expect(r.stdout).toMatch(
        new RegExp(`\\n {4}${label}: reused \\([a-z-]+-[0-9a-f]{64}\\.json, HMAC verified\\)\\n`)
      );
    expect(r.stdout).toMatch(/Validating \(checkOnly\) \d+ component\(s\), test level RunSpecifiedTests/);
    expect(r.stdout).toMatch(/Validation succeeded \(checkOnly, the org is unchanged\)/);
    expect(r.stdout).toContain('Post-deploy verify skipped: --dry-run leaves the org unchanged.');
    const all = ['metadata', 'rules', 'apex-parser', 'apex-ls', 'pmd'];
    expect(readJson(r.pack, 'release.json')).toMatchObject({
      ranBy: { ci: 'github:release-bot' },
      options: { tests: ['PatientController_Test'], dryRun: true, noCache: false },
      gateReused: all
    });
    expect(readJson(r.pack, 'gate.json')).toMatchObject({
      passed: true,
      cache: { state: 'on', key: 'user cache directory', reused: all }
    });
    expect(existsSync(path.join(r.pack, 'post-deploy.json'))).toBe(true);
    expect(readFileSync(path.join(r.pack, 'post-deploy.json'), 'utf8')).toBe('null\n');
  });

  it('one changed byte in a class reruns the Apex layers and the platform rules; the schema layer, which never reads a class body, is reused', async () => {
    const emu = await org();
    const dir = ws.copyFixture('one-byte');
    await run(emu, ['--dry-run'], { projectDir: dir }); // the same inputs as the fixture: reused in this file
    const cls = path.join(dir, 'force-app/main/default/classes/PatientController.cls');
    writeFileSync(cls, readFileSync(cls, 'utf8').replace(/\n$/, ' \n'));
    const r = await run(emu, ['--dry-run'], { projectDir: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      / {4}metadata schema validation: reused \(metadata-[0-9a-f]{64}\.json, HMAC verified\)/
    );
    for (const label of ['platform rules', 'Apex parser', 'apex-ls', 'PMD'])
      expect(r.stdout).toContain(`    ${label}: ran: no entry for these inputs`);
    expect(readJson(r.pack, 'release.json')).toMatchObject({ gateReused: ['metadata'] });
  });

  it('issue 19: the same inputs on 2027-07-15 fail verify (expired suppressions) whatever the cache holds; nothing is sent', async () => {
    const emu = await org();
    // a whole-gate entry of the old --gate-cache, forged to "passed": never read
    const sha = readJson<{ inputsSha256: string }>(
      (await run(emu, ['--dry-run'])).pack,
      'gate.json'
    ).inputsSha256;
    const legacy = path.join(ws.gateCache, `gate-${sha}.json`);
    writeFileSync(legacy, JSON.stringify({ inputsSha256: sha, passed: true, verify: { passed: true } }));
    const sent = emu.requests().length;
    try {
      const r = await run(emu, [], { env: { PHI_GUARD_NOW: '2027-07-15T09:00:00Z' } });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/verify at --fail-on high: FAILED/);
      expect(r.stdout).toMatch(/ {4}POL-001 Suppression ACC-003 System Administrator/);
      expect(r.stdout).toMatch(/ {4}POL-001 Suppression AUD-004 System Administrator/);
      expect(r.stdout).toContain('verify always reruns (its verdict depends on the date)');
      expect(r.stdout).toMatch(/ {4}metadata schema validation: reused/);
      expect(r.stdout).toContain(
        "    1 old whole-gate entry (gate-*.json) ignored: unsigned, and holding verify's dated verdict"
      );
      expect(r.stdout).toContain('Static gate failed: nothing was sent to the org.');
      expect(r.log.slice(sent)).toEqual([]);
      expect(readJson(r.pack, 'release.json')).toMatchObject({ passed: false, stoppedAt: 'gate' });
    } finally {
      rmSync(legacy);
    }
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

  it('defaults: an alias target as given, the clock, and the pack in .phi-guard/deploy-<timestamp> (git-ignored) of the working folder', async () => {
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
      expect(readdirSync(here)).toEqual(['.phi-guard']);
      const local = path.join(here, '.phi-guard');
      expect(readFileSync(path.join(local, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
      const [pack] = readdirSync(local).filter((f) => f !== '.gitignore');
      expect(pack).toMatch(/^deploy-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
      expect(r.stdout).toContain(`Evidence pack: 8 file(s) in ${path.join('.phi-guard', pack as string)}`);
      // git agrees: nothing of the pack would be committed
      spawnSync('git', ['init', '-q'], { cwd: here });
      expect(
        spawnSync('git', ['status', '--porcelain', '-uall'], { cwd: here, encoding: 'utf8' }).stdout
      ).toBe('');
      const release = readJson<{ target: string; startedAt: string }>(
        path.join(local, pack as string),
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

    // What --force overrides is judged here, not apex-ls or PMD on a field without its scheme (nothing either reports
    // on): the copy reuses the fixture's verdict of those two layers; the Apex parser still runs on it.
    await ws.carryApexVerdict(dir);
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
          controls: ['ENC-001', 'ENC-003']
        }),
        // each field gap under the check that fails for it, not all under ENC-001
        expect.objectContaining({
          component:
            'force-app/main/default/objects/Patient_Record__c/fields/Clinical_Notes__c.field-meta.xml',
          controls: ['ENC-002']
        }),
        expect.objectContaining({
          component: 'force-app/main/default/objects/Contact/fields/Birthdate.field-meta.xml',
          controls: ['ENC-004']
        })
      ])
    );
    expect(r.stdout).toMatch(/FAIL ENC-002: known gap/);
    expect(r.stdout).toMatch(/FAIL ENC-004: known gap/);
    const md = readFileSync(path.join(r.pack, 'release.md'), 'utf8');
    expect(md).toContain('**FAILED at: post-deploy verify**');
    expect(md).toMatch(
      /\| force-app\/main\/default\/objects\/Contact\/fields\/Birthdate\.field-meta\.xml \| encryptionScheme \| [^|]+ \| ENC-004 \|/
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

interface GateJson {
  metadata: { problems: string[] };
  apex: { passed: boolean; notVerified: string[] };
}
