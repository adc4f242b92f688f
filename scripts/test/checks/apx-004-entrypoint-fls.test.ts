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

  it('covers @InvocableMethod, @RemoteAction and webservice methods, each on its own class, never test methods', () => {
    const { findings } = runCheck(entryPointWithoutFls, {
      ...fields,
      'classes/RxSoap.cls': `global with sharing class RxSoap {
    webservice static String drug(Id rxId) {
        return [SELECT Drug__c FROM Rx__c WHERE Id = :rxId].Drug__c;
    }
    public class Flow {
        @InvocableMethod
        public static List<Rx__c> rows(List<Id> ids) {
            return [SELECT Drug__c FROM Rx__c WHERE Id IN :ids];
        }
    }
    @RemoteAction
    static testMethod void notAnEntry() {
        List<Rx__c> r = [SELECT Drug__c FROM Rx__c];
    }
}
`
    });
    expect(findings.map((f) => [f.message, (f.location as { line: number }).line])).toEqual([
      ['RxSoap: webservice entry point returns PHI read without user mode or stripInaccessible', 2],
      ['RxSoap.Flow: @InvocableMethod entry point returns PHI read without user mode or stripInaccessible', 6]
    ]);
  });

  it('reads child subqueries through the child relationship name', () => {
    const child = {
      'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c'),
      'objects/Rx__c/fields/Pharmacy__c.field-meta.xml': phiField('Pharmacy__c', {
        complianceGroup: undefined,
        securityClassification: undefined,
        type: 'Lookup',
        referenceTo: 'Pharmacy__c',
        encryptionScheme: undefined
      })
    };
    const { findings } = runCheck(entryPointWithoutFls, {
      ...child,
      'classes/RxCtl.cls': ctrl('[SELECT Name, (SELECT Drug__c FROM Rxs__r) FROM Pharmacy__c]')
    });
    expect(findings.map((f) => f.component.name)).toEqual(['RxCtl']);
  });
});
