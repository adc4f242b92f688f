import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../../src/checks/types';
import { runCli } from '../helpers/run-cli';

/**
 * Issue 21 item 5, acceptance of issue 12 ("a project that has the pattern, run through the real loader
 * and CLI, with file and line, and a quiet twin"): the two recall paths on a project that shares nothing
 * with force-app or the check helpers. Its package directory is `clinic-app` with files in feature folders
 * (source format resolves by suffix, not by folder), and its object and names are its own. Each run is the
 * real CLI, `verify -d <project> --json`, in a child process.
 *
 * - A permission set group labelled for a non-clinical persona ("Pharmacy Support Desk", API name Tier2)
 *   reaches PHI through a member permission set with a neutral name (Records_Access): ACC-004, at the
 *   member's field grant.
 * - A profile that reaches PHI has its own ProfileSessionSetting.sessionTimeout (minutes) longer than the
 *   org's 15-minute policy: SES-001, at the setting's sessionTimeout line.
 *
 * Metadata shapes: PermissionSetGroup (label, permissionSets)
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_permissionsetgroup.htm;
 * ProfileSessionSetting (profile, sessionTimeout in minutes, 15 ... 1440)
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_profilesessionsetting.htm;
 * SecuritySettings.sessionSettings.sessionTimeout
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_securitysettings.htm.
 */
jest.setTimeout(300_000);

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const xml = (root: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${NS}>\n${body}</${root}>\n`;

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function project(groupLabel: string, profileMinutes: number, orgSettings = true): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-independent-'));
  roots.push(root);
  const files: Record<string, string> = {
    'sfdx-project.json': JSON.stringify({
      packageDirectories: [{ path: 'clinic-app', default: true }],
      namespace: '',
      sourceApiVersion: '62.0'
    }),
    'clinic-app/intake/objects/Visit_Note__c/Visit_Note__c.object-meta.xml': xml(
      'CustomObject',
      '    <label>Visit Note</label>\n    <pluralLabel>Visit Notes</pluralLabel>\n    <deploymentStatus>Deployed</deploymentStatus>\n    <enableHistory>true</enableHistory>\n    <sharingModel>Private</sharingModel>\n    <externalSharingModel>Private</externalSharingModel>\n    <nameField>\n        <label>Visit Note Name</label>\n        <type>AutoNumber</type>\n    </nameField>\n'
    ),
    'clinic-app/intake/objects/Visit_Note__c/fields/Symptoms__c.field-meta.xml': xml(
      'CustomField',
      '    <fullName>Symptoms__c</fullName>\n    <label>Symptoms</label>\n    <type>Text</type>\n    <length>255</length>\n    <complianceGroup>HIPAA</complianceGroup>\n    <securityClassification>Restricted</securityClassification>\n    <encryptionScheme>ProbabilisticEncryption</encryptionScheme>\n    <trackHistory>true</trackHistory>\n'
    ),
    // the member set: a neutral name and label, so only the group says who holds it
    'clinic-app/access/permissionsets/Records_Access.permissionset-meta.xml': xml(
      'PermissionSet',
      '    <label>Records Access</label>\n    <fieldPermissions>\n        <editable>false</editable>\n        <field>Visit_Note__c.Symptoms__c</field>\n        <readable>true</readable>\n    </fieldPermissions>\n    <objectPermissions>\n        <allowCreate>false</allowCreate>\n        <allowDelete>false</allowDelete>\n        <allowEdit>false</allowEdit>\n        <allowRead>true</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n        <object>Visit_Note__c</object>\n        <viewAllRecords>false</viewAllRecords>\n    </objectPermissions>\n'
    ),
    'clinic-app/access/permissionsetgroups/Tier2.permissionsetgroup-meta.xml': xml(
      'PermissionSetGroup',
      `    <label>${groupLabel}</label>\n    <permissionSets>Records_Access</permissionSets>\n    <status>Updated</status>\n`
    ),
    // a profile that reaches PHI through View All on the object
    'clinic-app/access/profiles/Front Office.profile-meta.xml': xml(
      'Profile',
      '    <custom>true</custom>\n    <objectPermissions>\n        <allowCreate>false</allowCreate>\n        <allowDelete>false</allowDelete>\n        <allowEdit>false</allowEdit>\n        <allowRead>true</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n        <object>Visit_Note__c</object>\n        <viewAllRecords>true</viewAllRecords>\n    </objectPermissions>\n'
    ),
    'clinic-app/access/profileSessionSettings/Front Office.profileSessionSetting-meta.xml': xml(
      'ProfileSessionSetting',
      `    <forceLogout>true</forceLogout>\n    <profile>Front Office</profile>\n    <sessionTimeout>${profileMinutes}</sessionTimeout>\n    <sessionTimeoutWarning>true</sessionTimeoutWarning>\n`
    ),
    'clinic-app/org/settings/Security.settings-meta.xml': xml(
      'SecuritySettings',
      '    <sessionSettings>\n        <forceLogoutOnSessionTimeout>true</forceLogoutOnSessionTimeout>\n        <sessionTimeout>FifteenMinutes</sessionTimeout>\n    </sessionSettings>\n'
    )
  };
  // many projects do not ship the org-wide settings: the profile's own value is still judged
  if (!orgSettings) delete files['clinic-app/org/settings/Security.settings-meta.xml'];
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function verify(root: string): { code: number | null; findings: Finding[] } {
  const home = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-home-'));
  roots.push(home);
  const run = runCli(['verify', '-d', root, '--json'], { env: { HOME: home } });
  return { code: run.code, findings: (JSON.parse(run.stdout).result as { findings: Finding[] }).findings };
}

const recall = (findings: Finding[]) =>
  findings
    .filter((f) => ['ACC-004', 'SES-001'].includes(f.checkId))
    .map((f) => [f.checkId, f.component.type, f.component.name, f.location]);

describe('recall on an independent project, through the CLI', () => {
  it('finds both paths, each at its file and line', () => {
    const { code, findings } = verify(project('Pharmacy Support Desk', 120));
    expect(code).toBe(1);
    expect(recall(findings)).toEqual(
      expect.arrayContaining([
        [
          'ACC-004',
          'PermissionSetGroup',
          'Tier2',
          { file: 'clinic-app/access/permissionsets/Records_Access.permissionset-meta.xml', line: 4 }
        ],
        [
          'SES-001',
          'ProfileSessionSetting',
          'Front Office',
          {
            file: 'clinic-app/access/profileSessionSettings/Front Office.profileSessionSetting-meta.xml',
            line: 5
          }
        ]
      ])
    );
    expect(recall(findings)).toHaveLength(2);
    const ses = findings.find((f) => f.checkId === 'SES-001')!;
    expect(ses.message).toContain('120 minutes, longer than the org-wide 15 minutes');
  });

  it('names the profile session setting when the project has no org-wide session settings', () => {
    const { code, findings } = verify(project('Pharmacy Technicians', 480, false));
    expect(code).toBe(1);
    expect(recall(findings)).toEqual([
      [
        'SES-001',
        'ProfileSessionSetting',
        'Front Office',
        {
          file: 'clinic-app/access/profileSessionSettings/Front Office.profileSessionSetting-meta.xml',
          line: 5
        }
      ],
      // and the control stays not verified: the org-wide value is unknown
      ['SES-001', 'Control', expect.any(String), expect.anything()]
    ]);
  });

  it('quiet twin: a clinical group and a 15-minute profile setting draw neither', () => {
    const { findings } = verify(project('Pharmacy Technicians', 15));
    expect(recall(findings)).toEqual([]);
  });
});
