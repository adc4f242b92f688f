import { mkdirSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { formatRuleProblem, validateRules } from '../../src/platform-rules/validate';
import { loadSfdxProject } from '../../src/project/sfdx-project';
import { md, writeProject } from '../helpers/project';

/**
 * The Apex rules on small synthetic projects: how calls are followed (inner classes, instance calls,
 * constructors, return types, base classes, asynchronous jobs, triggers), which sites count, whom a
 * System.runAs runs as, and how job names are evaluated.
 */
const cls = (name: string, body: string, test = false) => ({
  [`classes/${name}.cls`]: `${test ? '@IsTest\n' : ''}${body}\n`
});
const rules = (files: Record<string, string>) =>
  validateRules(loadSfdxProject(writeProject(files)), { release: false }).problems.map(formatRuleProblem);
const userMode = (lines: string[]) => lines.filter((l) => l.includes('[test-user-mode]'));
/** "Class.cls:line what" of each user-mode problem, for compact assertions. */
const sites = (lines: string[]) =>
  userMode(lines).map((l) => {
    const m =
      /classes\/(\w+\.cls):(\d+): \[test-user-mode\] test \S+ reaches (.+?) at .*?(?:classes|triggers)\/(\w+\.(?:cls|trigger)):(\d+)/.exec(
        l
      );
    return m ? `${m[1]}:${m[2]} ${m[3]} @${m[4]}:${m[5]}` : l;
  });

const SERVICE = cls(
  'RxService',
  [
    'public with sharing class RxService {',
    '    public static final RxService INSTANCE = new RxService();',
    '    public String label { get; set; }',
    '    public enum Mode { FAST, SLOW }',
    '    public interface Runner { void go(); }',
    '    public RxService() {',
    '        Boolean b = Rx__c.SObjectType.getDescribe().isAccessible();',
    '    }',
    '    public List<Rx__c> rows() {',
    '        return [SELECT Dose__c FROM Rx__c WITH SECURITY_ENFORCED];',
    '    }',
    '    public static RxService make() {',
    '        return INSTANCE;',
    '    }',
    '    public Boolean standardOnly() {',
    '        return Account.SObjectType.getDescribe().isCreateable();',
    '    }',
    '    public Boolean dynamic(Schema.SObjectField f) {',
    '        return f.getDescribe().isUpdateable();',
    '    }',
    '    public List<Rx__c> dynamicQuery() {',
    "        return Database.query('SELECT Dose__c FROM Rx__c WITH USER_MODE');",
    '    }',
    '    public class Helper {',
    '        public Integer count() {',
    '            return [SELECT COUNT() FROM Rx__c WHERE Dose__c != null WITH USER_MODE];',
    '        }',
    '        public Integer viaOuter() {',
    '            return make().rows().size();',
    '        }',
    '    }',
    '    public virtual class Base {',
    '        public virtual Integer size() {',
    '            return [SELECT Id, Name FROM Account WITH USER_MODE].size();',
    '        }',
    '        public Integer strip(List<Rx__c> r) {',
    '            return Security.stripInaccessible(AccessType.READABLE, r).getRecords().size();',
    '        }',
    '    }',
    '    public class Child extends Base {',
    '        public override Integer size() {',
    '            return super.size() + this.strip(new List<Rx__c>());',
    '        }',
    '    }',
    '}'
  ].join('\n')
);

describe('test-user-mode follows the project classes', () => {
  it('through constructors, static fields, instance variables, return types, inner and base classes', () => {
    const out = rules({
      ...SERVICE,
      ...cls(
        'RxService_Test',
        [
          'private class RxService_Test {',
          '    @IsTest',
          '    static void everyWay() {',
          '        RxService s = new RxService();', // 5: constructor (custom object describe)
          '        s.rows();', // 6: instance call (SECURITY_ENFORCED on a custom field)
          '        RxService.INSTANCE.rows();', // 7: static field chain
          '        RxService.make().rows();', // 8: return type of a call
          '        new RxService().standardOnly();', // 9: constructor again; standard describe not counted
          '        s.dynamic(Rx__c.Dose__c);', // 10: dynamic describe counts
          '        s.dynamicQuery();', // 11: dynamic SOQL in user mode
          '        new RxService.Helper().count();', // 12: inner class, WHERE on a custom field
          '        RxService.Helper h = new RxService.Helper();', // 12
          '        h.viaOuter();', // 14: unqualified call to the outer class
          '        new RxService.Child().size();', // 15: super (standard only) and this (stripInaccessible)
          '        Integer n = [SELECT COUNT() FROM Rx__c WITH USER_MODE];', // 16: no custom field: not counted
          '    }',
          '}'
        ].join('\n'),
        true
      )
    });
    expect(sites(out)).toEqual([
      'RxService_Test.cls:5 isAccessible() @RxService.cls:7',
      'RxService_Test.cls:6 WITH SECURITY_ENFORCED @RxService.cls:10',
      'RxService_Test.cls:7 WITH SECURITY_ENFORCED @RxService.cls:10',
      'RxService_Test.cls:8 WITH SECURITY_ENFORCED @RxService.cls:10',
      'RxService_Test.cls:9 isAccessible() @RxService.cls:7',
      'RxService_Test.cls:10 isUpdateable() @RxService.cls:19',
      'RxService_Test.cls:11 WITH USER_MODE (dynamic SOQL) @RxService.cls:22',
      'RxService_Test.cls:12 WITH USER_MODE @RxService.cls:26',
      'RxService_Test.cls:14 WITH SECURITY_ENFORCED @RxService.cls:10',
      'RxService_Test.cls:15 Security.stripInaccessible @RxService.cls:37'
    ]);
  });

  it('through queueable and scheduled batch jobs, and triggers fired by Database DML and collection inserts', () => {
    const out = rules({
      ...cls(
        'RxJob',
        [
          'public with sharing class RxJob implements Queueable, Database.Batchable<SObject> {',
          '    public void execute(QueueableContext c) {',
          '        List<Rx__c> r = [SELECT Dose__c FROM Rx__c WITH USER_MODE];',
          '    }',
          '    public Database.QueryLocator start(Database.BatchableContext c) {',
          "        return Database.getQueryLocator('SELECT Id FROM Rx__c');",
          '    }',
          '    public void execute(Database.BatchableContext c, List<SObject> s) {}',
          '    public void finish(Database.BatchableContext c) {}',
          '}'
        ].join('\n')
      ),
      'triggers/RxTrigger.trigger': [
        'trigger RxTrigger on Rx__c(before insert) {',
        '    for (Rx__c r : Trigger.new) {',
        '        Boolean ok = Schema.SObjectType.Rx__c.fields.Dose__c.isCreateable();',
        '    }',
        '}'
      ].join('\n'),
      ...cls(
        'RxJob_Test',
        [
          'private class RxJob_Test {',
          '    @IsTest',
          '    static void jobsAndTriggers() {',
          '        System.enqueueJob(new RxJob());',
          "        System.scheduleBatch(new RxJob(), 'rx test ' + Datetime.now(), 5);",
          '        List<Rx__c> rows = new List<Rx__c>{ new Rx__c() };',
          '        insert rows;',
          '        Database.insert(new Rx__c(), false);',
          '        insert new List<Rx__c>();',
          '        update as system rows;',
          '    }',
          '}'
        ].join('\n'),
        true
      )
    });
    expect(sites(out)).toEqual([
      'RxJob_Test.cls:5 WITH USER_MODE @RxJob.cls:3',
      'RxJob_Test.cls:6 WITH USER_MODE @RxJob.cls:3',
      'RxJob_Test.cls:8 isCreateable() @RxTrigger.trigger:3',
      'RxJob_Test.cls:9 isCreateable() @RxTrigger.trigger:3',
      'RxJob_Test.cls:10 isCreateable() @RxTrigger.trigger:3',
      'RxJob_Test.cls:11 isCreateable() @RxTrigger.trigger:3'
    ]);
    expect(userMode(out)[2]).toContain('(via DML on Rx__c -> trigger RxTrigger)');
  });

  it('knows whom a runAs runs as: a parameter, a user a method only queries, an index, a recursive helper', () => {
    const out = rules({
      ...SERVICE,
      ...cls(
        'Users',
        [
          'public class Users {',
          '    public static User existing() {',
          "        return [SELECT Id FROM User WHERE Alias = 'x' LIMIT 1];",
          '    }',
          '    public static Integer loop(Integer n) {',
          '        return n > 0 ? again(n - 1) : 0;',
          '    }',
          '    public static Integer again(Integer n) {',
          '        return loop(n);',
          '    }',
          '}'
        ].join('\n')
      ),
      ...cls(
        'RunAs_Test',
        [
          'private class RunAs_Test {',
          '    static void asUser(User u) {',
          '        System.runAs(u) {',
          '            new RxService().rows();',
          '        }',
          '    }',
          '    @IsTest',
          '    static void whom() {',
          '        asUser(null);',
          '        System.runAs(Users.existing()) {',
          '            new RxService.Helper().count();',
          '        }',
          '        List<User> people = new List<User>();',
          '        System.runAs(people[0]) {',
          '            Users.loop(3);',
          '            RxService.make().rows();',
          '        }',
          '    }',
          '}'
        ].join('\n'),
        true
      )
    });
    const lines = userMode(out);
    expect(lines.find((l) => l.includes('RunAs_Test.cls:10:'))).toContain(
      '(via RunAs_Test.asUser() -> RxService.RxService())'
    );
    expect(lines.find((l) => l.includes('RunAs_Test.cls:12:'))).toContain(
      'inside System.runAs of a user the called method does not build (no User insert, no PermissionSetAssignment)'
    );
    expect(lines.find((l) => l.includes('RunAs_Test.cls:17:'))).toContain(
      'inside System.runAs of a user the rule cannot follow'
    );
  });
});

describe('test-job-name evaluates names where they are constant', () => {
  const JOB = cls(
    'NightlyJob',
    [
      'public with sharing class NightlyJob implements Schedulable, Database.Batchable<SObject> {',
      "    private static final String PREFIX = 'Nightly';",
      "    public static final String NAME = (PREFIX + ' ' + 'job');",
      '    public static Id plan() {',
      '        return plan(NAME);',
      '    }',
      '    public static Id plan(String name) {',
      '        return schedule(name);',
      '    }',
      '    private static Id schedule(String jobName) {',
      "        return System.schedule(jobName, '0 0 1 * * ?', new NightlyJob());",
      '    }',
      '    public static Id once() {',
      "        return System.scheduleBatch(new NightlyJob(), 'Once job', 10);",
      '    }',
      '    public void execute(SchedulableContext c) {}',
      '    public Database.QueryLocator start(Database.BatchableContext c) { return null; }',
      '    public void execute(Database.BatchableContext c, List<SObject> s) {}',
      '    public void finish(Database.BatchableContext c) {}',
      '}'
    ].join('\n')
  );
  it('through constants, concatenation, parentheses and parameters bound call by call', () => {
    const out = rules({
      ...JOB,
      ...cls(
        'NightlyJob_Test',
        [
          'private class NightlyJob_Test {',
          '    @IsTest',
          '    static void names() {',
          '        NightlyJob.plan();', // 5: production name through two calls
          "        NightlyJob.plan('Nightly' + ' job');", // 6: equal literal
          "        System.scheduleBatch(new NightlyJob(), 'Once job', 1);", // 7: scheduleBatch name
          "        NightlyJob.plan('test ' + String.valueOf(Crypto.getRandomLong()));", // 8: run-time: quiet
          '        String n;',
          '        NightlyJob.plan(n);', // 10: unknown: quiet
          '    }',
          '}'
        ].join('\n'),
        true
      )
    }).filter((l) => l.includes('[test-job-name]'));
    expect(out.map((l) => /NightlyJob_Test\.cls:(\d+):/.exec(l)![1])).toEqual(['5', '6', '7']);
    expect(out[0]).toContain('schedules a job (force-app/main/default/classes/NightlyJob.cls:11)');
    expect(out[2]).toContain('(force-app/main/default/classes/NightlyJob.cls:14)');
  });
});

describe('the layer on unreadable input', () => {
  it('an Apex file the lexer rejects and a malformed XML file are problems, not silent passes', () => {
    const out = rules({
      'classes/Broken.cls': "public class Broken { String s = 'unterminated; }",
      'permissionsets/Bad.permissionset-meta.xml': '<PermissionSet><label>x</label>',
      'permissionsets/Fine.permissionset-meta.xml': md.permset('')
    });
    expect(out).toEqual([
      expect.stringMatching(
        /^force-app\/main\/default\/classes\/Broken\.cls:1: cannot be read for the platform rules/
      ),
      expect.stringMatching(
        /^force-app\/main\/default\/permissionsets\/Bad\.permissionset-meta\.xml:1: cannot be read for the platform rules \(element opened on line 1 is never closed\)/
      )
    ]);
  });

  it('a symbolic link is not followed: it is reported, not read', () => {
    const root = writeProject({ 'permissionsets/Fine.permissionset-meta.xml': md.permset('') });
    symlinkSync(
      path.join(root, 'force-app/main/default/permissionsets/Fine.permissionset-meta.xml'),
      path.join(root, 'force-app/main/default/permissionsets/Link.permissionset-meta.xml')
    );
    expect(validateRules(loadSfdxProject(root)).problems.map(formatRuleProblem)).toEqual([
      'force-app/main/default/permissionsets/Link.permissionset-meta.xml: cannot be read for the platform rules (symlink); the rules it feeds are not verified'
    ]);
  });

  it('a portal profile granting the class serves a portal component', () => {
    const files = {
      'lwc/rx/rx.js-meta.xml':
        '<?xml version="1.0" encoding="UTF-8"?>\n<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">\n  <isExposed>true</isExposed>\n  <targets>\n    <target>lightningCommunity__Page</target>\n  </targets>\n</LightningComponentBundle>\n',
      'lwc/rx/rx.js': "import go from '@salesforce/apex/RxController.go';\n"
    };
    const grant =
      '    <classAccesses>\n        <apexClass>RxController</apexClass>\n        <enabled>true</enabled>\n    </classAccesses>';
    expect(
      rules({ ...files, 'profiles/Customer Community Patient.profile-meta.xml': md.profile(grant) })
    ).toEqual([]);
    expect(rules({ ...files, 'profiles/Clinic Staff.profile-meta.xml': md.profile(grant) })).toEqual([
      expect.stringContaining(
        'rx (used by portal users) imports RxController.go, but no portal persona in the project grants'
      )
    ]);
  });

  it('a scratch definition that is not JSON is an input error; no config folder is fine', () => {
    expect(() => rules({ '/config/project-scratch-def.json': '{ nope' })).toThrow(
      'config/project-scratch-def.json:1: not valid JSON'
    );
    expect(rules({ 'permissionsets/Fine.permissionset-meta.xml': md.permset('') })).toEqual([]);
  });

  it('config files are read under the file rules: a link out of the project or a folder under the name is refused', () => {
    const outside = writeProject({ '/config/project-scratch-def.json': '{}' });
    const root = writeProject({ 'permissionsets/Fine.permissionset-meta.xml': md.permset('') });
    mkdirSync(path.join(root, 'config'));
    symlinkSync(
      path.join(outside, 'config/project-scratch-def.json'),
      path.join(root, 'config/project-scratch-def.json')
    );
    const run = (release: boolean) => () => validateRules(loadSfdxProject(root), { release });
    expect(run(false)).toThrow(/^config\/project-scratch-def\.json: points outside the project/);
    unlinkSync(path.join(root, 'config/project-scratch-def.json'));
    mkdirSync(path.join(root, 'config/phi-guard-certificates.json'));
    expect(run(false)).not.toThrow(); // the acknowledgements are read by the release rule only
    expect(run(true)).toThrow(/^config\/phi-guard-certificates\.json: /);
  });

  it('contact access is judged only when the project declares Contact Controlled by Parent', () => {
    const rule = (model: string) =>
      rules({
        'objects/Contact/Contact.object-meta.xml': md.object({ sharingModel: model }),
        'sharingRules/Account.sharingRules-meta.xml':
          '<?xml version="1.0" encoding="UTF-8"?>\n<SharingRules xmlns="http://soap.sforce.com/2006/04/metadata">\n  <sharingCriteriaRules>\n    <fullName>Vip</fullName>\n    <accessLevel>Read</accessLevel>\n    <accountSettings>\n      <caseAccessLevel>None</caseAccessLevel>\n      <contactAccessLevel>Read</contactAccessLevel>\n      <opportunityAccessLevel>None</opportunityAccessLevel>\n    </accountSettings>\n  </sharingCriteriaRules>\n</SharingRules>\n'
      });
    expect(rule('Private')).toEqual([]);
    expect(rule('ControlledByParent')).toEqual([
      expect.stringContaining(
        'Account.sharingRules-meta.xml:8: [contact-access-controlled-by-parent] sharing rule Vip sets contactAccessLevel Read'
      )
    ]);
  });
});
