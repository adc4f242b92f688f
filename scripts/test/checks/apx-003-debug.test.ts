import { debugPhi } from '../../src/checks/apx-003-debug';
import { CANARY, expectNoCanary, phiField, runCheck } from '../helpers/project';

const field = { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') };

describe('APX-003 System.debug of PHI', () => {
  it('fires on a PHI field and on a whole PHI record, never echoing literals', () => {
    const { findings } = runCheck(debugPhi, {
      ...field,
      'classes/RxDebug.cls': `public with sharing class RxDebug {
    public static void run(Rx__c rx) {
        System.debug('drug: ' + rx.Drug__c + ' ${CANARY}');
        System.debug(rx);
    }
}
`
    });
    expect(findings.map((f) => [f.message, (f.location as { line: number }).line])).toEqual([
      ['RxDebug: System.debug writes PHI field Drug__c', 3],
      ['RxDebug: System.debug writes a whole Rx__c record (rx)', 4]
    ]);
    expectNoCanary(JSON.stringify(findings));
  });

  it('is quiet for ids and counts', () => {
    const { result } = runCheck(debugPhi, {
      ...field,
      'classes/RxDebug.cls':
        'public with sharing class RxDebug {\n    public static void run(Rx__c rx, List<Rx__c> rows) {\n        System.debug(rx.Id);\n        System.debug(rows.size());\n    }\n}\n'
    });
    expect(result.status).toBe('pass');
  });

  it('skips Apex that does not parse', () => {
    expect(
      runCheck(debugPhi, {
        ...field,
        'classes/X.cls': 'public class X { void f() { System.debug(rx.Drug__c) } }'
      }).result.status
    ).toBe('not-verified');
  });
});
