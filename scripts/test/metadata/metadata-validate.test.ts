import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CANARY, expectNoCanary } from '../helpers/project';
import { fixture, REPO_ROOT } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';
import { runInProcess } from '../helpers/run-in-process';

const PLANTED = fixture('metadata', 'planted');
const MDAPI = fixture('metadata', 'mdapi');
const PS = 'force-app/main/default/permissionsets/Planted_Reader.permissionset-meta.xml';
const SETTINGS = 'force-app/main/default/settings/Security.settings-meta.xml';

describe('phi-guard metadata-validate (the npm test layer)', () => {
  // As `npm test` runs it: a child process (its exit code and stdout bytes), as are the runs that check a canary
  // never reaches the output (the planted project, and the malformed file). The other runs go through the real
  // CLI entry in this process (runInProcess).
  const run = runCli(['metadata-validate', '-d', PLANTED]);

  it('fails on planted files, naming file, line and element of each problem', () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${PS}:9: <PermissionSet/patientNote> unknown element`);
    expect(run.stdout).toContain(
      `${SETTINGS}:6: <SecuritySettings/sessionSettings/sessionTimeout> enum value not allowed for SessionTimeout`
    );
    expect(run.stdout).toContain('Diagnosis__c.field-meta.xml:9: <CustomField/trackHistory> not a boolean');
    expect(run.stdout).toContain(
      'Patient__c.object-meta.xml:15: <CustomObject/historyRetentionPolicy/gracePeriodDays>'
    );
    expect(run.stdout).toContain('Metadata validation failed: 4 problem(s).');
  });

  it('never prints the value of a bad element (canary)', () => {
    expectNoCanary(run.stdout, run.stderr);
    expect(run.stdout).not.toContain('FifteenMinutez');
    expect(run.stdout).not.toContain('Jane Roe');
  });

  it('prints the sf --json envelope', async () => {
    // In this process: the same validation of the same files as the child run above, which shows that nothing
    // (ours or a library's) writes a canary to the real stdout or stderr; here only the envelope is new.
    const json = await runInProcess(['metadata-validate', '-d', PLANTED, '--json']);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as {
      status: number;
      result: {
        filesChecked: number;
        problems: { file: string; line: number; path: string; kind: string }[];
      };
    };
    expect(out.status).toBe(1);
    expect(out.result.filesChecked).toBe(5);
    expect(out.result.problems.map((p) => [p.file, p.line, p.path, p.kind])).toContainEqual([
      PS,
      9,
      'PermissionSet/patientNote',
      'unknown-element'
    ]);
    expect(json.stdout).not.toContain(CANARY);
  });

  it('checks MDAPI-format projects too', async () => {
    const r = await runInProcess(['metadata-validate', '-d', MDAPI]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'src/objects/Visit__c.object:8: <CustomObject/fields/type> enum value not allowed for FieldType'
    );
    expect(r.stdout).toContain(
      'src/settings/Security.settings:5: <SecuritySettings/sessionSettings/enableXssProtection> unknown element'
    );
  });

  it("reports zero problems on this repository's force-app", async () => {
    const r = await runInProcess(['metadata-validate', '-d', REPO_ROOT]);
    expect(r.stdout).toContain('no problems');
    expect(r.code).toBe(0);
  });

  it('reports a malformed file and a file SDR cannot type, with one line each', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-md-'));
    try {
      cpSync(PLANTED, root, { recursive: true });
      writeFileSync(path.join(root, PS), `<PermissionSet>\n<label>${CANARY}</labl>\n</PermissionSet>\n`);
      writeFileSync(path.join(root, 'force-app/main/default/Odd.unknownType-meta.xml'), '<X/>');
      const r = runCli(['metadata-validate', '-d', root]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`${PS}:2: malformed XML`);
      expect(r.stdout).toContain('Odd.unknownType-meta.xml: SDR cannot map this file to a metadata type');
      expectNoCanary(r.stdout, r.stderr);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('exits 2 with one line on bad input', async () => {
    const missing = await runInProcess([
      'metadata-validate',
      '-d',
      path.join(os.tmpdir(), 'no-such-project-11')
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const flag = await runInProcess(['metadata-validate', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--bogus');
  });
});
