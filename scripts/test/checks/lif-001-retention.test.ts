import { phiRetentionPolicy } from '../../src/checks/lif-001-retention';
import { md, phiField, runCheck } from '../helpers/project';

const record = (object: string, active = true) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<CustomMetadata xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
    <label>${object}</label>
    <values>
        <field>Object_Name__c</field>
        <value xsi:type="xsd:string">${object}</value>
    </values>
    <values>
        <field>Active__c</field>
        <value xsi:type="xsd:boolean">${active}</value>
    </values>
</CustomMetadata>
`;
const base = {
  'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c'),
  'objects/Intake__c/fields/Notes__c.field-meta.xml': phiField('Notes__c', {
    type: 'LongTextArea',
    length: 4000
  }),
  'objects/PHI_Retention_Policy__mdt/PHI_Retention_Policy__mdt.object-meta.xml': md.raw(
    'CustomObject',
    '    <label>Policy</label>'
  )
};

describe('LIF-001 retention policy per PHI object', () => {
  it('fires for PHI objects without an active policy record', () => {
    const { findings } = runCheck(phiRetentionPolicy, {
      ...base,
      'customMetadata/PHI_Retention_Policy.Rx.md-meta.xml': record('Rx__c', false)
    });
    expect(findings.map((f) => f.message)).toEqual([
      'PHI object Intake__c has no active PHI_Retention_Policy__mdt record',
      'PHI object Rx__c has no active PHI_Retention_Policy__mdt record'
    ]);
  });

  it('passes when every PHI object has one', () => {
    const { result } = runCheck(phiRetentionPolicy, {
      ...base,
      'customMetadata/PHI_Retention_Policy.Rx.md-meta.xml': record('Rx__c'),
      'customMetadata/PHI_Retention_Policy.Intake.md-meta.xml': record('Intake__c')
    });
    expect(result.status).toBe('pass');
  });

  it('is not verified when the project has no retention type at all; a malformed record makes the policy unknown', () => {
    expect(
      runCheck(phiRetentionPolicy, { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') })
        .result.status
    ).toBe('not-verified');
    const { findings } = runCheck(phiRetentionPolicy, {
      ...base,
      'customMetadata/PHI_Retention_Policy.Rx.md-meta.xml': '<CustomMetadata>'
    });
    expect(findings.map((f) => [f.notVerified, f.location])).toEqual([
      [true, { file: 'force-app/main/default/customMetadata/PHI_Retention_Policy.Rx.md-meta.xml' }]
    ]);
  });
});
