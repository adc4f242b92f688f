import { entryPointWithoutFls } from '../../src/checks/apx-004-entrypoint-fls';
import { phiField, runCheck } from '../helpers/project';

const fields = {
  'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c'),
  'objects/Rx__c/fields/Patient__c.field-meta.xml': phiField('Patient__c', {
    complianceGroup: undefined,
    type: 'Lookup',
    referenceTo: 'Contact',
    encryptionScheme: undefined
  }),
  'objects/Contact/fields/Mrn__c.field-meta.xml': phiField('Mrn__c')
};
const ctrl = (soql: string, extra = '') => `public with sharing class RxCtl {
    @AuraEnabled
    public static List<Rx__c> get() {
        List<Rx__c> rows = ${soql};
${extra}
        return rows;
    }
}
`;

describe('APX-004 entry point returns PHI without FLS', () => {
  it('fires when an @AuraEnabled method selects PHI (also across relationships) in system mode', () => {
    const { findings } = runCheck(entryPointWithoutFls, {
      ...fields,
      'classes/RxCtl.cls': ctrl('[SELECT Id, Patient__r.Mrn__c FROM Rx__c LIMIT 10]')
    });
    expect(findings).toEqual([
      expect.objectContaining({
        message: 'RxCtl: @AuraEnabled entry point returns PHI read without user mode or stripInaccessible',
        location: { file: 'force-app/main/default/classes/RxCtl.cls', line: 2 }
      })
    ]);
  });

  it('is quiet with WITH USER_MODE or stripInaccessible', () => {
    expect(
      runCheck(entryPointWithoutFls, {
        ...fields,
        'classes/RxCtl.cls': ctrl('[SELECT Id, Drug__c FROM Rx__c WITH USER_MODE LIMIT 10]')
      }).result.status
    ).toBe('pass');
    expect(
      runCheck(entryPointWithoutFls, {
        ...fields,
        'classes/RxCtl.cls': ctrl(
          '[SELECT Id, Drug__c FROM Rx__c LIMIT 10]',
          '        rows = Security.stripInaccessible(AccessType.READABLE, rows).getRecords();'
        )
      }).result.status
    ).toBe('pass');
  });

  it('skips Apex that does not parse', () => {
    expect(
      runCheck(entryPointWithoutFls, {
        ...fields,
        'classes/RxCtl.cls': ctrl('[SELECT Id, Drug__c FROM Rx__c')
      }).result.status
    ).toBe('not-verified');
  });
});
