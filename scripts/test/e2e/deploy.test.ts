import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Emulator } from '../../emulator/server';
import { FIXTURE, ORG_NOW, startFixtureOrg } from '../deploy/fixture-org';
import { runCliAsync } from '../org/run-cli-async';
import type { CliRun } from '../helpers/run-cli';

jest.setTimeout(900_000);

interface LogEntry {
  method: string;
  path: string;
  family: string;
  write: boolean;
  detail?: string;
  components?: string[];
}

let work: string;
let gateCache: string;
let home: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-deploy-e2e-'));
  gateCache = path.join(work, 'gate-cache');
  home = path.join(work, 'home');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

let packs = 0;
/** Runs `phi-guard deploy` (or `deploy resume`) against an emulator as a child process; returns the run, pack dir and request log. */
async function deploy(
  emu: Emulator,
  args: string[],
  projectDir = FIXTURE
): Promise<CliRun & { pack: string; log: LogEntry[] }> {
  const pack = path.join(work, `pack-${++packs}`);
  const run = await runCliAsync(
    [
      'deploy',
      ...args,
      '-o',
      emu.url,
      '-d',
      projectDir,
      '--output-dir',
      pack,
      '--gate-cache',
      gateCache,
      '--no-progress'
    ],
    {
      env: {
        SF_ACCESS_TOKEN: emu.token,
        PHI_GUARD_NOW: ORG_NOW,
        HOME: home,
        SF_USE_GENERIC_UNIX_KEYCHAIN: 'true'
      }
    }
  );
  const log = (await (await fetch(`${emu.url}/__emulator/requests`)).json()) as LogEntry[];
  return { ...run, pack, log };
}

const readJson = <T = Record<string, unknown>>(dir: string, file: string) =>
  JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as T;
const deployCalls = (log: LogEntry[]) =>
  log.filter((e) => e.family === 'soap-metadata' && e.detail === 'deploy');
const apexClasses = (emu: Emulator) => [...emu.state.md('ApexClass').keys()].sort();

/** A copy of the fixture project in a temporary folder, optionally edited. */
function copyFixture(name: string): string {
  const dir = path.join(work, name);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('phi-guard deploy against the org emulator (CLI as a child process)', () => {
  it('a clean deploy exits 0, runs the tests, verifies the org after, and writes the evidence pack', async () => {
    const emu = await startFixtureOrg('compliant');
    try {
      expect(emu.state.md('ApexClass').has('PatientController_Test')).toBe(true); // the org as the fixture describes it
      const r = await deploy(emu, []);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Deploying \d+ component\(s\), test level RunLocalTests/);
      expect(r.stdout).toMatch(/Deploy succeeded: \d+ component\(s\) deployed, 1 test\(s\) passed/);
      expect(r.stdout).toMatch(/Post-deploy verify[\s\S]*passed: 0 control\(s\) failed, 0 not verified/);
      expect(r.stdout).toMatch(/Deploy pipeline passed/);
      expect(deployCalls(r.log)).toHaveLength(1);
      expect(r.log.some((e) => e.detail === 'checkDeployStatus')).toBe(true);
      const files = readdirSync(r.pack).sort();
      expect(files).toEqual(
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
      expect(readFileSync(path.join(r.pack, 'bundle.sha256'), 'utf8')).toContain(
        String(release.bundleSha256)
      );
      expect((release.ranBy as { orgUser?: string }).orgUser).toBeTruthy();
      expect(Date.parse(String(release.startedAt))).not.toBeNaN();
      expect(readFileSync(path.join(r.pack, 'package.xml'), 'utf8')).toMatch(
        /<name>ApexClass<\/name>[\s\S]*<members>PatientController_Test<\/members>|<members>PatientController_Test<\/members>[\s\S]*<name>ApexClass<\/name>/
      );
      const gate = readJson<{ passed: boolean; apex: { passed: boolean } }>(r.pack, 'gate.json');
      expect(gate).toMatchObject({ passed: true, apex: { passed: true } });
      const tests = readJson<{ testSuccesses: unknown[]; coverage: { percent: number } }>(
        r.pack,
        'tests.json'
      );
      expect(tests.testSuccesses).toEqual([
        { className: 'PatientController_Test', method: 'returnsNoRowsForAUserWithoutAccess' }
      ]);
      expect(tests.coverage.percent).toBeGreaterThanOrEqual(75);
      const post = readJson<{ passed: boolean; apiCalls: number }>(r.pack, 'post-deploy.json');
      expect(post.passed).toBe(true);
      expect(post.apiCalls).toBeGreaterThan(5);
      // the token never reaches the output or the pack
      const packText = files.map((f) => readFileSync(path.join(r.pack, f), 'utf8')).join('\n');
      expect(`${r.stdout}${r.stderr}${packText}`).not.toContain(emu.token);
    } finally {
      await emu.stop();
    }
  });

  it('a gate failure exits 1 and sends nothing to the org (request log empty)', async () => {
    const dir = copyFixture('gate-fail');
    const file = path.join(dir, 'force-app/main/default/settings/Security.settings-meta.xml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '<sessionSettings>',
        '<sessionSettings>\n    <notAField>true</notAField>'
      )
    );
    const emu = await startFixtureOrg('compliant');
    try {
      const r = await deploy(emu, [], dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/metadata schema validation: FAILED, 1 problem/);
      expect(r.stdout).toMatch(
        /Security\.settings-meta\.xml:\d+: <SecuritySettings\/sessionSettings\/notAField> unknown element/
      );
      expect(r.stdout).toMatch(/Static gate failed: nothing was sent to the org/);
      expect(r.log).toEqual([]);
      expect(readJson(r.pack, 'release.json')).toMatchObject({ passed: false, stoppedAt: 'gate' });
    } finally {
      await emu.stop();
    }
  });

  it('a no-Shield org: by default the deploy stops and names the components and what they need', async () => {
    const emu = await startFixtureOrg('no-shield');
    try {
      const r = await deploy(emu, []);
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
    } finally {
      await emu.stop();
    }
  });

  it('a no-Shield org with --without-shield: Shield elements left out, listed as gaps; the post-deploy verify fails the encryption control', async () => {
    const emu = await startFixtureOrg('no-shield');
    try {
      const r = await deploy(emu, ['--without-shield']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/--without-shield: \d+ Shield-only element\(s\) left out/);
      expect(r.stdout).toMatch(/Deploy succeeded/);
      expect(r.stdout).toMatch(/FAIL ENC-001: known gap/);
      expect(r.stdout).toMatch(/Deploy pipeline FAILED at: post-deploy verify/);
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
      // the source tree itself is untouched
      expect(
        readFileSync(
          path.join(FIXTURE, 'force-app/main/default/objects/Patient_Record__c/fields/MRN__c.field-meta.xml'),
          'utf8'
        )
      ).toContain('<encryptionScheme>');
    } finally {
      await emu.stop();
    }
  });

  it.each([
    ['deploy-component-error', /component \w+ \S+ \([^)]+\): In field: fullName - no \w+ named \S+ found/],
    [
      'deploy-test-failure',
      /test PatientController_Test\.returnsNoRowsForAUserWithoutAccess: System\.AssertException: Assertion Failed/
    ],
    ['deploy-low-coverage', /coverage \d+% is below the 75% the org requires/]
  ])('%s: exit 1, the component or test named, the org rolled back', async (fault, expected) => {
    const emu = await startFixtureOrg('compliant', [fault]);
    try {
      const before = apexClasses(emu);
      const r = await deploy(emu, []);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(expected);
      expect(r.stdout).toMatch(/Deploy failed; the org rolled back/);
      expect(r.stdout).not.toMatch(/Post-deploy verify/);
      expect(apexClasses(emu)).toEqual(before);
      expect(readJson(r.pack, 'release.json')).toMatchObject({ passed: false, stoppedAt: 'deploy' });
    } finally {
      await emu.stop();
    }
  });

  it('--dry-run validates (checkOnly) and leaves the emulator state unchanged', async () => {
    const emu = await startFixtureOrg('compliant');
    try {
      emu.state.md('ApexClass').delete('PatientController_Test');
      const before = JSON.stringify([...emu.state.metadata].map(([t, m]) => [t, [...m]]));
      const r = await deploy(emu, ['--dry-run', '--json']);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as {
        status: number;
        result: { passed: boolean; deploy: { checkOnly: boolean; success: boolean }; evidencePack: string[] };
      };
      expect(out.status).toBe(0);
      expect(out.result).toMatchObject({ passed: true, deploy: { checkOnly: true, success: true } });
      expect(out.result.evidencePack.length).toBeGreaterThan(5);
      expect(JSON.stringify([...emu.state.metadata].map(([t, m]) => [t, [...m]]))).toBe(before);
      expect(emu.state.md('ApexClass').has('PatientController_Test')).toBe(false);
      expect(deployCalls(r.log)).toHaveLength(1);
    } finally {
      await emu.stop();
    }
  });

  it('--delta sends only the changed components (request log); a deletion needs --allow-deletes', async () => {
    const dir = copyFixture('delta');
    const git = (...args: string[]) => {
      const g = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
      expect(g.status).toBe(0);
      return g.stdout;
    };
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base');
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
    const emu = await startFixtureOrg('compliant');
    try {
      const r = await deploy(emu, ['--delta', 'HEAD'], dir);
      expect(r.stdout).toMatch(/--delta HEAD: 1 changed file\(s\), 1 deleted file\(s\)/);
      expect(r.stdout).toMatch(/1 deletion\(s\) not deployed \(pass --allow-deletes/);
      expect(r.code).toBe(0);
      const calls = deployCalls(r.log);
      expect(calls).toHaveLength(1);
      // In Metadata API format SDR sends a field inside its object's file, holding only that field.
      expect(calls[0]!.components).toEqual(['CustomObject:Patient_Record__c']);
      const manifest = readFileSync(path.join(r.pack, 'package.xml'), 'utf8');
      expect(manifest).toContain('<members>Patient_Record__c.Diagnosis__c</members>');
      expect(manifest.match(/<members>/g)).toHaveLength(1);
      expect(manifest).not.toContain('PatientController');
      expect(existsSync(path.join(r.pack, 'destructiveChangesPost.xml'))).toBe(false);
      // with --allow-deletes the deletion goes to a destructive manifest (built from the file as of the ref)
      const d = await deploy(emu, ['--delta', 'HEAD', '--allow-deletes'], dir);
      expect(d.code).toBe(0);
      const destructive = readFileSync(path.join(d.pack, 'destructiveChangesPost.xml'), 'utf8');
      expect(destructive).toContain('<members>Patient_Record__c.By_MRN</members>');
      expect(destructive).toContain('<name>ListView</name>');
      expect(readJson(d.pack, 'delta.json')).toMatchObject({ deletesSent: true });
    } finally {
      await emu.stop();
    }
  });

  it('--wait: a timed-out deploy reports its id; deploy resume <id> completes it', async () => {
    const emu = await startFixtureOrg('compliant', ['deploy-slow']);
    try {
      const r = await deploy(emu, ['--wait', '0.03']);
      expect(r.code).toBe(1);
      const id = /Deploy id: (0Af\w+)/.exec(r.stdout)?.[1];
      expect(id).toBeDefined();
      expect(r.stdout).toContain(`phi-guard deploy resume ${id} -o <org>`);
      expect(readJson(r.pack, 'release.json')).toMatchObject({ stoppedAt: 'timeout', deployId: id });
      const resumed = await deploy(emu, ['resume', id as string]);
      expect(resumed.stdout).toMatch(/Deploy succeeded/);
      expect(resumed.code).toBe(0);
      expect(deployCalls(resumed.log)).toHaveLength(1); // the same deploy, followed, not sent again
      expect(emu.state.md('ApexClass').has('PatientController_Test')).toBe(true);
    } finally {
      await emu.stop();
    }
  });

  it('usage errors are one line and exit 2', async () => {
    const emu = await startFixtureOrg('compliant');
    try {
      for (const [args, text] of [
        [['--force'], /--force needs --reason/],
        [['--wait', 'soon'], /--wait must be a whole number of minutes/],
        [['resume', 'nope'], /"nope" is not a deploy id/],
        [['--bogus'], /Unknown flag: --bogus/]
      ] as const) {
        const r = await deploy(emu, [...args]);
        expect(r.code).toBe(2);
        expect(
          r.stderr
            .trim()
            .split('\n')
            .filter((l) => l.startsWith('Error:'))
        ).toEqual([expect.stringMatching(text)]);
        expect(existsSync(r.pack)).toBe(false);
      }
      expect(
        deployCalls((await (await fetch(`${emu.url}/__emulator/requests`)).json()) as LogEntry[])
      ).toEqual([]);
    } finally {
      await emu.stop();
    }
  });
});
