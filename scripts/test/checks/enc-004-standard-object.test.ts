import { standardObjectPhiUnencrypted } from '../../src/checks/enc-004-standard-object';
import { md, runCheck } from '../helpers/project';

const standardField = (name: string, o: Record<string, string | undefined> = {}) =>
  md.raw(
    'CustomField',
    Object.entries({ fullName: name, complianceGroup: 'HIPAA', ...o })
      .filter(([, v]) => v)
      .map(([k, v]) => `    <${k}>${v}</${k}>`)
      .join('\n')
  );

describe('ENC-004 PHI on standard objects left unencrypted', () => {
  it('fires on a HIPAA standard field and a PHI custom field on a standard object', () => {
    const { findings } = runCheck(standardObjectPhiUnencrypted, {
      'objects/Contact/fields/Birthdate.field-meta.xml': standardField('Birthdate'),
      'objects/Contact/fields/Insurance_Id__c.field-meta.xml': md.field('Insurance_Id__c', {
        complianceGroup: 'HIPAA'
      })
    });
    expect(findings.map((f) => [f.component.name, f.severity])).toEqual([
      ['Contact.Birthdate', 'critical'],
      ['Contact.Insurance_Id__c', 'critical']
    ]);
  });

  it('is quiet when standard PHI is encrypted', () => {
    const { result } = runCheck(standardObjectPhiUnencrypted, {
      'objects/Contact/fields/Birthdate.field-meta.xml': standardField('Birthdate', {
        encryptionScheme: 'ProbabilisticEncryption'
      })
    });
    expect(result.status).toBe('pass');
  });

  it('treats probable PHI by name (Birthdate) as PHI even when unclassified', () => {
    const { findings, result } = runCheck(standardObjectPhiUnencrypted, {
      'objects/Contact/fields/Birthdate.field-meta.xml': standardField('Birthdate', {
        complianceGroup: undefined
      }),
      'objects/Contact/fields/Broken.field-meta.xml': '<CustomField>'
    });
    // The readable field is still judged; the unreadable one makes the check not verified.
    expect(findings.map((f) => [f.component.name, !!f.notVerified])).toEqual([
      ['Contact.Birthdate', false],
      ['PHI on a standard object left unencrypted', true]
    ]);
    expect(result.status).toBe('not-verified');
  });
});
