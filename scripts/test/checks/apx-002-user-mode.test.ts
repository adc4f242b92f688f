import { phiWithoutUserMode } from '../../src/checks/apx-002-user-mode';
import { phiField, runCheck } from '../helpers/project';

const field = { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') };

describe('APX-002 PHI SOQL and DML without user mode', () => {
  it('fires on system-mode SOQL, dynamic SOQL and DML on PHI objects, with lines', () => {
    const { findings } = runCheck(phiWithoutUserMode, {
      ...field,
      'classes/RxService.cls': `public with sharing class RxService {
    public static void touch(Id rxId) {
        List<Rx__c> rows = [SELECT Id, Drug__c FROM Rx__c WHERE Id = :rxId];
        List<Rx__c> more = Database.query('SELECT Id FROM Rx__c');
        update rows;
        insert new Rx__c();
    }
}
`
    });
    expect(findings.map((f) => [f.message, (f.location as { line: number }).line])).toEqual([
      ['RxService: SOQL query on Rx__c without user mode', 3],
      ['RxService: dynamic SOQL query on Rx__c without user mode', 4],
      ['RxService: update DML on Rx__c without user mode', 5],
      ['RxService: insert DML on Rx__c without user mode', 6]
    ]);
  });

  it('is quiet for user mode, stripInaccessible-free justified system mode, and non-PHI objects', () => {
    const { result } = runCheck(phiWithoutUserMode, {
      ...field,
      'classes/RxService.cls': `public with sharing class RxService {
    public static void touch(Id rxId) {
        List<Rx__c> rows = [SELECT Id, Drug__c FROM Rx__c WHERE Id = :rxId WITH USER_MODE];
        List<Rx__c> more = Database.query('SELECT Id FROM Rx__c', AccessLevel.USER_MODE);
        update as user rows;
        Database.insert(more, AccessLevel.USER_MODE);
        // phi-guard: system-mode the intake API user holds no PHI field access by design
        insert new Rx__c();
        List<Account> accounts = [SELECT Id FROM Account LIMIT 1];
        update accounts;
    }
}
`
    });
    expect(result.status).toBe('pass');
  });

  it('does not accept a marker without a reason; Apex that does not parse is not verified', () => {
    const { findings } = runCheck(phiWithoutUserMode, {
      ...field,
      'classes/A.cls':
        'public with sharing class A {\n    void f() {\n        // phi-guard: system-mode\n        insert new Rx__c();\n    }\n}\n',
      'classes/B.cls': 'public with sharing class B {\n    void f() {\n        insert new Rx__c()\n    }\n}\n'
    });
    expect(findings.filter((f) => !f.notVerified).map((f) => f.component.name)).toEqual(['A']);
    expect(findings.filter((f) => f.notVerified).map((f) => f.location)).toEqual([
      { file: 'force-app/main/default/classes/B.cls' }
    ]);
  });
});
