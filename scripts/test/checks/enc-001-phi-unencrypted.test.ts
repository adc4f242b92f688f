import { phiFieldUnencrypted } from '../../src/checks/enc-001-phi-unencrypted';
import { phiField, runCheck } from '../helpers/project';

describe('ENC-001 PHI field without encryption', () => {
  it('fires on a HIPAA field with no scheme or scheme None', () => {
    const { findings } = runCheck(phiFieldUnencrypted, {
      'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c', { encryptionScheme: undefined }),
      'objects/Rx__c/fields/Dose__c.field-meta.xml': phiField('Dose__c', { encryptionScheme: 'None' })
    });
    expect(findings.map((f) => [f.component.name, f.severity, f.hipaa])).toEqual([
      ['Rx__c.Dose__c', 'critical', ['164.312(a)(2)(iv)']],
      ['Rx__c.Drug__c', 'critical', ['164.312(a)(2)(iv)']]
    ]);
    expect(findings[0]!.location).toEqual({
      file: 'force-app/main/default/objects/Rx__c/fields/Dose__c.field-meta.xml',
      line: 9
    });
  });

  it('is quiet for encrypted PHI and for unclassified ordinary fields', () => {
    const { result } = runCheck(phiFieldUnencrypted, {
      'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c'),
      'objects/Rx__c/fields/Color__c.field-meta.xml': phiField('Color__c', {
        complianceGroup: 'PII',
        encryptionScheme: undefined
      })
    });
    expect(result.status).toBe('pass');
  });

  it('is not verified, without crashing, on a malformed field file', () => {
    const { result } = runCheck(phiFieldUnencrypted, {
      'objects/Rx__c/fields/Drug__c.field-meta.xml': '<CustomField><fullName>'
    });
    expect(result.status).toBe('not-verified');
  });
});
