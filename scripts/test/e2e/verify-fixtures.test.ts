import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHECKS } from '../../src/checks/registry';
import type { Finding } from '../../src/checks/types';
import { lineContaining } from '../helpers/lines';
import { fixture } from '../helpers/paths';
import { CANARY, expectNoCanary } from '../helpers/project';
import { runCli } from '../helpers/run-cli';
import { runInProcess } from '../helpers/run-in-process';

const env = { PHI_GUARD_NOW: '2026-11-25T12:00:00Z' };
const NONCOMPLIANT = fixture('posture', 'noncompliant');
const COMPLIANT = fixture('posture', 'compliant');
const FA = 'force-app/main/default';

interface Expect {
  checkId: string;
  file: string;
  needle?: string;
  citation: string;
}

/** Each failure pattern from the verify issue, with the file and line where it must be reported. */
const EXPECTED: Expect[] = [
  {
    checkId: 'ENC-001',
    file: `${FA}/objects/Patient_Record__c/fields/Diagnosis__c.field-meta.xml`,
    needle: '<CustomField',
    citation: '164.312(a)(2)(iv)'
  },
  {
    checkId: 'ENC-002',
    file: `${FA}/objects/Patient_Record__c/fields/Clinical_Notes__c.field-meta.xml`,
    needle: '<encryptionScheme>',
    citation: '164.312(a)(2)(iv)'
  },
  {
    checkId: 'ENC-003',
    file: `${FA}/objects/Patient_Record__c/listViews/By_MRN.listView-meta.xml`,
    needle: '<filters>',
    citation: '164.312(a)(2)(iv)'
  },
  {
    checkId: 'ENC-004',
    file: `${FA}/objects/Contact/fields/Birthdate.field-meta.xml`,
    needle: '<CustomField',
    citation: '164.312(a)(2)(iv)'
  },
  {
    checkId: 'ENC-005',
    file: `${FA}/settings/PlatformEncryption.settings-meta.xml`,
    needle: '<enableEncryptFieldHistory>',
    citation: '164.312(a)(2)(iv)'
  },
  {
    checkId: 'TLS-001',
    file: `${FA}/remoteSiteSettings/Pharmacy.remoteSite-meta.xml`,
    needle: '<url>',
    citation: '164.312(e)(1)'
  },
  {
    checkId: 'TLS-001',
    file: `${FA}/remoteSiteSettings/Lab_Results.remoteSite-meta.xml`,
    needle: '<url>',
    citation: '164.312(e)(2)(ii)'
  },
  {
    checkId: 'TLS-002',
    file: `${FA}/namedCredentials/Lab_Partner.namedCredential-meta.xml`,
    needle: '<namedCredentialParameters>',
    citation: '164.312(e)(1)'
  },
  {
    checkId: 'ACC-001',
    file: `${FA}/objects/Patient_Record__c/Patient_Record__c.object-meta.xml`,
    needle: '<sharingModel>',
    citation: '164.312(a)(1)'
  },
  {
    checkId: 'ACC-002',
    file: `${FA}/sharingRules/Patient_Record__c.sharingRules-meta.xml`,
    needle: '<sharingOwnerRules>',
    citation: '164.312(a)(1)'
  },
  {
    checkId: 'ACC-002',
    file: `${FA}/sharingRules/Patient_Record__c.sharingRules-meta.xml`,
    needle: '<sharingGuestRules>',
    citation: '164.312(a)(1)'
  },
  {
    checkId: 'ACC-003',
    file: `${FA}/permissionsets/Power_User.permissionset-meta.xml`,
    needle: '<userPermissions>',
    citation: '164.312(a)(1)'
  },
  {
    checkId: 'ACC-004',
    file: `${FA}/permissionsets/Customer_Support.permissionset-meta.xml`,
    needle: '<fieldPermissions>',
    citation: '164.308(a)(4)(ii)(B)'
  },
  {
    checkId: 'ACC-005',
    file: `${FA}/profiles/Portal Site Guest.profile-meta.xml`,
    needle: '<objectPermissions>',
    citation: '164.312(a)(1)'
  },
  {
    checkId: 'ACC-006',
    file: `${FA}/permissionsets/Customer_Support.permissionset-meta.xml`,
    needle: '<userPermissions>',
    citation: '164.502(b)'
  },
  {
    checkId: 'SES-001',
    file: `${FA}/settings/Security.settings-meta.xml`,
    needle: '<sessionTimeout>',
    citation: '164.312(a)(2)(iii)'
  },
  {
    checkId: 'SES-001',
    file: `${FA}/settings/Security.settings-meta.xml`,
    needle: '<forceLogoutOnSessionTimeout>',
    citation: '164.312(a)(2)(iii)'
  },
  {
    checkId: 'SES-002',
    file: `${FA}/settings/Security.settings-meta.xml`,
    needle: '<requireHttpOnly>',
    citation: '164.312(d)'
  },
  {
    checkId: 'SES-003',
    file: `${FA}/settings/Security.settings-meta.xml`,
    needle: '<minimumPasswordLength>',
    citation: '164.308(a)(5)(ii)(D)'
  },
  {
    checkId: 'OAU-001',
    file: `${FA}/settings/OauthOidc.settings-meta.xml`,
    needle: '<blockOAuthUnPwFlow>',
    citation: '164.312(d)'
  },
  {
    checkId: 'OAU-001',
    file: `${FA}/settings/OauthOidc.settings-meta.xml`,
    needle: '<blockOAuthUsrAgtFlow>',
    citation: '164.312(d)'
  },
  {
    checkId: 'OAU-002',
    file: `${FA}/connectedApps/Ecommerce_Sync.connectedApp-meta.xml`,
    needle: '<scopes>Full',
    citation: '164.312(d)'
  },
  {
    checkId: 'OAU-002',
    file: `${FA}/connectedApps/Ecommerce_Sync.connectedApp-meta.xml`,
    needle: '<refreshTokenPolicy>',
    citation: '164.312(d)'
  },
  {
    checkId: 'OAU-002',
    file: `${FA}/connectedApps/Ecommerce_Sync.connectedApp-meta.xml`,
    needle: '<isAdminApproved>',
    citation: '164.312(d)'
  },
  {
    checkId: 'OAU-002',
    file: `${FA}/connectedApps/Ecommerce_Sync.connectedApp-meta.xml`,
    needle: '<oauthConfig>',
    citation: '164.312(d)'
  },
  {
    checkId: 'AUD-001',
    file: `${FA}/objects/Patient_Record__c/fields/Diagnosis__c.field-meta.xml`,
    needle: '<CustomField',
    citation: '164.312(b)'
  },
  {
    checkId: 'AUD-002',
    file: `${FA}/objects/Patient_Record__c/Patient_Record__c.object-meta.xml`,
    needle: '<sharingModel>',
    citation: '164.312(b)'
  },
  {
    checkId: 'AUD-003',
    file: `${FA}/classes/PatientController.cls`,
    needle: '[SELECT',
    citation: '164.312(b)'
  },
  {
    checkId: 'AUD-004',
    file: `${FA}/permissionsets/Log_Maintenance.permissionset-meta.xml`,
    needle: '<objectPermissions>',
    citation: '164.312(c)(1)'
  },
  {
    checkId: 'AUD-004',
    file: `${FA}/objects/PHI_Access_Log__c/PHI_Access_Log__c.object-meta.xml`,
    needle: '<sharingModel>',
    citation: '164.312(b)'
  },
  {
    checkId: 'APX-001',
    file: `${FA}/classes/PatientController.cls`,
    needle: 'without sharing',
    citation: '164.312(a)(1)'
  },
  {
    checkId: 'APX-002',
    file: `${FA}/classes/PatientController.cls`,
    needle: '[SELECT',
    citation: '164.312(a)(1)'
  },
  {
    checkId: 'APX-002',
    file: `${FA}/classes/PatientController.cls`,
    needle: 'update rows',
    citation: '164.312(a)(1)'
  },
  {
    checkId: 'APX-003',
    file: `${FA}/classes/PatientController.cls`,
    needle: 'System.debug',
    citation: '164.312(b)'
  },
  {
    checkId: 'APX-004',
    file: `${FA}/classes/PatientController.cls`,
    needle: '@AuraEnabled',
    citation: '164.312(a)(1)'
  },
  {
    checkId: 'LIF-001',
    file: `${FA}/objects/Patient_Record__c/Patient_Record__c.object-meta.xml`,
    needle: '<sharingModel>',
    citation: '164.316(b)(2)(i)'
  },
  {
    checkId: 'LIF-002',
    file: 'config/compliance-register.json',
    needle: 'Nightly CSV export',
    citation: '164.308(a)(7)(ii)(A)'
  },
  {
    checkId: 'ORG-001',
    file: 'config/compliance-register.json',
    needle: '"securityTraining"',
    citation: '164.308(a)(5)(i)'
  },
  { checkId: 'ORG-001', file: 'config/compliance-register.json', citation: '164.308(a)(4)(ii)(C)' },
  {
    checkId: 'ORG-002',
    file: 'config/compliance-register.json',
    needle: '"Lab Partner"',
    citation: '164.308(b)(1)'
  },
  {
    checkId: 'ORG-002',
    file: `${FA}/installedPackages/acmehealth.installedPackage-meta.xml`,
    needle: '<InstalledPackage',
    citation: '164.314(a)(1)'
  },
  {
    checkId: 'PHI-001',
    file: `${FA}/objects/Patient_Record__c/fields/Allergy_Info__c.field-meta.xml`,
    needle: '<CustomField',
    citation: '164.308(a)(1)(ii)(A)'
  },
  {
    checkId: 'INP-001',
    file: `${FA}/classes/Broken.cls`,
    needle: 'Integer x = ;',
    citation: '164.312(a)(1)'
  },
  {
    checkId: 'INP-001',
    file: `${FA}/objects/Broken__c/Broken__c.object-meta.xml`,
    needle: '</lable>',
    citation: '164.312(a)(1)'
  }
];

/**
 * The other findings the project draws (secondary patterns of the same components). With EXPECTED
 * this is exhaustive: a finding in neither list fails the suite, so a check that starts firing where
 * it should not is caught like one that stops firing.
 */
const ALSO: [checkId: string, file: string, needle?: string][] = [
  // Both sides of a master-detail: Account (the parent to fix) and Contact (the PHI child that follows it).
  ['ACC-001', `${FA}/objects/Account/Account.object-meta.xml`, '<sharingModel>Read</sharingModel>'],
  // Contact is ControlledByParent: its PHI follows Account, and the child is judged with its parent.
  ['ACC-001', `${FA}/objects/Contact/Contact.object-meta.xml`, '<sharingModel>'],
  ['ACC-001', `${FA}/objects/Patient_Record__c/Patient_Record__c.object-meta.xml`, '<externalSharingModel>'],
  ['ACC-003', `${FA}/permissionsets/Power_User.permissionset-meta.xml`, '<objectPermissions>'],
  ['ENC-001', `${FA}/objects/Patient_Record__c/fields/Allergy_Info__c.field-meta.xml`, '<CustomField'],
  // The sharing rule filters on Diagnosis__c, which has no encryption at all: ENC-001 reports that, and
  // ENC-003 does not repeat it.
  ['ENC-005', `${FA}/settings/PlatformEncryption.settings-meta.xml`, '<enableDeterministicEncryption>'],
  ['AUD-001', `${FA}/objects/Patient_Record__c/Patient_Record__c.object-meta.xml`, '<sharingModel>'],
  ['AUD-002', `${FA}/objects/Contact/Contact.object-meta.xml`, '<sharingModel>'],
  ['OAU-002', `${FA}/connectedApps/Ecommerce_Sync.connectedApp-meta.xml`, '<isAdminApproved>'],
  ['ORG-002', 'config/compliance-register.json', '{'],
  ['SES-003', `${FA}/settings/Security.settings-meta.xml`, '<complexity>'],
  ['SES-003', `${FA}/settings/Security.settings-meta.xml`, '<expiration>'],
  ['SES-003', `${FA}/settings/Security.settings-meta.xml`, '<maxLoginAttempts>']
];

/** Files the fixture breaks on purpose: the only places a "not verified" finding may point. */
const BROKEN = {
  objects: `${FA}/objects/Broken__c/Broken__c.object-meta.xml`,
  apex: `${FA}/classes/Broken.cls`
};

/**
 * The noncompliant project runs as a child process, as a user runs it: its exit code, the --json envelope and
 * the console bytes (the canary). The rest of the file runs the real CLI entry in this process (runInProcess).
 */
describe('verify on a project with every failure pattern', () => {
  const run = runCli(['verify', '-d', NONCOMPLIANT, '--json'], { env });
  const out = JSON.parse(run.stdout) as {
    status: number;
    result: {
      findings: Finding[];
      controls: { citation: string; status: string }[];
      summary: { findings: Record<string, number> };
    };
    warnings: string[];
  };

  it('exits 1 with the sf CLI envelope', () => {
    expect(run.code).toBe(1);
    expect(out.status).toBe(1);
    expect(out.warnings).toEqual([]);
  });

  it.each(EXPECTED.map((e) => [e.checkId, e.needle ?? e.file, e] as const))(
    '%s is reported at %s',
    (_id, _n, e) => {
      const line = e.needle ? lineContaining(NONCOMPLIANT, e.file, e.needle) : undefined;
      const hit = out.result.findings.find(
        (f) =>
          f.checkId === e.checkId &&
          'file' in f.location &&
          f.location.file === e.file &&
          f.location.line === line
      );
      expect(hit).toBeDefined();
      expect(hit!.hipaa).toContain(e.citation);
      expect(hit!.remediation.length).toBeGreaterThan(10);
      expect(['critical', 'high', 'medium', 'low', 'info']).toContain(hit!.severity);
    }
  );

  it('every check fires somewhere except the org-only ones', () => {
    const fired = new Set(out.result.findings.map((f) => f.checkId));
    const expected = new Set(EXPECTED.map((e) => e.checkId));
    expect([...expected].filter((id) => !fired.has(id))).toEqual([]);
    expect(out.result.controls.find((c) => c.citation === '164.312(a)(2)(iii)')!.status).toBe('fail');
  });

  it('reports nothing beyond EXPECTED and ALSO (exhaustive)', () => {
    const key = (checkId: string, file: string, line?: number) => `${checkId} ${file}:${line ?? ''}`;
    const want = [
      ...EXPECTED.map((e) =>
        key(e.checkId, e.file, e.needle ? lineContaining(NONCOMPLIANT, e.file, e.needle) : undefined)
      ),
      ...ALSO.map(([id, file, needle]) =>
        key(id, file, needle ? lineContaining(NONCOMPLIANT, file, needle) : undefined)
      )
    ].sort();
    const got = out.result.findings
      .filter((f) => !f.notVerified)
      .map((f) =>
        key(
          f.checkId,
          'file' in f.location ? f.location.file : '',
          'file' in f.location ? f.location.line : 0
        )
      )
      .sort();
    expect(got).toEqual(want);
  });

  it('is not verified exactly where the broken files feed a check, and nowhere else', () => {
    const nv = out.result.findings.filter((f) => f.notVerified);
    const expected = CHECKS.flatMap((c) =>
      (['objects', 'apex'] as const).filter((k) => c.needs.includes(k)).map((k) => `${c.id} ${BROKEN[k]}`)
    ).sort();
    expect(nv.map((f) => `${f.checkId} ${'file' in f.location ? f.location.file : ''}`).sort()).toEqual(
      expected
    );
  });

  it('ignores unknown metadata types', () => {
    expect(
      out.result.findings.some((f) => 'file' in f.location && f.location.file.includes('UnknownThing'))
    ).toBe(false);
  });

  it('never prints a PHI value from the fixtures (canary), in JSON or on the console', () => {
    const consoleRun = runCli(['verify', '-d', NONCOMPLIANT], { env });
    expect(consoleRun.code).toBe(1);
    expect(consoleRun.stdout).toContain('ENC-001');
    expectNoCanary(run.stdout, run.stderr, consoleRun.stdout, consoleRun.stderr);
    expect(run.stdout + consoleRun.stdout).not.toContain(CANARY.slice(0, 10));
  });
});

describe('verify on the compliant twin', () => {
  it('is clean: exit 0, no findings, every offline control passes and org-only ones need --target-org', async () => {
    const run = await runInProcess(['verify', '-d', COMPLIANT, '--json'], { env });
    const out = JSON.parse(run.stdout);
    expect(out.result.findings).toEqual([]);
    expect(run.code).toBe(0);
    const statuses = new Set(out.result.checks.map((c: { status: string }) => c.status));
    expect([...statuses].sort()).toEqual(['pass', 'requires-org']);
    expect(
      out.result.checks
        .filter((c: { status: string }) => c.status === 'requires-org')
        .map((c: { id: string }) => c.id)
    ).toEqual(['ORG-101', 'ORG-102', 'ORG-103', 'ORG-104', 'ORG-105', 'ORG-106']);
  });
});

describe('verify policy and bad input', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tmp = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-e2e-'));
    dirs.push(d);
    return d;
  };

  it('--fail-on decides the exit code; a control not verified always fails', async () => {
    const d = tmp();
    cpSync(COMPLIANT, d, { recursive: true });
    // One medium finding: a PHI field that is not history-tracked (AUD-001).
    const field = path.join(
      d,
      'force-app/main/default/objects/Patient_Record__c/fields/MRN__c.field-meta.xml'
    );
    writeFileSync(
      field,
      readFileSync(field, 'utf8').replace(
        '<trackHistory>true</trackHistory>',
        '<trackHistory>false</trackHistory>'
      )
    );
    expect((await runInProcess(['verify', '-d', d, '--json'], { env })).code).toBe(0);
    const medium = await runInProcess(['verify', '-d', d, '--json', '--fail-on', 'medium'], { env });
    expect(medium.code).toBe(1);
    expect(JSON.parse(medium.stdout).result.findings.map((f: Finding) => f.checkId)).toEqual(['AUD-001']);
    // Without the register, ORG-001/ORG-002/LIF-002 are not verified: fail even at --fail-on critical.
    rmSync(path.join(d, 'config', 'compliance-register.json'));
    const r = await runInProcess(['verify', '-d', d, '--json', '--fail-on', 'critical'], { env });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(
      out.result.checks
        .filter((c: { status: string }) => c.status === 'not-verified')
        .map((c: { id: string }) => c.id)
    ).toEqual(['LIF-002', 'ORG-001', 'ORG-002']); // ORG-104/105 need an org first: offline they stay "requires org"
    expect(out.result.findings.filter((f: Finding) => f.notVerified)[0].location).toEqual({
      file: 'config/compliance-register.json'
    });
  });

  it('a missing project directory or sfdx-project.json exits 2 with one line', async () => {
    const missing = await runInProcess(['verify', '-d', 'no/such/project']);
    expect([missing.code, missing.stderr.trim()]).toEqual([
      2,
      'Error: Project directory not found: no/such/project'
    ]);
    const d = tmp();
    const noJson = await runInProcess(['verify', '-d', d]);
    expect(noJson.code).toBe(2);
    expect(noJson.stderr.trim().split('\n')).toHaveLength(1);
    expect(noJson.stderr).toContain('No sfdx-project.json');
  });

  it('malformed sfdx-project.json or register exits 2 naming the file and line', async () => {
    const d = tmp();
    writeFileSync(path.join(d, 'sfdx-project.json'), '{ "packageDirectories": [ }');
    const r = await runInProcess(['verify', '-d', d]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sfdx-project\.json:1: not valid JSON$/m);
    writeFileSync(path.join(d, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: '.' }] }));
    mkdirSync(path.join(d, 'config'));
    writeFileSync(
      path.join(d, 'config', 'compliance-register.json'),
      '{\n  "controls": {\n    "riskAnalysis": {"date": "soon"}\n  },\n  "baas": []\n}\n'
    );
    const r2 = await runInProcess(['verify', '-d', d]);
    expect([r2.code, r2.stderr.trim()]).toEqual([
      2,
      'Error: config/compliance-register.json:3: controls.riskAnalysis.date must be a date YYYY-MM-DD'
    ]);
  });

  it('--fail-on rejects an unknown severity and --target-org names an org that is not authorised', async () => {
    const bad = await runInProcess(['verify', '--fail-on', 'severe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'Error: Flag --fail-on does not accept "severe"; expected one of: critical, high, medium, low, info.'
    );
    const org = await runInProcess(['verify', '-o', 'myorg']);
    expect(org.code).toBe(2);
    expect(org.stderr.trim()).toBe(
      'Error: --target-org myorg: no org authorised with that alias or username; run sf org login web -a myorg'
    );
  });
});
