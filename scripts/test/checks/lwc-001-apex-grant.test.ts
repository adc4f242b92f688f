import { lwcApexGrant } from '../../src/checks/lwc-001-apex-grant';
import { runChecks } from '../../src/engine/run-checks';
import { md, NOW, phiField, runCheck, snapshotOf } from '../helpers/project';

const classAccess = (cls: string, enabled = true) =>
  `    <classAccesses>\n        <apexClass>${cls}</apexClass>\n        <enabled>${enabled}</enabled>\n    </classAccesses>`;

const meta = (targets: string[], exposed = true) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">\n    <apiVersion>64.0</apiVersion>\n    <isExposed>${exposed}</isExposed>\n    <targets>\n${targets
    .map((t) => `        <target>${t}</target>`)
    .join('\n')}\n    </targets>\n</LightningComponentBundle>\n`;

const controller = (name: string) =>
  `public with sharing class ${name} {\n    @AuraEnabled\n    public static String go() {\n        return 'ok';\n    }\n}\n`;

/** A portal component calling RefillController, a portal permission set, and the class. */
const portal = (grant: string) => ({
  ...{ 'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c') },
  'classes/RefillController.cls': controller('RefillController'),
  'lwc/refillButton/refillButton.js-meta.xml': meta([
    'lightningCommunity__Page',
    'lightningCommunity__Default'
  ]),
  'lwc/refillButton/refillButton.js':
    "import { LightningElement } from 'lwc';\n// import old from '@salesforce/apex/OldController.go';\nimport go from '@salesforce/apex/RefillController.go';\nexport default class RefillButton extends LightningElement {}\n",
  'lwc/refillButton/refillButton.html': '<template><c-status-badge></c-status-badge></template>\n',
  'permissionsets/Patient_Portal_Access.permissionset-meta.xml': md.permset(grant, 'Patient Portal Access')
});

describe('LWC-001 Lightning web components can call their Apex, and guests cannot', () => {
  it('fires when no portal permission set grants the class a portal component imports (file:line of the import)', () => {
    const { result, findings } = runCheck(lwcApexGrant, portal(classAccess('OtherController')));
    expect(result.status).toBe('fail');
    expect(findings.map((f) => [f.severity, f.location, f.component, f.hipaa])).toEqual([
      [
        'high',
        { file: 'force-app/main/default/lwc/refillButton/refillButton.js', line: 3 },
        { type: 'LightningComponentBundle', name: 'refillButton' },
        ['164.306(a)(1)', '164.312(a)(1)']
      ]
    ]);
    expect(findings[0]!.message).toBe(
      'refillButton, used by portal users, imports RefillController.go, but none of the portal grants (Patient_Portal_Access) gives class access to RefillController, so the call fails for them'
    );
  });

  it('a disabled class access does not count; an internal component needs an internal grant (medium)', () => {
    const { findings } = runCheck(lwcApexGrant, {
      ...portal(classAccess('RefillController', false)),
      'lwc/adminPanel/adminPanel.js-meta.xml': meta(['lightning__AppPage']),
      'lwc/adminPanel/adminPanel.js': "import go from '@salesforce/apex/RefillController.go';\n"
    });
    expect(findings.map((f) => [f.component.name, f.severity, f.message.split(',')[1]])).toEqual([
      ['refillButton', 'high', ' used by portal users'],
      ['adminPanel', 'medium', ' used by internal users']
    ]);
  });

  it('follows the components a template uses: a child importing Apex serves its parent’s users', () => {
    const { findings } = runCheck(lwcApexGrant, {
      ...portal(classAccess('RefillController')),
      'lwc/statusBadge/statusBadge.js-meta.xml': meta([], false),
      'lwc/statusBadge/statusBadge.js': "import s from '@salesforce/apex/StatusController.go';\n"
    });
    expect(findings.map((f) => [f.component.name, f.location])).toEqual([
      ['statusBadge', { file: 'force-app/main/default/lwc/statusBadge/statusBadge.js', line: 1 }]
    ]);
  });

  it('fires on a class granted to a guest profile or guest-licensed set (exposure, 164.312(a)(1))', () => {
    const { findings } = runCheck(lwcApexGrant, {
      ...portal(classAccess('RefillController')),
      'profiles/Portal Site Guest User.profile-meta.xml': md.profile(classAccess('RefillController')),
      'permissionsets/Checkout.permissionset-meta.xml': md.permset(
        `    <license>Guest User License</license>\n${classAccess('PaymentsApi')}\n${classAccess('Formatter')}\n${classAccess('Formatter_Test')}`
      ),
      // a class with no entry point opens nothing; a test class is not deployed for guests to call
      'classes/Formatter.cls':
        'public with sharing class Formatter {\n    public static String f() {\n        return null;\n    }\n}\n',
      'classes/Formatter_Test.cls':
        '@IsTest\nprivate class Formatter_Test {\n    @AuraEnabled\n    public static void t() {}\n}\n'
    });
    expect(findings.map((f) => [f.component.name, f.severity, f.hipaa, f.message])).toEqual([
      [
        'Checkout',
        'high',
        ['164.312(a)(1)'],
        'guest PermissionSet Checkout has class access to PaymentsApi: a class the project does not declare, whose methods can be called without logging in'
      ],
      [
        'Portal Site Guest User',
        'high',
        ['164.312(a)(1)'],
        'guest Profile Portal Site Guest User has class access to RefillController: its @AuraEnabled methods can be called without logging in'
      ]
    ]);
  });

  it('is quiet when the portal set grants the class, and for components no one places', () => {
    const { result } = runCheck(lwcApexGrant, {
      ...portal(classAccess('RefillController')),
      'lwc/unused/unused.js-meta.xml': meta(['lightning__AppPage'], false),
      'lwc/unused/unused.js': "import x from '@salesforce/apex/Nobody.go';\n"
    });
    expect(result.status).toBe('pass');
  });

  it('is quiet on a project with no LWC at all (known, empty)', () => {
    const { result } = runCheck(lwcApexGrant, portal(classAccess('RefillController')));
    const none = runCheck(lwcApexGrant, {
      'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c'),
      'permissionsets/Staff.permissionset-meta.xml': md.permset('')
    });
    expect([result.status, none.result.status]).toEqual(['pass', 'pass']);
  });

  it('is not verified when a component file cannot be read (fail closed)', () => {
    const { result, findings } = runCheck(lwcApexGrant, {
      ...portal(classAccess('RefillController')),
      'lwc/refillButton/refillButton.js-meta.xml': '<LightningComponentBundle><isExposed>true'
    });
    expect(result.status).toBe('not-verified');
    expect(findings[0]).toMatchObject({
      notVerified: true,
      location: { file: 'force-app/main/default/lwc/refillButton/refillButton.js-meta.xml' }
    });
  });

  it('on an org it is not applicable, with the reason: the components are not read online yet', () => {
    const snap = snapshotOf(portal(classAccess('OtherController')));
    const org = { ...snap, source: { kind: 'org' as const, alias: 'x' } };
    const { checks, findings } = runChecks(org, NOW, [lwcApexGrant]);
    expect(findings).toEqual([]);
    expect(checks[0]).toMatchObject({
      status: 'not-applicable',
      reason: expect.stringMatching(/^not verified on an org: .*LightningComponentBundle.*SetupEntityAccess/)
    });
  });
});
