import { deployability } from '../../src/checks/dep-001-deployability';
import { CHECKS } from '../../src/checks/registry';
import { CANARY, expectNoCanary, md, runCheck, snapshotOf } from '../helpers/project';
import { fixture } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';
import { runChecks } from '../../src/engine/run-checks';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const permSet = (extra: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSet ${NS}>\n  <label>Clinician</label>\n${extra}\n</PermissionSet>\n`;

describe('DEP-001 metadata the Metadata API would reject', () => {
  it('is registered', () => {
    expect(CHECKS).toContain(deployability);
  });

  it('fires once per rejected file, at the first rejected element, naming file and line', () => {
    const { result, findings } = runCheck(deployability, {
      'permissionsets/Clinician.permissionset-meta.xml': permSet(
        `  <patientNote>${CANARY}</patientNote>\n  <hasActivationRequired>often</hasActivationRequired>`
      ),
      'objects/X__c/X__c.object-meta.xml': md.object()
    });
    expect(result.status).toBe('fail');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.location).toEqual({
      file: 'force-app/main/default/permissionsets/Clinician.permissionset-meta.xml',
      line: 4
    });
    expect(findings[0]!.message).toContain('<PermissionSet/patientNote> unknown element');
    expect(findings[0]!.message).toContain('1 more problem');
    expect(findings[0]!.component).toEqual({
      type: 'PermissionSet',
      name: 'force-app/main/default/permissionsets/Clinician.permissionset-meta.xml'
    });
    expectNoCanary(JSON.stringify(findings));
  });

  it('is quiet on deployable metadata', () => {
    const { result } = runCheck(deployability, {
      'permissionsets/Clinician.permissionset-meta.xml': permSet(''),
      'objects/X__c/X__c.object-meta.xml': md.object()
    });
    expect(result.status).toBe('pass');
  });

  it('leaves malformed XML to INP-001 (no double report)', () => {
    const { findings } = runCheck(deployability, {
      'permissionsets/Broken.permissionset-meta.xml': '<PermissionSet>\n<label>x</labl>\n</PermissionSet>'
    });
    expect(findings).toEqual([]);
  });

  it('makes the checks that read a rejected file not verified (fail closed)', () => {
    const snap = snapshotOf({
      'permissionsets/Clinician.permissionset-meta.xml': permSet('  <patientNote>x</patientNote>'),
      'objects/X__c/X__c.object-meta.xml': md.object()
    });
    expect(snap.gaps.grants?.[0]?.expected).toBe(
      'force-app/main/default/permissionsets/Clinician.permissionset-meta.xml'
    );
    const { checks } = runChecks(snap, new Date('2026-11-25T12:00:00Z'), CHECKS);
    const acc003 = checks.find((c) => c.id === 'ACC-003')!;
    expect(acc003.status).toBe('not-verified');
  });

  it('makes the retention fact unknown when a retention policy record is rejected', () => {
    const snap = snapshotOf({
      'objects/X__c/X__c.object-meta.xml': md.object(),
      'customMetadata/PHI_Retention_Policy.X.md-meta.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<CustomMetadata ${NS} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n  <label>X</label>\n  <protected>maybe</protected>\n  <values>\n    <field>Object__c</field>\n    <value xsi:type="xsd:string">X__c</value>\n  </values>\n</CustomMetadata>\n`
    });
    expect(snap.retention).toMatchObject({
      known: false,
      expected: 'force-app/main/default/customMetadata/PHI_Retention_Policy.X.md-meta.xml'
    });
    const { checks } = runChecks(snap, new Date('2026-11-25T12:00:00Z'), CHECKS);
    expect(checks.find((c) => c.id === 'LIF-001')!.status).toBe('not-verified');
  });
});

describe('verify on a project with rejected metadata', () => {
  const run = runCli(['verify', '-d', fixture('metadata', 'planted'), '--json']);
  const out = JSON.parse(run.stdout) as {
    result: {
      findings: { checkId: string; location: { file?: string; line?: number }; message: string }[];
      controls: { citation: string; status: string; checks: string[] }[];
      checks: { id: string; status: string }[];
    };
  };

  it('reports each rejected file as a finding with file and line', () => {
    expect(run.code).toBe(1);
    const dep = out.result.findings.filter((f) => f.checkId === 'DEP-001');
    expect(dep.map((f) => [f.location.file, f.location.line])).toEqual(
      expect.arrayContaining([
        ['force-app/main/default/permissionsets/Planted_Reader.permissionset-meta.xml', 9],
        ['force-app/main/default/settings/Security.settings-meta.xml', 6],
        ['force-app/main/default/objects/Patient__c/fields/Diagnosis__c.field-meta.xml', 9],
        ['force-app/main/default/objects/Patient__c/Patient__c.object-meta.xml', 15]
      ])
    );
  });

  it('does not verify the controls those files feed', () => {
    const status = (id: string) => out.result.checks.find((c) => c.id === id)!.status;
    expect(status('SES-001')).toBe('not-verified'); // the rejected Security.settings
    expect(status('ACC-003')).toBe('not-verified'); // the rejected permission set
    expect(status('ENC-001')).toBe('not-verified'); // the rejected field
    expect(out.result.controls.find((c) => c.citation === '164.312(a)(2)(iii)')!.status).toBe('not-verified');
  });

  it('never prints the value of a bad element (canary)', () => {
    expectNoCanary(run.stdout, run.stderr);
  });
});
