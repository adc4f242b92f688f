import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/server';
import type { RequestLogEntry } from '../../emulator/http-types';
import { connect } from '../emulator/helpers';
import { REPO_ROOT } from '../helpers/paths';
import { runInProcess } from '../helpers/run-in-process';
import { releaseCopy } from '../helpers/certificate';
import { breakSchema } from './fixture-org';

/**
 * This repository's own force-app through the whole release path, in `npm test` (DESIGN.md, "Tests"): the static
 * gate, the org preflight, the SDR deploy with RunLocalTests, the post-deploy verify and the evidence pack, against
 * the org emulator through the real CLI entry. The project is whatever force-app holds today: nothing here names
 * its components. Three runs share one gate cache (the dry run and the deploy gate identical inputs).
 */
const FORCE_APP = path.join(REPO_ROOT, 'force-app/main/default');

let work: string;
let home: string;
/** The release copy: force-app as this repository ships it, with its sample JWT certificate replaced. */
let release: string;
let packs = 0;
const started: Emulator[] = [];

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-force-app-release-'));
  home = path.join(work, 'home');
  mkdirSync(home);
  // The deploy gate refuses the sample certificate force-app ships (the sample-certificate release rule), so a
  // release does what README's "deploy" section tells an admin to do: replace it and acknowledge the new one.
  release = path.join(work, 'release');
  const replaced = Object.keys(releaseCopy(release));
  if (replaced.join() !== 'Ecommerce_Integration_glbloauth')
    throw new Error(`expected to replace the one sample certificate, replaced: ${replaced.join(', ')}`);
});
afterEach(async () => {
  for (const e of started.splice(0)) await e.stop();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function org(profile: 'compliant' | 'no-shield'): Promise<Emulator> {
  const emu = await startEmulator({ profile });
  started.push(emu);
  return emu;
}

async function deploy(emu: Emulator, args: string[], projectDir = release) {
  const pack = path.join(work, `pack-${++packs}`);
  const run = await runInProcess(
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
      path.join(work, 'gate-cache'),
      '--no-progress'
    ],
    { env: { SF_ACCESS_TOKEN: emu.token, HOME: home } }
  );
  return { ...run, pack, log: emu.requests() };
}

const json = <T = Record<string, unknown>>(dir: string, file: string) =>
  JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as T;

/** stderr without SDR's warning for the emulator's plain-http URL: what is left is an error. */
const errors = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.trim() && !/^Using insecure protocol: http: on url: http:\/\/127\.0\.0\.1:\d+$/.test(l));

const deployCalls = (log: RequestLogEntry[]) =>
  log.filter((e) => e.family === 'soap-metadata' && e.detail === 'deploy');

/** Every type:member of a package.xml (the pack's copy of what was sent). */
function manifestMembers(pack: string): [string, string][] {
  const xml = readFileSync(path.join(pack, 'package.xml'), 'utf8');
  const out: [string, string][] = [];
  for (const t of xml.matchAll(/<types>([\s\S]*?)<\/types>/g)) {
    const name = /<name>([^<]+)<\/name>/.exec(t[1] as string)?.[1] as string;
    for (const m of (t[1] as string).matchAll(/<members>([^<]+)<\/members>/g))
      out.push([name, m[1] as string]);
  }
  return out;
}

/** The test classes force-app ships: `<Class>_Test` by the project's convention for Apex tests. */
function testClassesInForceApp(): string[] {
  return readdirSync(path.join(FORCE_APP, 'classes'))
    .filter((f) => f.endsWith('_Test.cls'))
    .map((f) => f.replace(/\.cls$/, ''))
    .sort();
}

describe("this repository's force-app through the release path (org emulator)", () => {
  it(
    'deploy --dry-run, then deploy, to the compliant org: gate, preflight, every component, RunLocalTests, post-deploy verify, pack',
    async () => {
      const emu = await org('compliant');
      // The bundles as the profile loaded them from source (site.ts gives them their files, as an org would).
      const lwcBefore = new Map(emu.state.md('LightningComponentBundle'));
      const lwcBeforeJson = JSON.stringify([...lwcBefore]);
      const dry = await deploy(emu, ['--dry-run']);
      expect(errors(dry.stderr)).toEqual([]);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/metadata schema validation: passed/);
      expect(dry.stdout).toMatch(/Apex layers \(parser, apex-ls, PMD\): passed/);
      expect(dry.stdout).toMatch(/Validation succeeded \(checkOnly, the org is unchanged\)/);
      expect(json(dry.pack, 'release.json')).toMatchObject({ passed: true, stoppedAt: 'none' });
      // checkOnly: nothing applied (the very records the profile loaded from source, unchanged)
      const lwcAfterDry = emu.state.md('LightningComponentBundle');
      expect([...lwcAfterDry.keys()]).toEqual([...lwcBefore.keys()]);
      for (const [name, rec] of lwcAfterDry)
        expect([name, rec === lwcBefore.get(name)]).toEqual([name, true]);
      expect(JSON.stringify([...lwcAfterDry])).toBe(lwcBeforeJson);

      const real = await deploy(emu, []);
      expect(errors(real.stderr)).toEqual([]);
      expect(real.code).toBe(0);
      expect(real.stdout).toMatch(/Deploy succeeded: \d+ component\(s\) deployed/);
      expect(real.stdout).toMatch(/Post-deploy verify \(online, same org\)\n {2}passed/);
      const release = json(real.pack, 'release.json');
      expect(release).toMatchObject({ passed: true, stoppedAt: 'none' });
      for (const f of [
        'package.xml',
        'bundle.sha256',
        'gate.json',
        'preflight.json',
        'tests.json',
        'post-deploy.json'
      ])
        expect(existsSync(path.join(real.pack, f))).toBe(true);

      // Every member of the manifest succeeded, as the org reports it.
      const conn = await connect(emu);
      const status = await conn.metadata.checkDeployStatus(release.deployId as string, true);
      const successes = [status.details?.componentSuccesses ?? []].flat();
      const failures = [status.details?.componentFailures ?? []].flat();
      expect(failures).toEqual([]);
      const reported = new Set(successes.map((s) => `${s.componentType}:${s.fullName}`));
      const members = manifestMembers(real.pack);
      expect(members.length).toBeGreaterThan(100);
      const missing = members.filter(([type, m]) =>
        type === 'Settings' ? !reported.has(`${m}Settings:${m}`) : !reported.has(`${type}:${m}`)
      );
      expect(missing).toEqual([]);
      // ... and the org holds each component the zip carried, read by type: the LWC bundles with their files.
      const [call] = deployCalls(real.log).slice(-1);
      expect(call?.components?.length).toBeGreaterThan(90);
      for (const c of call?.components ?? []) {
        const [type, name] = c.split(/:(.*)/s) as [string, string];
        expect([c, emu.state.md(type).has(name)]).toEqual([c, true]);
      }
      const bundles = [...emu.state.md('LightningComponentBundle')];
      expect(bundles.length).toBe(
        readdirSync(path.join(FORCE_APP, 'lwc')).filter((d) => !d.startsWith('.')).length
      );
      for (const [name, rec] of bundles) {
        // A record the deploy stored (not the one loaded from source), with the zip's files.
        expect([name, rec === lwcBefore.get(name)]).toEqual([name, false]);
        const files = JSON.stringify(rec.lwcResources);
        expect([name, files.includes(`lwc/${name}/${name}.js`)]).toEqual([name, true]);
      }

      // RunLocalTests reported every test class force-app ships, none failing.
      const tests = json<{ testSuccesses: { className: string }[]; testFailures: unknown[] }>(
        real.pack,
        'tests.json'
      );
      expect(tests.testFailures).toEqual([]);
      const classes = [...new Set(tests.testSuccesses.map((t) => t.className))].sort();
      expect(classes).toEqual(expect.arrayContaining(testClassesInForceApp()));
      expect(testClassesInForceApp().length).toBeGreaterThan(10);
    },
    20 * 60_000
  );

  it(
    'deploy --without-shield to an org without Shield: deployed, the Shield-only elements are known gaps the post-deploy verify fails',
    async () => {
      const emu = await org('no-shield');
      const r = await deploy(emu, ['--without-shield']);
      expect(errors(r.stderr)).toEqual([]);
      expect(r.stdout).toMatch(/Deploy succeeded: \d+ component\(s\) deployed/);
      expect(r.code).toBe(1);
      const release = json(r.pack, 'release.json');
      expect(release).toMatchObject({ passed: false, stoppedAt: 'post-deploy verify' });
      const gaps = json<{ element: string; component: string }[]>(r.pack, 'known-gaps.json');
      expect(gaps.length).toBeGreaterThan(0);
      expect(gaps.some((g) => g.component.endsWith('PlatformEncryption.settings-meta.xml'))).toBe(true);
      // the failing checks are the known gaps' checks, nothing else
      const failing = [...r.stdout.matchAll(/FAIL ([A-Z]+-\d+): /g)].map((m) => m[1]).sort();
      expect(failing.length).toBeGreaterThan(0);
      expect(r.stdout).not.toMatch(/FAIL [A-Z]+-\d+: (?!known gap)/);
      // the Shield-only settings file was not sent
      const [call] = deployCalls(r.log).slice(-1);
      expect(call?.components?.length).toBeGreaterThan(90);
      expect(call?.components).not.toContain('PlatformEncryptionSettings:PlatformEncryption');
    },
    20 * 60_000
  );

  it(
    'an element force-app does not have, planted in a copy, stops the release at the gate: nothing is sent',
    async () => {
      const dir = path.join(work, 'planted');
      for (const f of ['sfdx-project.json', '.forceignore', 'config', 'force-app'])
        cpSync(path.join(REPO_ROOT, f), path.join(dir, f), { recursive: true });
      breakSchema(dir); // an element SessionSettings does not have
      const emu = await org('compliant');
      const r = await deploy(emu, [], dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(
        /Security\.settings-meta\.xml:\d+: <SecuritySettings\/sessionSettings\/notAField>/
      );
      expect(json(r.pack, 'release.json')).toMatchObject({ passed: false, stoppedAt: 'gate' });
      expect(deployCalls(r.log)).toEqual([]);
      expect(r.log.filter((e) => e.write)).toEqual([]);
    },
    20 * 60_000
  );
});
