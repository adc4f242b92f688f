import { apexFacts } from '../../src/posture/source/apex-facts';
import { CANARY, expectNoCanary } from '../helpers/project';

const facts = (src: string, file = 'classes/X.cls') => apexFacts(file, file, src);
const sites = (xs: { line: number; cls?: string; test?: boolean; stripped?: boolean }[]) =>
  xs.map((x) => [x.line, x.cls, !!x.test, !!x.stripped]);

describe('apexFacts: structure', () => {
  it('gives each inner class its own sharing, line and sites', () => {
    const f = facts(`public with sharing class Outer {
    public without sharing class Worker {
        List<Patient__c> read() { return [SELECT Id FROM Patient__c]; }
    }
    private class Plain {
        void f() { insert new Patient__c(); }
    }
    List<Account> a() { return [SELECT Id FROM Account]; }
}
`);
    expect(f.classes!.map((c) => [c.name, c.sharing, c.sharingLine, c.outer])).toEqual([
      ['Outer', 'with', 1, undefined],
      ['Outer.Worker', 'without', 2, 'Outer'],
      ['Outer.Plain', 'omitted', 5, 'Outer']
    ]);
    expect(sites(f.soql)).toEqual([
      [3, 'Outer.Worker', false, false],
      [8, 'Outer', false, false]
    ]);
    expect(f.dml.map((d) => [d.line, d.cls, d.sobject])).toEqual([[6, 'Outer.Plain', 'Patient__c']]);
    expect(f.sharing).toBe('with');
  });

  it('reads objects and fields of dynamic SOQL and SOSL from string literals', () => {
    const f = facts(`public with sharing class Dyn {
    void a() {
        List<SObject> r = Database.query('SELECT Lab_Results__c, Patient__r.Name FROM Patient__c WHERE Status__c = :s');
        String q = 'SELECT Id, Diagnosis__c ' + 'FROM Visit__c';
        q += ' WITH USER_MODE';
        List<SObject> v = Database.query(q);
        List<SObject> w = Database.query('SELECT Id FROM Visit__c', AccessLevel.USER_MODE);
        List<List<SObject>> s = Search.query('FIND \\'x\\' IN ALL FIELDS RETURNING Patient__c(Name, Phone__c), Account');
        List<List<SObject>> t = [FIND 'y' IN ALL FIELDS RETURNING Visit__c(Diagnosis__c) WITH USER_MODE];
        List<SObject> u = Database.query(buildQuery());
    }
}
`);
    expect(f.soql.map((q) => [q.line, q.object, q.fields, !!q.dynamic, !!q.sosl, q.enforced])).toEqual([
      [3, 'Patient__c', ['Lab_Results__c', 'Patient__r.Name'], true, false, false],
      [6, 'Visit__c', ['Id', 'Diagnosis__c'], true, false, true],
      [7, 'Visit__c', ['Id'], true, false, true],
      [8, 'Patient__c', ['Name', 'Phone__c'], true, true, false],
      [8, 'Account', [], true, true, false],
      [9, 'Visit__c', ['Diagnosis__c'], false, true, true],
      [10, undefined, [], true, false, false]
    ]);
    expect(f.soql[0]!.whereFields).toEqual(['Status__c']);
  });

  it('attributes child subqueries and semi-joins to their own FROM', () => {
    const f = facts(`public with sharing class Sub {
    void a() {
        List<Account> r = [SELECT Id, Name, (SELECT Lab_Results__c FROM Lab_Tests__r) FROM Patient__c
            WHERE Id IN (SELECT Patient__c FROM Visit__c WHERE Diagnosis__c = 'x') AND Region__c = 'N'];
    }
}
`);
    const q = f.soql[0]!;
    expect(q.object).toBe('Patient__c');
    expect(q.objects[q.objects.length - 1]).toBe('Patient__c');
    expect(q.fields).toEqual(['Id', 'Name']);
    expect(q.whereFields).toEqual(['Id', 'Region__c']);
    expect(q.subqueries).toEqual([
      { kind: 'child', from: 'Lab_Tests__r', fields: ['Lab_Results__c'] },
      { kind: 'semijoin', from: 'Visit__c', fields: ['Patient__c'] }
    ]);
  });

  it('judges stripInaccessible and user mode per statement', () => {
    const f = facts(`public with sharing class Strip {
    List<Patient__c> a() {
        List<Patient__c> rows = [SELECT Name FROM Patient__c];
        return Security.stripInaccessible(AccessType.READABLE, rows).getRecords();
    }
    List<Patient__c> b() {
        List<Patient__c> rows = [SELECT Name FROM Patient__c];
        return rows;
    }
    void c(List<Patient__c> recs) {
        SObjectAccessDecision d = Security.stripInaccessible(AccessType.CREATABLE, recs);
        insert d.getRecords();
        update recs;
        update as user recs;
    }
    List<Patient__c> e() {
        return Security.stripInaccessible(AccessType.READABLE, [SELECT Name FROM Patient__c]).getRecords();
    }
}
`);
    expect(f.soql.map((q) => [q.line, !!q.stripped])).toEqual([
      [3, true],
      [7, false],
      [17, true]
    ]);
    expect(f.dml.map((d) => [d.line, !!d.stripped, d.userMode])).toEqual([
      [12, true, false],
      [13, false, false],
      [14, false, true]
    ]);
  });

  it('finds every kind of entry point, on the class that declares it', () => {
    const f = facts(`@RestResource(urlMapping='/rx/*')
global with sharing class Api {
    @AuraEnabled(cacheable=true)
    public static String a() { return ''; }
    @InvocableMethod(label='Go')
    public static void b(List<Id> ids) {}
    @RemoteAction
    global static String c() { return ''; }
    webservice static String d() { return ''; }
    @HttpGet
    global static String e() { return ''; }
    global class Inner {
        @InvocableVariable public String v;
        @AuraEnabled public String p { get; set; }
    }
}
`);
    expect(f.classes![0]!.entryPoints.map((e) => [e.kind, e.line, e.method])).toEqual([
      ['RestResource', 1, undefined],
      ['AuraEnabled', 3, 'a'],
      ['InvocableMethod', 5, 'b'],
      ['RemoteAction', 7, 'c'],
      ['WebService', 9, 'd'],
      ['HttpMethod', 10, 'e']
    ]);
    expect(f.classes![1]!.entryPoints).toEqual([]);
  });

  it('identifies test code one way: @IsTest classes, their inner classes, and test methods', () => {
    const t = facts(`@IsTest(SeeAllData=false)
private class RxTest {
    class Helper { void h() { insert new Patient__c(); } }
    @IsTest static void one() { System.debug([SELECT Name FROM Patient__c]); }
}
`);
    expect(t.isTest).toBe(true);
    expect(t.classes!.map((c) => [c.name, c.isTest])).toEqual([
      ['RxTest', true],
      ['RxTest.Helper', true]
    ]);
    expect([...t.dml, ...t.soql, ...t.debug].every((x) => x.test)).toBe(true);
    expect(t.classes![0]!.testMethods).toEqual(['one']);
    const m = facts(`public class Mixed {
    static testMethod void legacy() { insert new Patient__c(); }
    @AuraEnabled public static void live() { insert new Patient__c(); }
}
`);
    expect(m.isTest).toBe(false);
    expect(m.dml.map((d) => [d.line, !!d.test])).toEqual([
      [2, true],
      [3, false]
    ]);
    expect(m.classes![0]!.testMethods).toEqual(['legacy']);
    expect(m.entryPoints.map((e) => e.method)).toEqual(['live']);
  });

  it('reports a syntax error by position and kind only, never the offending text', () => {
    const f = facts(`public with sharing class Broken {
    void f() {
        String s = ${CANARY} '${CANARY}';
    }
}
`);
    expect(f.parseError).toMatchObject({ line: 3 });
    expect(f.parseError!.message).toMatch(
      /^(unexpected token|unexpected extra token|missing token|unrecognised statement or expression|unrecognised character|syntax error)$/
    );
    expectNoCanary(JSON.stringify(f.parseError), JSON.stringify(f.debug));
  });
});
