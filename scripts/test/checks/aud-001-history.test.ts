import { phiHistoryTracking } from '../../src/checks/aud-001-history';
import { md, phiField, runCheck } from '../helpers/project';

describe('AUD-001 history tracking on PHI', () => {
  it('fires on a PHI object without history and a PHI field not tracked', () => {
    const { findings } = runCheck(phiHistoryTracking, {
      'objects/Rx__c/Rx__c.object-meta.xml': md.object({ enableHistory: false }),
      'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c', { trackHistory: false })
    });
    expect(findings.map((f) => [f.message, f.hipaa])).toEqual([
      ['PHI field Rx__c.Drug__c is not history-tracked', ['164.312(b)', '164.312(c)(1)']],
      ['PHI object Rx__c does not enable field history', ['164.312(b)', '164.312(c)(1)']]
    ]);
  });

  it('passes tracked PHI', () => {
    const { result } = runCheck(phiHistoryTracking, {
      'objects/Rx__c/Rx__c.object-meta.xml': md.object(),
      'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c')
    });
    expect(result.status).toBe('pass');
  });

  it('a malformed object file: not verified (never a pass), pointing at the file', () => {
    const { result, findings } = runCheck(phiHistoryTracking, {
      'objects/Rx__c/Rx__c.object-meta.xml': '<CustomObject><enableHistory>false',
      'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c')
    });
    expect(result.status).toBe('not-verified');
    expect(findings.map((f) => [f.notVerified, f.location])).toEqual([
      [true, { file: 'force-app/main/default/objects/Rx__c/Rx__c.object-meta.xml' }]
    ]);
  });
});
