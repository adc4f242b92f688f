import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths';
import { runInProcess } from '../helpers/run-in-process';

jest.setTimeout(300_000);

/**
 * What npm test guards: plant a guest-accessible PHI page, or give the site's guest profile Read on a
 * PHI object, in a copy of this repository's force-app, and verify fails (exit 1), naming the file.
 * verify-this-repo.test.ts runs the same command on the untouched repository, which passes.
 */

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function plant(file: string, change: (text: string) => string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-plant-'));
  dirs.push(dir);
  for (const f of ['force-app', 'config', 'sfdx-project.json', 'code-analyzer.yml'])
    cpSync(path.join(REPO_ROOT, f), path.join(dir, f), { recursive: true });
  const abs = path.join(dir, 'force-app/main/default', file);
  const before = readFileSync(abs, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(abs, after);
  return dir;
}

interface Out {
  result: {
    findings: {
      checkId: string;
      severity: string;
      message: string;
      location: { file: string; line?: number };
    }[];
  };
}

async function verify(dir: string) {
  const run = await runInProcess(['verify', '-d', dir, '--json']);
  return { code: run.code, out: JSON.parse(run.stdout) as Out };
}

describe('a planted site exposure fails verify, naming the file', () => {
  it('a guest-accessible page placing the prescriptions (page access Public)', async () => {
    const dir = plant('experiences/Patient_Portal1/routes/home.json', (t) =>
      t.replace('"pageAccess": "UseParent"', '"pageAccess": "Public"')
    );
    const { code, out } = await verify(dir);
    expect(code).toBe(1);
    expect(out.result.findings.filter((f) => f.checkId === 'SIT-001' && f.severity === 'critical')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          message: expect.stringContaining(
            'page Home is open to guests (page access Public) and places patientPrescriptions'
          ),
          location: {
            file: 'force-app/main/default/experiences/Patient_Portal1/views/home.json',
            line: expect.any(Number)
          }
        })
      ])
    );
  });

  it('the site opened to guests: its default page access reaches the PHI components', async () => {
    const dir = plant('experiences/Patient_Portal1/config/patientPortal.json', (t) =>
      t.replace('"isAvailableToGuests": false', '"isAvailableToGuests": true')
    );
    const { code, out } = await verify(dir);
    expect(code).toBe(1);
    const messages = out.result.findings.filter((f) => f.checkId === 'SIT-001').map((f) => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('places patientPrescriptions, which reaches PHI'),
        expect.stringContaining('places healthIntakeForm, which reaches PHI')
      ])
    );
  });

  it('the guest profile with Read on a PHI object', async () => {
    const dir = plant('profiles/Patient Portal Profile.profile-meta.xml', (t) =>
      t.replace(
        /<allowRead>false<\/allowRead>(\s*<modifyAllRecords>false<\/modifyAllRecords>\s*<object>Prescription__c<\/object>)/,
        '<allowRead>true</allowRead>$1'
      )
    );
    const { code, out } = await verify(dir);
    expect(code).toBe(1);
    expect(out.result.findings.filter((f) => f.checkId === 'ACC-005')).toEqual([
      expect.objectContaining({
        severity: 'critical',
        message: 'guest or site Profile Patient Portal Profile has access to PHI object Prescription__c',
        location: {
          file: 'force-app/main/default/profiles/Patient Portal Profile.profile-meta.xml',
          line: expect.any(Number)
        }
      })
    ]);
  });
});
