import { withoutSharingPhi } from '../../src/checks/apx-001-without-sharing';
import { phiField, runCheck } from '../helpers/project';

const field = { 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') };
const cls = (decl: string, body = 'List<Rx__c> r = [SELECT Id FROM Rx__c WITH USER_MODE LIMIT 1];') =>
  `${decl} {\n    public void run() {\n        ${body}\n    }\n}\n`;

describe('APX-001 without sharing on PHI', () => {
  it('fires on without sharing, on inheriting it, and on an entry point with no sharing declaration', () => {
    const { findings } = runCheck(withoutSharingPhi, {
      ...field,
      'classes/Base.cls': cls('public without sharing virtual class Base'),
      'classes/Child.cls': cls('public class Child extends Base'),
      'classes/Api.cls':
        "@RestResource(urlMapping='/rx')\nglobal class Api {\n    @HttpGet\n    global static List<Rx__c> get() {\n        return [SELECT Id FROM Rx__c WITH USER_MODE LIMIT 5];\n    }\n}\n"
    });
    expect(findings.map((f) => [f.component.name, f.severity, f.message])).toEqual([
      [
        'Api',
        'high',
        'Api declares no sharing mode on an entry point, so it runs without sharing and touches PHI objects'
      ],
      ['Base', 'high', 'Base is declared without sharing and touches PHI objects'],
      ['Child', 'high', 'Child inherits without sharing from Base and touches PHI objects']
    ]);
  });

  it('accepts a without-sharing inner class only with a phi-guard: without-sharing reason directly before it', () => {
    const outer = (marker: string) =>
      `public with sharing class Sel {\n    public static Id find() {\n        return new Lookup().one();\n    }\n${marker}    private without sharing class Lookup {\n        Id one() {\n            // phi-guard: system-mode reads the Id only, for a caller with no share\n            return [SELECT Id FROM Rx__c WITH SYSTEM_MODE LIMIT 1].Id;\n        }\n    }\n}\n`;
    const justified = runCheck(withoutSharingPhi, {
      ...field,
      'classes/Sel.cls': outer(
        '    // phi-guard: without-sharing reads the Id only, for a caller with no share\n'
      )
    });
    expect(justified.result.status).toBe('pass');
    const noReason = runCheck(withoutSharingPhi, {
      ...field,
      'classes/Sel.cls': outer('    // phi-guard: without-sharing\n')
    });
    expect(noReason.findings.map((f) => [f.component.name, f.location])).toEqual([
      ['Sel.Lookup', { file: 'force-app/main/default/classes/Sel.cls', line: 6 }]
    ]);
    const unmarked = runCheck(withoutSharingPhi, { ...field, 'classes/Sel.cls': outer('') });
    expect(unmarked.findings.map((f) => f.component.name)).toEqual(['Sel.Lookup']);
  });

  it('is quiet for with-sharing classes and for without-sharing classes that never touch PHI', () => {
    const { result } = runCheck(withoutSharingPhi, {
      ...field,
      'classes/Good.cls': cls('public with sharing class Good'),
      'classes/Util.cls': cls('public without sharing class Util', 'Integer x = 1;')
    });
    expect(result.status).toBe('pass');
  });

  it('skips Apex that does not parse', () => {
    expect(
      runCheck(withoutSharingPhi, {
        ...field,
        'classes/Bad.cls': cls('public without sharing class Bad', 'List<Rx__c> r = [SELECT')
      }).result.status
    ).toBe('not-verified');
  });

  it('is not verified when the project has no PHI inventory (no PHI field, no data dictionary)', () => {
    const { result } = runCheck(withoutSharingPhi, {
      'classes/Loose.cls':
        'public without sharing class Loose {\n    void f() {\n        insert new Rx__c();\n    }\n}\n'
    });
    expect(result.status).toBe('not-verified');
  });
});
