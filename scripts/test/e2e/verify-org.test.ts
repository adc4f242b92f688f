import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../../src/checks/types';
import { REPO_ROOT } from '../helpers/paths';
import { runInProcess } from '../helpers/run-in-process';
import { allText, ORG_NOW, verifyAgainst, verifyInProcess, type OrgRun } from '../org/run-cli-async';

jest.setTimeout(300_000);

type Out = {
  status: number;
  warnings: string[];
  result: {
    source: { kind: string; apiCalls?: number };
    findings: Finding[];
    checks: { id: string; status: string; reason?: string }[];
  };
};

const active = (o: Out) => o.result.findings.filter((f) => !f.suppressed);
const statusOf = (o: Out, id: string) => o.result.checks.find((c) => c.id === id)?.status;

interface LogEntry {
  method: string;
  path: string;
  family: string;
  write: boolean;
  apiCall: boolean;
  detail?: string;
}

/** Reads only: GETs, plus POSTs that are composite query batches or SOAP read calls. */
function expectReadOnly(log: LogEntry[]) {
  expect(log.length).toBeGreaterThan(5);
  for (const e of log) {
    expect(e.write).toBe(false);
    expect(['GET', 'POST']).toContain(e.method);
    if (e.method === 'POST') {
      expect(['composite', 'soap-metadata']).toContain(e.family);
      if (e.family === 'soap-metadata') expect(e.detail).toMatch(/^(readMetadata|listMetadata)/);
    }
  }
}

/**
 * The compliant run is the CLI as a child process, as a pipeline runs it: its exit code, its stdout
 * and stderr, and @salesforce/core's log files under its HOME (the token canary). The other runs are
 * the same CLI entry in this process (so the org code counts towards coverage).
 */
describe('verify --target-org against the org emulator', () => {
  let compliant: OrgRun;
  let out: Out;
  let reports: string;

  beforeAll(async () => {
    reports = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-org-reports-'));
    compliant = await verifyAgainst('compliant', [
      '--json',
      '--format',
      'sarif,junit,html,md,csv',
      '--output-dir',
      reports
    ]);
    out = JSON.parse(compliant.stdout) as Out;
  });
  afterAll(() => {
    rmSync(reports, { recursive: true, force: true });
    rmSync(compliant.home, { recursive: true, force: true });
  });

  it('compliant profile: clean (exit 0), every control verified, calls reported', () => {
    expect(active(out)).toEqual([]);
    expect(
      out.result.checks.filter((c) => c.status === 'not-verified' || c.status === 'requires-org')
    ).toEqual([]);
    expect(compliant.code).toBe(0);
    expect(out.result.source).toMatchObject({ kind: 'org' });
    expect(out.result.source.apiCalls).toBeGreaterThan(5);
    expect(out.warnings.join('\n')).toMatch(/org: \d+ API call\(s\) used/);
    for (const id of ['ORG-101', 'ORG-102', 'ORG-103', 'ORG-104', 'ORG-105', 'ORG-106']) {
      expect(statusOf(out, id)).toBe('pass');
    }
  });

  it('issues only reads (asserted on the emulator request log)', () => {
    expectReadOnly(JSON.parse(compliant.requestLog) as LogEntry[]);
  });

  it('never prints, logs or writes the access token (canary)', () => {
    const canary = compliant.emu.token;
    expect(canary.length).toBeGreaterThan(20);
    const secretPart = canary.split('!')[1]!;
    // The token from the environment was not stored, not even encrypted: the run left HOME empty (no auth
    // file, alias, key, lock or @salesforce/core log file).
    expect(readdirSync(compliant.home, { recursive: true })).toEqual([]);
    for (const text of [
      compliant.stdout,
      compliant.stderr,
      compliant.requestLog,
      allText(reports),
      allText(compliant.home)
    ]) {
      expect(text).not.toContain(canary);
      expect(text).not.toContain(secretPart);
    }
  });

  it('parity: offline verify of this repo and online verify of the compliant profile agree on every shared check', async () => {
    const offline = await runInProcess(['verify', '-d', REPO_ROOT, '--json'], {
      env: { PHI_GUARD_NOW: ORG_NOW }
    });
    const off = JSON.parse(offline.stdout) as Out;
    const decided = (o: Out) =>
      new Map(
        o.result.checks.filter((c) => c.status === 'pass' || c.status === 'fail').map((c) => [c.id, c])
      );
    const offChecks = decided(off);
    const onChecks = decided(out);
    const shared = [...offChecks.keys()].filter((id) => onChecks.has(id));
    expect(shared.length).toBeGreaterThan(20);
    const key = (f: Finding) => `${f.checkId} ${f.component.type} ${f.component.name}: ${f.message}`;
    const findingsOf = (o: Out) =>
      active(o)
        .filter((f) => shared.includes(f.checkId))
        .map(key)
        .sort();
    expect(findingsOf(out)).toEqual(findingsOf(off));
    // A check that passes offline passes online; suppressed findings do not count (accepted exceptions).
    const verdict = (o: Out, id: string) => (active(o).some((f) => f.checkId === id) ? 'fail' : 'pass');
    expect(shared.map((id) => `${id} ${verdict(out, id)}`)).toEqual(
      shared.map((id) => `${id} ${verdict(off, id)}`)
    );
  });

  it('noncompliant profile: each org-side finding, with its HIPAA citation (child process)', async () => {
    const run = await verifyAgainst('noncompliant', ['--json']);
    rmSync(run.home, { recursive: true, force: true });
    const o = JSON.parse(run.stdout) as Out;
    expect(run.code).toBe(1);
    const found = (checkId: string, component: string) =>
      active(o).find((f) => f.checkId === checkId && f.component.name === component);
    const expected: [string, string, string][] = [
      ['ACC-002', 'Health_Intake__c.Clinical_Staff_Intakes', '164.312(a)(1)'],
      ['ACC-003', 'Support_Power_User', '164.312(a)(1)'],
      ['ENC-002', 'Contact.Allergies__c', '164.312(a)(2)(iv)'],
      ['SES-001', 'Security', '164.312(a)(2)(iii)'],
      ['TLS-001', 'Legacy_Lab_Feed', '164.312(e)(1)'],
      ['ORG-101', 'Data v1', '164.312(a)(2)(iv)'],
      ['ORG-102', 'dormant PHI users', '164.308(a)(5)(ii)(C)'],
      ['ORG-102', 'PHI users without MFA', '164.312(d)'],
      ['ORG-103', 'Score', '164.308(a)(8)'],
      ['ORG-104', 'rxinsight', '164.308(b)(1)'],
      ['ORG-105', 'Quick Sync Pro', '164.312(a)(1)']
    ];
    for (const [checkId, component, citation] of expected) {
      const f = found(checkId, component);
      expect(f && `${checkId} ${component}`).toBe(`${checkId} ${component}`);
      expect(f!.hipaa).toContain(citation);
      expect('api' in f!.location).toBe(true);
    }
    expectReadOnly(JSON.parse(run.requestLog) as LogEntry[]);
  });

  it('human output in process: summary on stdout, API calls and written reports on stderr, no token', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-org-human-'));
    try {
      const run = await verifyInProcess('noncompliant', ['--format', 'md,csv', '--output-dir', dir]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/ORG-105/);
      expect(run.stderr).toMatch(/org: \d+ API call\(s\) used \(\d+ of \d+ daily requests left\)/);
      expect(readdirSync(dir).sort()).toEqual(['phi-guard.csv', 'phi-guard.md']);
      for (const text of [run.stdout, run.stderr, allText(dir)]) expect(text).not.toContain(run.emu.token);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no-shield profile: encryption is not verified (exit 1, with the reason; child process)', async () => {
    const run = await verifyAgainst('no-shield', ['--json']);
    rmSync(run.home, { recursive: true, force: true });
    const o = JSON.parse(run.stdout) as Out;
    expect(run.code).toBe(1);
    const org101 = o.result.checks.find((c) => c.id === 'ORG-101')!;
    expect(org101).toMatchObject({
      status: 'not-verified',
      reason: expect.stringMatching(/TenantSecret.*INVALID_TYPE/)
    });
    const enc005 = o.result.checks.find((c) => c.id === 'ENC-005')!;
    expect(enc005).toMatchObject({
      status: 'not-verified',
      reason: expect.stringMatching(/PlatformEncryptionSettings/)
    });
  });
});
