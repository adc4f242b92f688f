import { apexPhiReadUnaudited } from '../../src/checks/aud-003-unaudited-read';
import { phiField, runCheck } from '../helpers/project';

const field = { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') };
const controller = (body: string) => `public with sharing class RxController {
    @AuraEnabled(cacheable=true)
    public static List<Rx__c> mine() {
        List<Rx__c> rows = [SELECT Id, Drug__c FROM Rx__c WITH USER_MODE LIMIT 50];
${body}
        return rows;
    }
}
`;

describe('AUD-003 PHI reads without the audit service', () => {
  it('fires on an entry point that reads PHI and never records it', () => {
    const { findings } = runCheck(apexPhiReadUnaudited, {
      ...field,
      'classes/RxController.cls': controller('')
    });
    expect(findings).toEqual([
      expect.objectContaining({
        checkId: 'AUD-003',
        message: 'RxController reads PHI (Rx__c.Drug__c) but never calls the PHI access audit service',
        location: { file: 'force-app/main/default/classes/RxController.cls', line: 4 }
      })
    ]);
  });

  it('is quiet when the class, or a class it delegates to, calls the audit service', () => {
    const { result } = runCheck(apexPhiReadUnaudited, {
      ...field,
      'classes/RxController.cls': controller('        RxAuditing.record(rows);'),
      'classes/RxAuditing.cls':
        'public with sharing class RxAuditing {\n    public static void record(List<Rx__c> rows) {\n        PhiAccessAudit.recordView(rows);\n    }\n}\n'
    });
    expect(result.status).toBe('pass');
  });

  it('does not analyse Apex that fails to parse (INP-001 reports it)', () => {
    const { result } = runCheck(apexPhiReadUnaudited, {
      ...field,
      'classes/RxController.cls': controller('        Integer x = ;')
    });
    expect(result.status).toBe('not-verified');
  });
});
