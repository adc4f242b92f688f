import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatRuleProblem, PLATFORM_RULES, validateRules } from '../../src/platform-rules/validate';
import { loadSfdxProject } from '../../src/project/sfdx-project';
import { useGeneratedCertificates } from '../helpers/certificate';
import { REPO_ROOT } from '../helpers/paths';
import { runInProcess } from '../helpers/run-in-process';

/**
 * The platform-rule layer over this repository's own force-app: today's passes, and each pattern of
 * issue 20 (finding 12, and finding 9 for the release rule), planted in a temporary copy, fails naming the
 * file, the line and the reference page.
 */
const userModeTail =
  'user mode and describe checks answer for the running user, and a field deployed through the Metadata API is granted to no one, the deploying admin included, so it fails under RunLocalTests; run it inside System.runAs of a user the test builds and assigns the permission sets that ship';
const DEFAULT = 'force-app/main/default';
const CLASSES = `${DEFAULT}/classes`;
const work = mkdtempSync(path.join(os.tmpdir(), 'phi-guard-rules-'));
const base = path.join(work, 'base');
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(() => {
  for (const p of ['force-app', 'config', 'sfdx-project.json'])
    cpSync(path.join(REPO_ROOT, p), path.join(base, p), { recursive: true });
});

let copies = 0;
/** A copy of the project with some files changed (a function edits the current text; a string replaces it). */
function plant(changes: Record<string, string | ((text: string) => string)>): string {
  const dir = path.join(work, `copy-${++copies}`);
  cpSync(base, dir, { recursive: true });
  for (const [rel, change] of Object.entries(changes)) {
    const file = path.join(dir, rel);
    let before = '';
    try {
      before = readFileSync(file, 'utf8');
    } catch {
      before = '';
    }
    const after = typeof change === 'string' ? change : change(before);
    if (typeof change !== 'string') expect(after).not.toBe(before); // the plant took
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, after);
  }
  return dir;
}

const run = (dir: string, release = false) => validateRules(loadSfdxProject(dir), { release });
const urlOf = (id: string) => PLATFORM_RULES.find((r) => r.id === id)!.url;
const lines = (dir: string, release = false) => run(dir, release).problems.map(formatRuleProblem);

/** An extra Apex test class (and its meta file) in the copy. */
const testClass = (name: string, body: string) => ({
  [`${CLASSES}/${name}.cls`]: `@IsTest\nprivate class ${name} {\n${body}\n}\n`,
  [`${CLASSES}/${name}.cls-meta.xml`]:
    '<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n  <apiVersion>64.0</apiVersion>\n  <status>Active</status>\n</ApexClass>\n'
});

describe("this repository's force-app", () => {
  it('passes every project rule', () => {
    const r = run(base);
    expect(r.problems.map(formatRuleProblem)).toEqual([]);
    expect(r.rules).toEqual(PLATFORM_RULES.filter((x) => x.scope === 'project').map((x) => x.id));
    expect(r.filesRead).toBeGreaterThan(80);
  });

  it('fails the release rules on the sample certificate it ships, naming the file, line and page', () => {
    expect(lines(base, true)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${DEFAULT}/extlClntAppGlobalOauthSets/Ecommerce_Integration_glbloauth\\.ecaGlblOauth-meta\\.xml:4: \\[sample-certificate\\] ` +
            'ExtlClntAppGlobalOauthSettings Ecommerce_Integration_glbloauth: the certificate is the sample PHI Guard ships .*' +
            `\\(${urlOf('sample-certificate').replace(/[.]/g, '\\.')}\\)$`
        )
      )
    ]);
  });

  it('passes the release rules once the certificate is replaced and acknowledged (the documented test path)', () => {
    const dir = plant({});
    const fingerprints = useGeneratedCertificates(dir);
    expect(Object.keys(fingerprints)).toEqual(['Ecommerce_Integration_glbloauth']);
    expect(lines(dir, true)).toEqual([]);
  });

  it('every rule names a reference page on developer.salesforce.com', () => {
    for (const r of PLATFORM_RULES)
      expect([r.id, r.url]).toEqual([r.id, expect.stringMatching(/^https:\/\/developer\.salesforce\.com\//)]);
    expect(new Set(PLATFORM_RULES.map((r) => r.id)).size).toBe(PLATFORM_RULES.length);
  });
});

describe('planted: a test reaching user mode outside System.runAs of a persona', () => {
  const url = urlOf('test-user-mode');

  it('through a selector (the pre-fix PhiAccessLogSelector_Test)', () => {
    const dir = plant(
      testClass(
        'Planted_Selector_Test',
        '    @IsTest\n    static void readsTheLogAsTheDeployer() {\n        Assert.isTrue(PhiAccessLogSelector.inOrder(10).isEmpty());\n    }'
      )
    );
    expect(lines(dir)).toEqual([
      `${CLASSES}/Planted_Selector_Test.cls:5: [test-user-mode] test Planted_Selector_Test.readsTheLogAsTheDeployer reaches WITH USER_MODE at ${CLASSES}/PhiAccessLogSelector.cls:69 (via PhiAccessLogSelector.inOrder()) outside System.runAs: ${userModeTail} (${url})`
    ]);
  });

  it('through a helper of the test class, a service and a describe check (the pre-fix purge tests)', () => {
    const dir = plant(
      testClass(
        'Planted_Purge_Test',
        [
          '    private static List<String> blocked() {',
          '        return PhiRetentionPolicyService.blockedPolicies();',
          '    }',
          '    @IsTest',
          '    static void decidesAsTheDeployer() {',
          '        Assert.isTrue(blocked().isEmpty());',
          '    }'
        ].join('\n')
      )
    );
    const out = lines(dir);
    expect(out.length).toBeGreaterThan(0);
    for (const l of out) {
      expect(l).toMatch(
        new RegExp(
          `^${CLASSES}/Planted_Purge_Test\\.cls:8: \\[test-user-mode\\] test Planted_Purge_Test\\.decidesAsTheDeployer reaches `
        )
      );
      expect(l).toContain('PhiRetentionPolicyService.cls:');
      expect(l).toContain('Planted_Purge_Test.blocked() -> PhiRetentionPolicyService.blockedPolicies()');
      expect(l).toContain(`(${url})`);
    }
    expect(out.some((l) => l.includes('reaches isUpdateable()'))).toBe(true);
  });

  it('through Database.executeBatch, run as the enqueuing user', () => {
    const dir = plant(
      testClass(
        'Planted_Batch_Test',
        '    @IsTest\n    static void purgesAsTheDeployer() {\n        Test.startTest();\n        Database.executeBatch(new PhiRetentionPurge(), 200);\n        Test.stopTest();\n    }'
      )
    );
    const out = lines(dir);
    expect(
      out.some(
        (l) =>
          l.includes('Planted_Batch_Test.cls:6: [test-user-mode]') &&
          l.includes('via Database.executeBatch -> PhiRetentionPurge.')
      )
    ).toBe(true);
  });

  it('through a trigger that a DML statement in the test fires', () => {
    const dir = plant({
      [`${CLASSES}/ContactTriggerHandler.cls`]: (t) =>
        t.replace(
          '        DELEGATE.handle(operation, newRows, oldMap);',
          '        DELEGATE.handle(operation, newRows, oldMap);\n        Boolean canSee = Schema.SObjectType.Contact.fields.Medical_Record_Number__c.isAccessible();'
        ),
      ...testClass(
        'Planted_Trigger_Test',
        '    @IsTest\n    static void insertsAsTheDeployer() {\n        insert PhiTestData.patients(1);\n    }'
      )
    });
    // every test inserting a contact now reaches it, the planted one included
    const out = lines(dir).filter((l) => l.includes('Planted_Trigger_Test'));
    expect(out).toEqual([
      expect.stringContaining(
        `${CLASSES}/Planted_Trigger_Test.cls:5: [test-user-mode] test Planted_Trigger_Test.insertsAsTheDeployer reaches isAccessible() at ${CLASSES}/ContactTriggerHandler.cls:`
      )
    ]);
    expect(out[0]).toContain(
      'via DML on Contact -> trigger ContactTrigger -> ContactTriggerHandler.handle()'
    );
  });

  it('directly in the test: an `insert as user` and a WITH USER_MODE query on PHI fields', () => {
    const dir = plant(
      testClass(
        'Planted_Direct_Test',
        [
          '    @IsTest',
          '    static void writesAndReadsAsTheDeployer() {',
          "        insert as user new Prescription__c(Medication__c = 'x');",
          '        List<Contact> rows = [SELECT Medical_Record_Number__c FROM Contact WITH USER_MODE];',
          '        List<Contact> plain = [SELECT Id, Email FROM Contact WITH USER_MODE];',
          '    }'
        ].join('\n')
      )
    );
    expect(lines(dir).map((l) => l.split(' reaches ')[1]!.split(' outside')[0])).toEqual([
      `insert as user at ${CLASSES}/Planted_Direct_Test.cls:5`,
      `WITH USER_MODE at ${CLASSES}/Planted_Direct_Test.cls:6`
    ]);
  });

  it('inside System.runAs of the running user, of a user read from the org, or of a persona with a permission set that does not ship', () => {
    const dir = plant(
      testClass(
        'Planted_RunAs_Test',
        [
          '    @IsTest',
          '    static void runsAsTheDeployer() {',
          '        System.runAs(new User(Id = UserInfo.getUserId())) {',
          '            PhiAccessLogSelector.head();',
          '        }',
          "        User admin = [SELECT Id FROM User WHERE Profile.Name = 'System Administrator' LIMIT 1];",
          '        System.runAs(admin) {',
          '            PhiAccessLogSelector.head();',
          '        }',
          "        User typo = PhiTestData.createUser(new List<String>{ 'PHI_Compliance_Auditr' });",
          '        System.runAs(typo) {',
          '            PhiAccessLogSelector.head();',
          '        }',
          '    }'
        ].join('\n')
      )
    );
    const out = lines(dir);
    expect(out).toEqual([
      expect.stringContaining(
        'Planted_RunAs_Test.cls:6: [test-user-mode] test Planted_RunAs_Test.runsAsTheDeployer reaches WITH USER_MODE'
      ),
      expect.stringContaining('Planted_RunAs_Test.cls:10: [test-user-mode]'),
      expect.stringContaining(
        'Planted_RunAs_Test.cls:13: [test-user-mode] test Planted_RunAs_Test.runsAsTheDeployer runs as a user assigned permission set(s) PHI_Compliance_Auditr that do not ship'
      ),
      expect.stringContaining('Planted_RunAs_Test.cls:14: [test-user-mode]')
    ]);
    expect(out[0]).toContain('inside System.runAs of the running (deploying) user');
    expect(out[1]).toContain('inside System.runAs of an existing user read from the org');
  });

  it('is quiet inside System.runAs of a persona, a built user with no set, and for a guard the test expects to refuse', () => {
    const dir = plant(
      testClass(
        'Planted_Quiet_Test',
        [
          '    @IsTest',
          '    static void asPersonas() {',
          '        System.runAs(PhiTestData.auditor()) {',
          '            PhiAccessLogSelector.head();',
          '        }',
          '        User plain = PhiTestData.createUser(new List<String>());',
          '        System.runAs(plain) {',
          '            PhiRetentionPolicyService.blockedPolicies();',
          '        }',
          '        try {',
          '            PatientPortalController.getMyPrescriptions();',
          "            Assert.fail('an internal user is not a patient');",
          '        } catch (AuraHandledException e) {',
          '            Assert.areEqual(PatientPortalController.NOT_LINKED, e.getMessage());',
          '        }',
          '        Assert.isTrue(Schema.SObjectType.Contact.fields.Email.isAccessible());',
          '    }'
        ].join('\n')
      )
    );
    expect(lines(dir)).toEqual([]);
  });

  it('but a test expecting the permission error itself relies on the deployer', () => {
    const dir = plant(
      testClass(
        'Planted_Negative_Test',
        [
          '    @IsTest',
          '    static void expectsARefusal() {',
          '        try {',
          '            PhiAccessLogSelector.head();',
          "            Assert.fail('refused');",
          '        } catch (QueryException e) {',
          '            Assert.isNotNull(e);',
          '        }',
          '    }'
        ].join('\n')
      )
    );
    expect(lines(dir)).toEqual([expect.stringContaining('Planted_Negative_Test.cls:6: [test-user-mode]')]);
  });
});

describe('planted: System.schedule in a test under the production job name', () => {
  const url = urlOf('test-job-name');
  const cases: [string, string][] = [
    [
      'the production constant',
      "System.schedule(PhiRetentionPurge.JOB_NAME, '0 0 2 * * ?', new PhiRetentionPurge());"
    ],
    [
      'a literal equal to it',
      "System.schedule('PHI retention purge (nightly)', '0 0 2 * * ?', new PhiRetentionPurge());"
    ],
    ['scheduleNightly(), which schedules under it', 'PhiRetentionPurge.scheduleNightly();'],
    [
      'a local variable holding it',
      'String n = PhiRetentionPurge.JOB_NAME;\n        System.schedule(n, PhiRetentionPurge.NIGHTLY, new PhiRetentionPurge());'
    ]
  ];
  it.each(cases)('%s', (_what, statement) => {
    const dir = plant(
      testClass(
        'Planted_Schedule_Test',
        `    @IsTest\n    static void schedules() {\n        System.runAs(PhiTestData.purgeRunner()) {\n            ${statement}\n        }\n    }`
      )
    );
    const out = lines(dir).filter((l) => l.includes('[test-job-name]'));
    expect(out).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${CLASSES}/Planted_Schedule_Test\\.cls:\\d+: \\[test-job-name\\] test Planted_Schedule_Test\\.schedules schedules a job \\(${CLASSES}/(Planted_Schedule_Test|PhiRetentionPurge)\\.cls:\\d+\\) under the name production code schedules \\(${CLASSES}/PhiRetentionPurge\\.cls:\\d+\\): .*\\(${url.replace(/[.]/g, '\\.')}\\)$`
        )
      )
    ]);
  });

  it('is quiet for a name only the test uses, built at run time', () => {
    const dir = plant(
      testClass(
        'Planted_Schedule_Test',
        "    @IsTest\n    static void schedules() {\n        System.runAs(PhiTestData.purgeRunner()) {\n            System.schedule('purge test ' + String.valueOf(Crypto.getRandomInteger()), PhiRetentionPurge.NIGHTLY, new PhiRetentionPurge());\n            System.schedule('another test-only name', PhiRetentionPurge.NIGHTLY, new PhiRetentionPurge());\n        }\n    }"
      )
    );
    expect(lines(dir)).toEqual([]);
  });
});

describe('planted: an LWC whose Apex class its persona is not granted', () => {
  const url = urlOf('lwc-apex-grant');
  const PORTAL_SET = `${DEFAULT}/permissionsets/PHI_Portal_Patient.permissionset-meta.xml`;

  it('the portal permission set without HealthIntakeController (the pre-fix finding 4)', () => {
    const dir = plant({
      [PORTAL_SET]: (t) =>
        t.replace(
          /\s*<classAccesses>\s*<apexClass>HealthIntakeController<\/apexClass>\s*<enabled>true<\/enabled>\s*<\/classAccesses>/,
          ''
        )
    });
    expect(lines(dir)).toEqual([
      `${DEFAULT}/lwc/healthIntakeForm/healthIntakeForm.js:3: [lwc-apex-grant] healthIntakeForm (used by portal users) imports HealthIntakeController.submitIntake, but no portal permission set or profile (PHI_Portal_Patient) grants class access to HealthIntakeController: the call fails for them (${url})`
    ]);
  });

  it('a presentational child that imports Apex is used by its portal parent', () => {
    const dir = plant({
      [`${DEFAULT}/lwc/phiMaskedValue/phiMaskedValue.js-meta.xml`]: (t) =>
        t
          .replace('<isExposed>true</isExposed>', '<isExposed>false</isExposed>')
          .replace(/<targets>[\s\S]*<\/targetConfigs>/, ''),
      [`${DEFAULT}/lwc/phiMaskedValue/phiMaskedValue.js`]: (t) =>
        `import revealAll from '@salesforce/apex/PhiLegalHoldService.setHold';\n${t}`
    });
    expect(lines(dir)).toEqual([
      expect.stringContaining(
        `${DEFAULT}/lwc/phiMaskedValue/phiMaskedValue.js:1: [lwc-apex-grant] phiMaskedValue (used by portal users) imports PhiLegalHoldService.setHold`
      )
    ]);
  });
});

describe('planted: metadata rules', () => {
  it('a contactAccessLevel other than None while Contact is Controlled by Parent (the pre-fix finding 5)', () => {
    const file = `${DEFAULT}/sharingRules/Account.sharingRules-meta.xml`;
    const dir = plant({
      [file]: (t) =>
        t.replace(
          '<contactAccessLevel>None</contactAccessLevel>',
          '<contactAccessLevel>Edit</contactAccessLevel>'
        )
    });
    expect(lines(dir)).toEqual([
      `${file}:15: [contact-access-controlled-by-parent] sharing rule Clinical_Staff_Patients sets contactAccessLevel Edit while Contact's sharing model is ControlledByParent: contact access then follows the account and the level cannot be set (the deploy fails); use None (${urlOf('contact-access-controlled-by-parent')})`
    ]);
    // Read is not allowed either; None is
    const read = plant({
      [file]: (t) =>
        t.replace(
          '<contactAccessLevel>None</contactAccessLevel>',
          '<contactAccessLevel>Read</contactAccessLevel>'
        )
    });
    expect(lines(read)).toHaveLength(1);
  });

  it('enableEventBusEncryption in a scratch definition (the pre-fix finding 8)', () => {
    const file = 'config/project-scratch-def.json';
    const dir = plant({
      [file]: (t) =>
        t.replace(
          '"enableEncryptFieldHistory": true',
          '"enableEncryptFieldHistory": true,\n      "enableEventBusEncryption": true'
        )
    });
    expect(lines(dir)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${file}:\\d+: \\[scratch-event-bus-encryption\\] enableEventBusEncryption is on at scratch org creation.*\\(${urlOf('scratch-event-bus-encryption').replace(/[.]/g, '\\.')}\\)$`
        )
      )
    ]);
    // a second scratch definition is read too; false is quiet
    const other = plant({
      'config/dev-scratch-def.json': JSON.stringify({
        settings: { platformEncryptionSettings: { enableEventBusEncryption: 'true' } }
      }),
      'config/qa-scratch-def.json': JSON.stringify({
        settings: { platformEncryptionSettings: { enableEventBusEncryption: false } }
      })
    });
    expect(lines(other)).toEqual([
      expect.stringMatching(/^config\/dev-scratch-def\.json:1: \[scratch-event-bus-encryption\]/)
    ]);
  });

  it('a permission set description over 255 characters, whitespace and entities counted as stored', () => {
    const file = `${DEFAULT}/permissionsets/PHI_Customer_Support.permissionset-meta.xml`;
    const dir = plant({
      [file]: (t) =>
        t.replace(
          /<description>[\s\S]*?<\/description>/,
          `<description>${'x'.repeat(250)}&amp;&amp;      </description>`
        )
    });
    expect(lines(dir)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${file}:\\d+: \\[permission-set-description-length\\] permission set PHI_Customer_Support has a description of 258 characters; the platform stores at most 255 \\(`
        )
      )
    ]);
    const fits = plant({
      [file]: (t) =>
        t.replace(
          /<description>[\s\S]*?<\/description>/,
          `<description>${'x'.repeat(250)}&amp;   </description>`
        )
    });
    expect(lines(fits)).toEqual([]);
  });
});

describe('release rule: JWT bearer certificates', () => {
  const GLOBAL = `${DEFAULT}/extlClntAppGlobalOauthSets/Ecommerce_Integration_glbloauth.ecaGlblOauth-meta.xml`;

  it('a replaced certificate nobody acknowledged is refused with its fingerprint', () => {
    const dir = plant({});
    const fp = useGeneratedCertificates(dir).Ecommerce_Integration_glbloauth!;
    rmSync(path.join(dir, 'config', 'phi-guard-certificates.json'));
    expect(lines(dir, true)).toEqual([
      expect.stringContaining(
        `${GLOBAL}:4: [sample-certificate] ExtlClntAppGlobalOauthSettings Ecommerce_Integration_glbloauth: certificate SHA-256 ${fp} is not acknowledged`
      )
    ]);
    expect(lines(dir)).toEqual([]); // not a project rule: npm test does not run it
  });

  it('an acknowledgement for another component, or of the sample itself, does not count', () => {
    const dir = plant({});
    const fp = useGeneratedCertificates(dir).Ecommerce_Integration_glbloauth!;
    const acks = path.join(dir, 'config', 'phi-guard-certificates.json');
    writeFileSync(
      acks,
      readFileSync(acks, 'utf8').replace('"Ecommerce_Integration_glbloauth"', '"Other_App"')
    );
    expect(lines(dir, true)).toEqual([
      expect.stringContaining(`certificate SHA-256 ${fp} is not acknowledged`)
    ]);

    const sample = plant({
      'config/phi-guard-certificates.json': JSON.stringify({
        acknowledged: [
          {
            sha256:
              '53:49:73:D1:FA:36:72:D2:5E:98:D0:E1:B3:6C:AE:80:94:B8:12:91:6C:B3:D0:76:05:2E:1B:44:F6:A6:3F:55',
            component: 'Ecommerce_Integration_glbloauth',
            acknowledgedBy: 'someone',
            reason: 'trying to keep the sample'
          }
        ]
      })
    });
    expect(lines(sample, true)).toEqual([
      expect.stringContaining('the certificate is the sample PHI Guard ships')
    ]);
  });

  it('a certificate that is not X.509 PEM fails closed, and a connected app certificate is judged too', () => {
    const dir = plant({
      [GLOBAL]: (t) =>
        t.replace(/<certificate>[\s\S]*?<\/certificate>/, '<certificate>PUBLIC-CERT-PEM</certificate>'),
      [`${DEFAULT}/connectedApps/Legacy.connectedApp-meta.xml`]:
        '<?xml version="1.0" encoding="UTF-8"?>\n<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">\n  <label>Legacy</label>\n  <contactEmail>it@example.com</contactEmail>\n  <oauthConfig>\n    <callbackUrl>https://example.com/cb</callbackUrl>\n    <certificate>not a certificate</certificate>\n    <scopes>Api</scopes>\n  </oauthConfig>\n</ConnectedApp>\n'
    });
    expect(lines(dir, true)).toEqual([
      expect.stringContaining(
        `${DEFAULT}/connectedApps/Legacy.connectedApp-meta.xml:7: [sample-certificate] ConnectedApp Legacy: the certificate is not an X.509 certificate in PEM`
      ),
      expect.stringContaining(
        `${GLOBAL}:4: [sample-certificate] ExtlClntAppGlobalOauthSettings Ecommerce_Integration_glbloauth: the certificate is not an X.509`
      )
    ]);
  });

  it('a malformed acknowledgement file is an input error naming the file and line (exit 2)', async () => {
    const bad: [string, RegExp][] = [
      ['{ "acknowledged": [ { "sha256": ', /^Error: config\/phi-guard-certificates\.json:1: not valid JSON$/],
      [
        '{ "acknowledged": {} }',
        /^Error: config\/phi-guard-certificates\.json:1: not a valid certificate acknowledgement file: "acknowledged" must be an array$/
      ],
      [
        '{\n  "acknowledged": [\n    { "sha256": "AB", "component": "X", "acknowledgedBy": "me", "reason": "r" }\n  ]\n}',
        /^Error: config\/phi-guard-certificates\.json:3: acknowledged\[0\]\.sha256 must be a SHA-256 fingerprint/
      ],
      [
        '{\n  "acknowledged": [\n    {},\n    { "sha256": "x" }\n  ]\n}',
        /^Error: config\/phi-guard-certificates\.json:3: acknowledged\[0\]\.sha256 is required/
      ]
    ];
    for (const [text, expected] of bad) {
      const dir = plant({ 'config/phi-guard-certificates.json': text });
      const r = await runInProcess(['rules-validate', '-d', dir, '--release']);
      expect([r.code, r.stderr.trim()]).toEqual([2, expect.stringMatching(expected)]);
      expect(r.stdout).toBe('');
    }
  });
});

describe('phi-guard rules-validate (the npm test layer)', () => {
  it('exits 0 on force-app, 1 on a planted pattern with one line per problem, and prints the --json envelope', async () => {
    const clean = await runInProcess(['rules-validate', '-d', base]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('Platform rules passed.');

    const dir = plant({
      'config/project-scratch-def.json': (t) =>
        t.replace(
          '"enableEncryptFieldHistory": true',
          '"enableEncryptFieldHistory": true, "enableEventBusEncryption": true'
        )
    });
    const failed = await runInProcess(['rules-validate', '-d', dir]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /^ {4}config\/project-scratch-def\.json:\d+: \[scratch-event-bus-encryption\]/m
    );
    expect(failed.stdout).toContain('Platform rules failed: 1 problem(s).');

    const json = await runInProcess(['rules-validate', '-d', dir, '--json', '--release']);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as {
      status: number;
      result: { rules: string[]; problems: { rule: string; file: string; url: string }[] };
    };
    expect(out.status).toBe(1);
    expect(out.result.rules).toContain('sample-certificate');
    expect(out.result.problems.map((p) => p.rule).sort()).toEqual([
      'sample-certificate',
      'scratch-event-bus-encryption'
    ]);
  });

  it('prints its help, and refuses an unknown flag or a missing project (exit 2)', async () => {
    const help = await runInProcess(['rules-validate', '--help']);
    expect([help.code, help.stdout]).toEqual([
      0,
      expect.stringContaining('phi-guard rules-validate [-d <dir>] [--release] [--json]')
    ]);
    const flag = await runInProcess(['rules-validate', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--bogus');
    const missing = await runInProcess(['rules-validate', '-d', path.join(work, 'no-such-project')]);
    expect(missing.code).toBe(2);
  });
});
