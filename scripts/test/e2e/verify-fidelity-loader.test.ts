import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../../src/checks/types';
import { CANARY, expectNoCanary } from '../helpers/canary';
import { lineContaining } from '../helpers/lines';
import { fixture } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';
import { runInProcess } from '../helpers/run-in-process';

const env = { PHI_GUARD_NOW: '2026-11-25T12:00:00Z' };
const F = (name: string) => fixture('fidelity', 'loader', name);
const COMPLIANT = fixture('posture', 'compliant');
const NONCOMPLIANT = fixture('posture', 'noncompliant');

interface Out {
  status: number;
  result: {
    findings: Finding[];
    checks: { id: string; status: string; reason?: string }[];
    controls: { citation: string; status: string }[];
    inputs: { files: number; sha256: string };
    summary: { filesRead: number };
    passed: boolean;
  };
}
/**
 * `verify -d <dir> --json` through the real CLI entry in this process. The canary tests below run the CLI as a
 * child process (runCli): they prove the bytes a user's terminal and files receive.
 */
const verify = async (dir: string, ...args: string[]) => {
  const run = await runInProcess(['verify', '-d', dir, '--json', ...args], { env });
  return { run, out: JSON.parse(run.stdout) as Out };
};
const at = (f: Finding) =>
  'file' in f.location ? `${f.location.file}:${f.location.line ?? ''}` : f.location.api;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const copy = (from: string) => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-fid-'));
  dirs.push(d);
  cpSync(from, d, { recursive: true });
  return d;
};

describe('Metadata API format projects are read in full', () => {
  it('the compliant project in Metadata API format is clean, like its source-format twin', async () => {
    const { run, out } = await verify(F('mdapi-compliant'));
    expect(out.result.findings).toEqual([]);
    expect(run.code).toBe(0);
    expect(out.result.summary.filesRead).toBeGreaterThan(20);
  });

  it('the noncompliant project in Metadata API format reports what the source format reports, at its own file and line', async () => {
    const src = (await verify(NONCOMPLIANT)).out.result.findings.filter(
      (f) => !f.notVerified && f.checkId !== 'INP-001'
    );
    const { run, out } = await verify(F('mdapi-noncompliant'));
    expect(run.code).toBe(1);
    const mdapi = out.result.findings.filter((f) => !f.notVerified && f.checkId !== 'INP-001');
    const key = (f: Finding) => `${f.checkId} ${f.severity} ${f.component.name} ${f.message}`;
    expect(mdapi.map(key).sort()).toEqual(src.map(key).sort());
    // Every finding points into the Metadata API files (or the register), never at a source-format path.
    for (const f of mdapi) expect(at(f)).toMatch(/^(src\/|config\/)/);
    const guest = mdapi.find((f) => f.checkId === 'ACC-005')!;
    expect(guest.location).toEqual({
      file: 'src/profiles/Portal Site Guest.profile',
      line: lineContaining(
        F('mdapi-noncompliant'),
        'src/profiles/Portal Site Guest.profile',
        '<objectPermissions>'
      )
    });
    const field = mdapi.find(
      (f) => f.checkId === 'ENC-001' && f.component.name === 'Patient_Record__c.Diagnosis__c'
    )!;
    expect(field.location).toEqual({
      file: 'src/objects/Patient_Record__c.object',
      // the <fields> element that holds <fullName>Diagnosis__c</fullName>
      line:
        lineContaining(
          F('mdapi-noncompliant'),
          'src/objects/Patient_Record__c.object',
          '<fullName>Diagnosis__c'
        ) - 1
    });
    const remote = mdapi.find((f) => f.checkId === 'TLS-001' && f.component.name === 'Pharmacy')!;
    expect(remote.location).toEqual({
      file: 'src/remoteSiteSettings/Pharmacy.remoteSite',
      line: lineContaining(F('mdapi-noncompliant'), 'src/remoteSiteSettings/Pharmacy.remoteSite', '<url>')
    });
  });
});

describe('a file that cannot be parsed is never a pass', () => {
  it('a malformed guest profile: ACC-005 is not verified under --fail-on critical, its control fails, and the run fails', async () => {
    const { run, out } = await verify(F('malformed-guest-profile'), '--fail-on', 'critical');
    expect(run.code).toBe(1);
    expect(out.result.passed).toBe(false);
    const file = 'force-app/main/default/profiles/Portal Site Guest.profile-meta.xml';
    expect(out.result.checks.find((c) => c.id === 'ACC-005')).toMatchObject({ status: 'not-verified' });
    expect(out.result.controls.find((c) => c.citation === '164.312(a)(1)')!.status).toBe('fail');
    expect(out.result.findings.filter((f) => f.checkId === 'INP-001').map((f) => [at(f), f.message])).toEqual(
      [[`${file}:8`, 'malformed XML: closing tag does not match the element opened on line 5']]
    );
    const nv = out.result.findings.find((f) => f.checkId === 'ACC-005' && f.notVerified)!;
    expect(nv.location).toEqual({ file });
    // Exhaustive: only the INP-001 finding and not-verified findings; nothing else is reported.
    expect(out.result.findings.filter((f) => !f.notVerified && f.checkId !== 'INP-001')).toEqual([]);
    expect(new Set(out.result.findings.filter((f) => f.notVerified).map((f) => at(f)))).toEqual(
      new Set([`${file}:`])
    );
  });

  it('quiet twin: the well-formed guest profile passes ACC-005', async () => {
    const { run, out } = await verify(COMPLIANT, '--fail-on', 'critical');
    expect(run.code).toBe(0);
    expect(out.result.checks.find((c) => c.id === 'ACC-005')!.status).toBe('pass');
  });

  it('the canary planted in broken XML reaches no output: console, --json, and every report format', () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-canary-'));
    dirs.push(outDir);
    const json = runCli(['verify', '-d', F('malformed-guest-profile'), '--json'], { env });
    const consoleRun = runCli(
      [
        'verify',
        '-d',
        F('malformed-guest-profile'),
        '--format',
        'sarif,junit,md,html,csv',
        '--output-dir',
        outDir
      ],
      { env }
    );
    expect(consoleRun.code).toBe(1);
    const reports = readdirSync(outDir).map((f) => readFileSync(path.join(outDir, f), 'utf8'));
    expect(reports).toHaveLength(5);
    expect(
      readFileSync(
        F('malformed-guest-profile/force-app/main/default/profiles/Portal Site Guest.profile-meta.xml'),
        'utf8'
      )
    ).toContain(CANARY);
    expectNoCanary(json.stdout, json.stderr, consoleRun.stdout, consoleRun.stderr, ...reports);
  });

  it('the canary planted in broken JSON reaches no output: exit 2 with the file and line only', () => {
    for (const args of [[], ['--json']]) {
      const run = runCli(['verify', '-d', F('broken-dictionary'), ...args], { env });
      expect(run.code).toBe(2);
      expectNoCanary(run.stdout, run.stderr);
      expect(run.stdout + run.stderr).toContain('config/phi-data-dictionary.json:3: not valid JSON');
    }
  });

  it('a symlink in a package directory is reported, not followed, and fails the run', async () => {
    const d = copy(COMPLIANT);
    symlinkSync('/etc', path.join(d, 'force-app/main/default/linked-dir'));
    const { run, out } = await verify(d);
    expect(run.code).toBe(1);
    expect(out.result.findings.map((f) => [f.checkId, at(f)])).toEqual([
      ['INP-001', 'force-app/main/default/linked-dir:']
    ]);
    expect(out.result.findings[0]!.message).toContain('symbolic link not followed');
  });
});

describe('package directories', () => {
  it('one outside the project root is refused with exit 2 and one line', async () => {
    const run = await runInProcess(['verify', '-d', F('package-dir-outside')], { env });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('package directory "../config-valid/force-app" is outside the project root');
  });

  it('quiet twin: a nested one is read once, the same files as the plain project', async () => {
    const nested = await verify(F('package-dir-nested'));
    const plain = await verify(COMPLIANT);
    expect(nested.run.code).toBe(0);
    expect(nested.out.result.findings).toEqual([]);
    expect(nested.out.result.summary.filesRead).toBe(plain.out.result.summary.filesRead);
  });
});

describe('config/phi-guard.json', () => {
  it('a value that would switch a check off is refused with the file and line', async () => {
    const run = await runInProcess(['verify', '-d', F('config-switches-check-off')], { env });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'Error: config/phi-guard.json:5: "auditServices" lists "System", a platform class every Apex file uses; it would mark every read as audited'
    );
  });

  it('quiet twin: a valid config is fingerprinted and its effect printed in the evidence pack', async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-cfg-'));
    dirs.push(outDir);
    const run = await runInProcess(
      ['verify', '-d', F('config-valid'), '--format', 'md', '--output-dir', outDir],
      {
        env
      }
    );
    expect(run.code).toBe(0);
    const pack = readFileSync(path.join(outDir, 'phi-guard.md'), 'utf8');
    expect(pack).toContain(
      '| Configuration | auditorPersonas = auditor, compliance, privacy officer (set by the project): '
    );
    expect(pack).toContain(
      '| Configuration | auditServices = PhiAccessAudit (default): Apex classes that count as auditing a PHI read (AUD-003) |'
    );
    const withConfig = (await verify(F('config-valid'))).out.result.inputs;
    const without = (await verify(COMPLIANT)).out.result.inputs;
    expect(withConfig.files).toBe(without.files + 1);
    expect(withConfig.sha256).not.toBe(without.sha256);
  });
});

describe('no PHI found and no data dictionary', () => {
  it('the checks that protect PHI are not verified, with the reason, pointing at the dictionary', async () => {
    const { run, out } = await verify(F('no-phi'));
    expect(run.code).toBe(1);
    const nv = out.result.checks.filter((c) => c.status === 'not-verified');
    expect(nv.map((c) => c.id)).toEqual(expect.arrayContaining(['PHI-001', 'ENC-001', 'ENC-002', 'ENC-004']));
    for (const c of nv) expect(c.reason).toContain('the PHI inventory is unknown');
    expect(new Set(out.result.findings.map((f) => [f.notVerified, at(f)].join(' ')))).toEqual(
      new Set(['true config/phi-data-dictionary.json:'])
    );
  });

  it('quiet twin: a dictionary that classifies the fields (here: not PHI) establishes the inventory', async () => {
    const { run, out } = await verify(F('no-phi-twin'));
    expect(out.result.findings).toEqual([]);
    expect(run.code).toBe(0);
  });
});
