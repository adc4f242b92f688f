import { familyOf } from '../../../src/posture/source/registry';
import { grantOf } from '../../../src/posture/source/readers/access';
import { parseXml } from '../../../src/posture/xml';
import { md, snapshotOf } from '../../helpers/project';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const doc = (root: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${NS}>\n${body}\n</${root}>\n`;

/**
 * The readers that see most of a large project's elements (field grants, custom fields) read each element's children
 * in one pass. They must read what a search per name read: the first element of each name, absent ones unset.
 */
describe('field grants', () => {
  it('read the first <field>, <readable> and <editable> of each grant, with its line, keyed lower-case', () => {
    const snap = snapshotOf({
      'permissionsets/A.permissionset-meta.xml': md.permset(
        [
          md.fieldPerm('Patient__c.Diagnosis__c', true, true),
          // Repeated elements: the first of each counts, as before.
          '    <fieldPermissions>\n        <readable>false</readable>\n        <field>Patient__c.MRN__c</field>\n' +
            '        <readable>true</readable>\n        <field>Patient__c.Other__c</field>\n    </fieldPermissions>',
          // No <field>: the grant is kept under "?".
          '    <fieldPermissions>\n        <readable>true</readable>\n    </fieldPermissions>'
        ].join('\n')
      ),
      // Another set and a profile name the same field (one in other case): each grant is its own, under one key.
      'permissionsets/B.permissionset-meta.xml': md.permset(md.fieldPerm('PATIENT__C.DIAGNOSIS__C', false)),
      'profiles/P.profile-meta.xml': md.profile(md.fieldPerm('Patient__c.Diagnosis__c', true))
    });
    const byName = new Map(snap.grants.map((g) => [g.name, g]));
    const a = byName.get('A')!.fields;
    expect([...a.keys()]).toEqual(['patient__c.diagnosis__c', 'patient__c.mrn__c', '?']);
    expect(a.get('patient__c.diagnosis__c')).toEqual({ read: true, edit: true, line: 4 });
    expect(a.get('patient__c.mrn__c')).toEqual({ read: false, edit: false, line: 9 });
    expect(a.get('?')).toEqual({ read: true, edit: false, line: 15 });
    expect([...byName.get('B')!.fields]).toEqual([
      ['patient__c.diagnosis__c', { read: false, edit: false, line: 4 }]
    ]);
    expect(byName.get('P')!.fields.get('patient__c.diagnosis__c')).toMatchObject({ read: true, edit: false });
  });

  it('are the same read by the platform-rule layer (one file, no load)', () => {
    const node = parseXml(md.permset(md.fieldPerm('Patient__c.MRN__c', true)));
    const g = grantOf(node, 'PermissionSet', { name: 'X', file: 'x', relFile: 'x', format: 'source' });
    expect([...g.fields]).toEqual([['patient__c.mrn__c', { read: true, edit: false, line: 4 }]]);
  });
});

describe('custom fields', () => {
  it('read the first of each element, and unset what is absent', () => {
    const snap = snapshotOf({
      'objects/Patient__c/Patient__c.object-meta.xml': md.object({ label: 'Patient' }),
      'objects/Patient__c/fields/Notes__c.field-meta.xml': doc(
        'CustomField',
        [
          '    <fullName>Notes__c</fullName>',
          '    <label>Notes</label>',
          '    <label>Second label</label>',
          '    <complianceGroup>HIPAA; PHI;</complianceGroup>',
          '    <encryptionScheme>ProbabilisticEncryption</encryptionScheme>',
          '    <trackHistory>false</trackHistory>',
          '    <type>LongTextArea</type>'
        ].join('\n')
      ),
      'objects/Patient__c/fields/Bare__c.field-meta.xml': doc(
        'CustomField',
        '    <fullName>Bare__c</fullName>\n    <complianceGroup></complianceGroup>'
      )
    });
    expect(snap.fields.get('patient__c.notes__c')).toMatchObject({
      id: 'Patient__c.Notes__c',
      label: 'Notes',
      complianceGroups: ['HIPAA', 'PHI'],
      encryptionScheme: 'ProbabilisticEncryption',
      schemeLine: 7,
      trackHistory: false,
      type: 'LongTextArea',
      standard: false
    });
    const bare = snap.fields.get('patient__c.bare__c')!;
    expect(bare.complianceGroups).toEqual([]);
    for (const k of [
      'label',
      'type',
      'description',
      'trackHistory',
      'encryptionScheme',
      'referenceTo'
    ] as const) {
      expect(bare[k]).toBeUndefined();
    }
  });
});

describe('familyOf', () => {
  it('finds a Metadata API file in its folder at any depth, and a site in experiences/ as a bundle', () => {
    expect(familyOf('src/deep/objects/Patient__c.object')).toMatchObject({
      format: 'mdapi',
      name: 'Patient__c'
    });
    expect(familyOf('objects/Patient__c.object')).toMatchObject({ format: 'mdapi' });
    // A folder whose name only contains the family's folder name is not it.
    expect(familyOf('src/myobjects/Patient__c.object')).toBeUndefined();
    expect(familyOf('Patient__c.object')).toBeUndefined();
    expect(familyOf('force-app/main/default/experiences/Portal1.site-meta.xml')).toMatchObject({
      family: { type: 'ExperienceBundle' },
      name: 'Portal1'
    });
    expect(familyOf('force-app/main/default/sites/Portal.site-meta.xml')).toMatchObject({
      family: { type: 'CustomSite' }
    });
  });
});
