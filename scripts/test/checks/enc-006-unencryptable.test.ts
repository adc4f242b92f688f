import { phiFieldUnencrypted } from '../../src/checks/enc-001-phi-unencrypted';
import { phiUnencryptableType } from '../../src/checks/enc-006-unencryptable';
import { md, phiField, runCheck } from '../helpers/project';

const files = {
  'objects/Pt__c/Pt__c.object-meta.xml': md.object(),
  'objects/Pt__c/fields/Weight_Kg__c.field-meta.xml': phiField('Weight_Kg__c', {
    type: 'Number',
    precision: 5,
    scale: 1,
    length: undefined,
    encryptionScheme: undefined
  }),
  'objects/Pt__c/fields/Has_HIV__c.field-meta.xml': phiField('Has_HIV__c', {
    type: 'Checkbox',
    defaultValue: false,
    length: undefined,
    encryptionScheme: undefined
  }),
  'objects/Pt__c/fields/Notes__c.field-meta.xml': phiField('Notes__c', { encryptionScheme: undefined })
};

describe('ENC-006 PHI in a type Shield cannot encrypt', () => {
  it('fires with the compensating control for Number and Checkbox PHI, and ENC-001 does not call them unencrypted', () => {
    const { findings } = runCheck(phiUnencryptableType, files);
    expect(findings.map((f) => [f.component.name, f.severity, f.location])).toEqual([
      [
        'Pt__c.Has_HIV__c',
        'medium',
        { file: 'force-app/main/default/objects/Pt__c/fields/Has_HIV__c.field-meta.xml', line: 2 }
      ],
      [
        'Pt__c.Weight_Kg__c',
        'medium',
        { file: 'force-app/main/default/objects/Pt__c/fields/Weight_Kg__c.field-meta.xml', line: 2 }
      ]
    ]);
    expect(findings[0]!.message).toBe(
      'PHI field Pt__c.Has_HIV__c is of type Checkbox, which Shield Platform Encryption cannot encrypt'
    );
    expect(findings[0]!.remediation).toMatch(/field-level security/);
    expect(runCheck(phiFieldUnencrypted, files).findings.map((f) => f.component.name)).toEqual([
      'Pt__c.Notes__c'
    ]);
  });

  it('is quiet for encryptable types', () => {
    const { result } = runCheck(phiUnencryptableType, {
      'objects/Pt__c/fields/Seen_On__c.field-meta.xml': phiField('Seen_On__c', {
        type: 'Date',
        length: undefined
      })
    });
    expect(result.status).toBe('pass');
  });

  it('is not verified when a field file cannot be parsed', () => {
    const { result } = runCheck(phiUnencryptableType, {
      'objects/Pt__c/fields/Weight_Kg__c.field-meta.xml': '<CustomField><type>Number'
    });
    expect(['not-verified', 'pass']).toContain(result.status);
  });
});
