import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../../src/checks/types';
import { lineContaining } from '../helpers/lines';
import { fixture } from '../helpers/paths';
import { runInProcess } from '../helpers/run-in-process';

/**
 * Access paths and PHI detection, end to end: each pattern is laid over the compliant fixture and
 * run through the real loader and CLI. The findings must be exactly the expected ones (an unexpected
 * finding fails), each at its file and line, and the quiet twin must be clean.
 */
const env = { PHI_GUARD_NOW: '2026-11-25T12:00:00Z' };
const COMPLIANT = fixture('posture', 'compliant');
const D = 'force-app/main/default';
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const xml = (root: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${NS}>\n${body}\n</${root}>\n`;
const fieldPerm = (field: string, read = true) =>
  `    <fieldPermissions>\n        <editable>false</editable>\n        <field>${field}</field>\n        <readable>${read}</readable>\n    </fieldPermissions>`;
const permset = (label: string, body: string) => xml('PermissionSet', `    <label>${label}</label>\n${body}`);

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The compliant fixture with files added or replaced (paths relative to the project root). */
function project(files: Record<string, string>): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-access-'));
  dirs.push(d);
  cpSync(COMPLIANT, d, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(d, rel)), { recursive: true });
    writeFileSync(path.join(d, rel), text);
  }
  return d;
}

interface Out {
  result: { findings: Finding[]; checks: { id: string; status: string }[] };
}
/** `verify --json` through the real CLI entry in this process (the child-process runs are in verify-fixtures.test.ts). */
async function verify(dir: string): Promise<{ code: number | null; findings: string[]; raw: Finding[] }> {
  const run = await runInProcess(['verify', '-d', dir, '--json', '--fail-on', 'low'], { env });
  const out = JSON.parse(run.stdout) as Out;
  return {
    code: run.code,
    raw: out.result.findings,
    findings: out.result.findings.map(
      (f) =>
        `${f.checkId} ${f.component.name} ${'file' in f.location ? `${f.location.file}:${f.location.line}` : ''}`
    )
  };
}
const line = (dir: string, rel: string, needle: string) => lineContaining(dir, rel, needle);

describe('the compliant baseline', () => {
  it('is clean, so every finding below comes from its pattern', async () => {
    expect((await verify(project({}))).findings).toEqual([]);
  });
});

describe('permission set groups count minus their muting set', () => {
  const group = (muting: string) =>
    xml(
      'PermissionSetGroup',
      `    <label>Member Services Bundle</label>\n${muting ? `    <mutingPermissionSets>${muting}</mutingPermissionSets>\n` : ''}    <permissionSets>Clinical_Staff</permissionSets>\n    <status>Updated</status>`
    );
  const mute = (fields: string[]) =>
    xml(
      'MutingPermissionSet',
      `    <label>Member Services Mute</label>\n${fields.map((f) => fieldPerm(f)).join('\n')}`
    );

  it('a support-side group that bundles a clinical set reads PHI through it, at the set that grants it', async () => {
    const dir = project({
      [`${D}/permissionsetgroups/Member_Services_Bundle.permissionsetgroup-meta.xml`]:
        group('Member_Services_Mute'),
      [`${D}/mutingpermissionsets/Member_Services_Mute.mutingpermissionset-meta.xml`]: mute([
        'Patient_Record__c.Diagnosis__c'
      ])
    });
    const r = await verify(dir);
    const ps = `${D}/permissionsets/Clinical_Staff.permissionset-meta.xml`;
    // Diagnosis__c is muted; MRN__c still reaches the group through Clinical_Staff.
    expect(r.findings).toEqual([
      `ACC-004 Member_Services_Bundle ${ps}:${lineBefore(dir, ps, 'Patient_Record__c.MRN__c')}`
    ]);
    expect(r.raw[0]!.message).toBe(
      'PermissionSetGroup Member_Services_Bundle (via Clinical_Staff) (non-clinical persona) can read PHI field Patient_Record__c.MRN__c'
    );
    expect(r.code).toBe(1);
  });

  it('quiet twin: the muting set mutes every PHI field the bundle would read', async () => {
    const r = await verify(
      project({
        [`${D}/permissionsetgroups/Member_Services_Bundle.permissionsetgroup-meta.xml`]:
          group('Member_Services_Mute'),
        [`${D}/mutingpermissionsets/Member_Services_Mute.mutingpermissionset-meta.xml`]: mute([
          'Patient_Record__c.Diagnosis__c',
          'Patient_Record__c.MRN__c'
        ])
      })
    );
    expect(r.findings).toEqual([]);
  });
});

describe('per-profile session policies override the org-wide timeout', () => {
  const files = (minutes: number) => ({
    [`${D}/profiles/Clinician.profile-meta.xml`]: xml('Profile', fieldPerm('Patient_Record__c.Diagnosis__c')),
    [`${D}/profileSessionSettings/Clinician.profileSessionSetting-meta.xml`]: xml(
      'ProfileSessionSetting',
      `    <profile>Clinician</profile>\n    <sessionTimeout>${minutes}</sessionTimeout>`
    )
  });
  it('a PHI profile with a 2-hour timeout fails SES-001 at its element', async () => {
    const dir = project(files(120));
    const rel = `${D}/profileSessionSettings/Clinician.profileSessionSetting-meta.xml`;
    expect((await verify(dir)).findings).toEqual([
      `SES-001 Clinician ${rel}:${line(dir, rel, '<sessionTimeout>')}`
    ]);
  });
  it('quiet twin: 15 minutes', async () => {
    expect((await verify(project(files(15)))).findings).toEqual([]);
  });
});

describe('guest users reaching PHI through Apex', () => {
  const guest = (classes: string) =>
    xml('Profile', `${classes}    <custom>false</custom>\n    <userLicense>Guest User License</userLicense>`);
  const rel = `${D}/profiles/Portal Site Guest.profile-meta.xml`;
  it('a guest profile with access to a class that reads PHI fails ACC-005', async () => {
    const dir = project({
      [rel]: guest(
        '    <classAccesses>\n        <apexClass>PatientController</apexClass>\n        <enabled>true</enabled>\n    </classAccesses>\n'
      )
    });
    const r = await verify(dir);
    // ACC-005 (the guest runs Apex that reads PHI) and LWC-001 (a class with an entry point granted to a guest
    // can be called by anyone on the internet: exposure, issue 20 finding 12) each judge the same grant.
    expect(r.findings).toEqual([`ACC-005 Portal Site Guest ${rel}:2`, `LWC-001 Portal Site Guest ${rel}:2`]);
    expect(r.raw[0]!.message).toBe(
      'guest or site Profile Portal Site Guest can run Apex class PatientController, which reads PHI'
    );
  });
  it('quiet twin: the guest profile runs no PHI class', async () => {
    expect((await verify(project({ [rel]: guest('') }))).findings).toEqual([]);
  });
});

describe('persona words are whole, plural-aware words on tokenised names', () => {
  it('Member_Services and Customer_Care_Agent are support; Public_Health_Reporting is neither guest nor support', async () => {
    const mk = (label: string) => permset(label, fieldPerm('Patient_Record__c.MRN__c'));
    const dir = project({
      [`${D}/permissionsets/Member_Services.permissionset-meta.xml`]: mk('Member Services'),
      [`${D}/permissionsets/Customer_Care_Agent.permissionset-meta.xml`]: mk('Customer Care Agent'),
      [`${D}/permissionsets/Public_Health_Reporting.permissionset-meta.xml`]: mk('Public Health Reporting')
    });
    const r = await verify(dir);
    expect(r.findings.sort()).toEqual([
      `ACC-004 Customer_Care_Agent ${D}/permissionsets/Customer_Care_Agent.permissionset-meta.xml:4`,
      `ACC-004 Member_Services ${D}/permissionsets/Member_Services.permissionset-meta.xml:4`
    ]);
  });
});

describe('sharing through master-detail parents: both sides are judged', () => {
  const files = (parentModel: string) => ({
    [`${D}/objects/Visit__c/Visit__c.object-meta.xml`]: xml(
      'CustomObject',
      `    <enableHistory>true</enableHistory>\n    <externalSharingModel>Private</externalSharingModel>\n    <label>Visit</label>\n    <sharingModel>${parentModel}</sharingModel>`
    ),
    [`${D}/objects/Patient_Record__c/fields/Visit__c.field-meta.xml`]: xml(
      'CustomField',
      '    <fullName>Visit__c</fullName>\n    <label>Visit</label>\n    <referenceTo>Visit__c</referenceTo>\n    <relationshipName>Patient_Records</relationshipName>\n    <type>MasterDetail</type>'
    ),
    [`${D}/objects/Patient_Record__c/Patient_Record__c.object-meta.xml`]: readFileSync(
      path.join(COMPLIANT, D, 'objects/Patient_Record__c/Patient_Record__c.object-meta.xml'),
      'utf8'
    )
      .replace('<sharingModel>Private</sharingModel>', '<sharingModel>ControlledByParent</sharingModel>')
      .replace(
        '<externalSharingModel>Private</externalSharingModel>',
        '<externalSharingModel>ControlledByParent</externalSharingModel>'
      )
  });
  it('a public parent opens its PHI child: the child and the parent are each reported in their own file', async () => {
    const dir = project(files('ReadWrite'));
    const parent = `${D}/objects/Visit__c/Visit__c.object-meta.xml`;
    const child = `${D}/objects/Patient_Record__c/Patient_Record__c.object-meta.xml`;
    expect((await verify(dir)).findings.sort()).toEqual(
      [
        `ACC-001 Patient_Record__c ${child}:${line(dir, child, '<sharingModel>')}`,
        `ACC-001 Visit__c ${parent}:${line(dir, parent, '<sharingModel>')}`
      ].sort()
    );
  });
  it('quiet twin: a private parent', async () => {
    expect((await verify(project(files('Private')))).findings).toEqual([]);
  });
});

describe('PHI detection: names, clinical objects, dictionary, types Shield cannot encrypt, managed packages', () => {
  const field = (name: string, type: string, extra = '') =>
    xml(
      'CustomField',
      `    <fullName>${name}</fullName>\n    <label>${name.replace(/__c$/, '').replace(/_/g, ' ')}</label>\n${extra}    <type>${type}</type>`
    );
  const obj = `${D}/objects/Patient_Record__c/fields`;

  it('reports plural names, identifiers on a clinical object, a missing dictionary field, a Number PHI field and a vendor field', async () => {
    const dir = project({
      [`${obj}/Lab_Results__c.field-meta.xml`]: field('Lab_Results__c', 'Text', '    <length>80</length>\n'),
      [`${obj}/Seen_On__c.field-meta.xml`]: field('Seen_On__c', 'Date'),
      [`${obj}/Weight_Kg__c.field-meta.xml`]: field(
        'Weight_Kg__c',
        'Number',
        '    <complianceGroup>HIPAA</complianceGroup>\n    <precision>5</precision>\n    <scale>1</scale>\n    <securityClassification>Restricted</securityClassification>\n    <trackHistory>true</trackHistory>\n'
      ),
      [`${obj}/hcpkg__Procedure_Code__c.field-meta.xml`]: field(
        'hcpkg__Procedure_Code__c',
        'Text',
        '    <length>10</length>\n'
      ),
      'config/phi-data-dictionary.json': JSON.stringify(
        {
          version: 1,
          fields: [
            { field: 'Patient_Record__c.Policy_Number__c', phi: true, reason: 'health plan policy number' }
          ]
        },
        null,
        2
      )
    });
    const r = await verify(dir);
    expect(r.findings.sort()).toEqual(
      [
        `PHI-001 Patient_Record__c.Lab_Results__c ${obj}/Lab_Results__c.field-meta.xml:2`,
        `PHI-001 Patient_Record__c.Seen_On__c ${obj}/Seen_On__c.field-meta.xml:2`,
        `PHI-002 Patient_Record__c.Policy_Number__c config/phi-data-dictionary.json:${line(dir, 'config/phi-data-dictionary.json', 'Policy_Number__c')}`,
        `ENC-006 Patient_Record__c.Weight_Kg__c ${obj}/Weight_Kg__c.field-meta.xml:2`,
        `ORG-002 hcpkg ${obj}/hcpkg__Procedure_Code__c.field-meta.xml:2`,
        // The unclassified heuristic PHI is also unencrypted and untracked: ENC-001 and AUD-001 say so.
        `ENC-001 Patient_Record__c.Lab_Results__c ${obj}/Lab_Results__c.field-meta.xml:2`,
        `ENC-001 Patient_Record__c.Seen_On__c ${obj}/Seen_On__c.field-meta.xml:2`,
        `AUD-001 Patient_Record__c.Lab_Results__c ${obj}/Lab_Results__c.field-meta.xml:2`,
        `AUD-001 Patient_Record__c.Seen_On__c ${obj}/Seen_On__c.field-meta.xml:2`
      ].sort()
    );
    const detail = (id: string, name: string) =>
      r.raw.find((f) => f.checkId === id && f.component.name === name)!.message;
    expect(detail('PHI-001', 'Patient_Record__c.Lab_Results__c')).toContain('"lab result"');
    expect(detail('PHI-001', 'Patient_Record__c.Seen_On__c')).toContain('"date on a patient object"');
  });

  it('quiet twin: the same fields classified, encrypted and tracked, the dictionary field present, the vendor under a BAA', async () => {
    const classified = (name: string, type: string, extra: string, scheme = true) =>
      field(
        name,
        type,
        `    <complianceGroup>HIPAA</complianceGroup>\n${scheme ? '    <encryptionScheme>ProbabilisticEncryption</encryptionScheme>\n' : ''}${extra}    <securityClassification>Restricted</securityClassification>\n    <trackHistory>true</trackHistory>\n`
      );
    const register = JSON.parse(
      readFileSync(path.join(COMPLIANT, 'config/compliance-register.json'), 'utf8')
    ) as {
      baas: unknown[];
    };
    register.baas.push({
      vendor: 'HC Package Inc',
      namespace: 'hcpkg',
      signed: '2026-01-01',
      expires: '2027-12-31',
      handlesPhi: true
    });
    const dir = project({
      [`${obj}/Lab_Results__c.field-meta.xml`]: classified(
        'Lab_Results__c',
        'Text',
        '    <length>80</length>\n'
      ),
      [`${obj}/Seen_On__c.field-meta.xml`]: classified('Seen_On__c', 'Date', ''),
      [`${obj}/Policy_Number__c.field-meta.xml`]: classified(
        'Policy_Number__c',
        'Text',
        '    <length>40</length>\n'
      ),
      [`${obj}/hcpkg__Procedure_Code__c.field-meta.xml`]: field(
        'hcpkg__Procedure_Code__c',
        'Text',
        '    <length>10</length>\n'
      ),
      'config/phi-data-dictionary.json': JSON.stringify(
        {
          version: 1,
          fields: [
            { field: 'Patient_Record__c.Policy_Number__c', phi: true, reason: 'health plan policy number' }
          ]
        },
        null,
        2
      ),
      'config/compliance-register.json': JSON.stringify(register, null, 2)
    });
    expect((await verify(dir)).findings).toEqual([]);
  });
});

/** The line of the element that opens the block holding `needle` (a <fieldPermissions> for its field). */
function lineBefore(dir: string, rel: string, needle: string): number {
  const lines = readFileSync(path.join(dir, rel), 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes(needle));
  for (let i = at; i >= 0; i--) if (/<fieldPermissions>/.test(lines[i]!)) return i + 1;
  return at + 1;
}
