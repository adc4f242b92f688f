import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadProject } from '../../../src/posture/source/loader';
import { familyOf, FAMILIES } from '../../../src/posture/source/registry';
import { walkFiles } from '../../../src/project/files';
import { loadSfdxProject } from '../../../src/project/sfdx-project';
import { BROKEN_WITH_CANARY, expectNoCanary } from '../../helpers/canary';
import { md, phiField, snapshotOf, writeProject } from '../../helpers/project';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const x = (root: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${NS}>\n${body}\n</${root}>\n`;

/** One file of every family, in source format (keys are under force-app/main/default). */
const SOURCE: Record<string, string> = {
  'objects/Patient__c/Patient__c.object-meta.xml': md.object({ label: 'Patient' }),
  'objects/Patient__c/fields/Diagnosis__c.field-meta.xml': phiField('Diagnosis__c', {
    type: 'Lookup',
    referenceTo: 'Account',
    relationshipName: 'Patients'
  }),
  'objects/Patient__c/listViews/By_Diagnosis.listView-meta.xml': x(
    'ListView',
    '    <fullName>By_Diagnosis</fullName>\n    <filters>\n        <field>Diagnosis__c</field>\n        <operation>equals</operation>\n    </filters>'
  ),
  'sharingRules/Patient__c.sharingRules-meta.xml': x(
    'SharingRules',
    '    <sharingCriteriaRules>\n        <fullName>Share_All</fullName>\n        <accessLevel>Read</accessLevel>\n        <criteriaItems>\n            <field>Diagnosis__c</field>\n        </criteriaItems>\n        <sharedTo>\n            <allInternalUsers></allInternalUsers>\n        </sharedTo>\n    </sharingCriteriaRules>'
  ),
  'permissionsets/Clinician.permissionset-meta.xml': md.permset(
    md.fieldPerm('Patient__c.Diagnosis__c', true)
  ),
  'permissionsets/acme__Vendor_Access.permissionset-meta.xml': md.permset(md.userPerm('ViewAllData')),
  'profiles/Guest.profile-meta.xml': md.profile(md.objectPerm('Patient__c', { allowRead: true })),
  'mutingpermissionsets/Clinic_Mute.mutingpermissionset-meta.xml': x(
    'MutingPermissionSet',
    `    <label>Clinic Mute</label>\n${md.fieldPerm('Patient__c.Diagnosis__c', true)}`
  ),
  'permissionsetgroups/Clinic.permissionsetgroup-meta.xml': x(
    'PermissionSetGroup',
    '    <label>Clinic</label>\n    <mutingPermissionSets>Clinic_Mute</mutingPermissionSets>\n    <permissionSets>Clinician</permissionSets>\n    <permissionSets>acme__Vendor_Access</permissionSets>'
  ),
  'profileSessionSettings/Guest.profileSessionSetting-meta.xml': x(
    'ProfileSessionSetting',
    '    <forceLogout>false</forceLogout>\n    <profile>Guest</profile>\n    <sessionTimeout>120</sessionTimeout>'
  ),
  'profilePasswordPolicies/Guest.profilePasswordPolicy-meta.xml': x(
    'ProfilePasswordPolicy',
    '    <lockoutInterval>0</lockoutInterval>\n    <maxLoginAttempts>0</maxLoginAttempts>\n    <minimumPasswordLength>8</minimumPasswordLength>\n    <passwordComplexity>1</passwordComplexity>\n    <passwordExpiration>0</passwordExpiration>\n    <passwordHistory>3</passwordHistory>\n    <profile>Guest</profile>'
  ),
  'settings/Security.settings-meta.xml': x(
    'SecuritySettings',
    '    <sessionSettings>\n        <sessionTimeout>FifteenMinutes</sessionTimeout>\n    </sessionSettings>'
  ),
  'settings/OauthOidc.settings-meta.xml': x(
    'OauthOidcSettings',
    '    <blockOAuthUnPwFlow>true</blockOAuthUnPwFlow>'
  ),
  'settings/PlatformEncryption.settings-meta.xml': x(
    'PlatformEncryptionSettings',
    '    <enableDeterministicEncryption>true</enableDeterministicEncryption>'
  ),
  'connectedApps/Sync.connectedApp-meta.xml': x(
    'ConnectedApp',
    '    <label>Sync</label>\n    <oauthConfig>\n        <isAdminApproved>true</isAdminApproved>\n        <scopes>Api</scopes>\n    </oauthConfig>'
  ),
  'externalClientApps/Feed.eca-meta.xml': x('ExternalClientApplication', '    <label>Feed</label>'),
  'extlClntAppOauthSettings/Feed_oauth.ecaOauth-meta.xml': x(
    'ExtlClntAppOauthSettings',
    '    <commaSeparatedOauthScopes>Api, RefreshToken</commaSeparatedOauthScopes>\n    <externalClientApplication>Feed</externalClientApplication>'
  ),
  'extlClntAppGlobalOauthSets/Feed_glbl.ecaGlblOauth-meta.xml': x(
    'ExtlClntAppGlobalOauthSettings',
    '    <externalClientApplication>Feed</externalClientApplication>\n    <certificate>cert</certificate>'
  ),
  'extlClntAppOauthPolicies/Feed_plcy.ecaOauthPlcy-meta.xml': x(
    'ExtlClntAppOauthConfigurablePolicies',
    '    <externalClientApplication>Feed</externalClientApplication>\n    <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>'
  ),
  'remoteSiteSettings/Lab.remoteSite-meta.xml': x(
    'RemoteSiteSetting',
    '    <url>https://lab.example.com</url>'
  ),
  'namedCredentials/Pharmacy.namedCredential-meta.xml': x(
    'NamedCredential',
    '    <label>Pharmacy</label>\n    <namedCredentialParameters>\n        <parameterType>Url</parameterType>\n        <parameterValue>https://rx.example.com</parameterValue>\n    </namedCredentialParameters>'
  ),
  'externalCredentials/Pharmacy_Auth.externalCredential-meta.xml': x(
    'ExternalCredential',
    '    <externalCredentialParameters>\n        <parameterType>AuthProviderUrl</parameterType>\n        <parameterValue>https://auth.example.com</parameterValue>\n    </externalCredentialParameters>'
  ),
  'reports/Clinical/Dx.report-meta.xml': x(
    'Report',
    '    <filter>\n        <criteriaItems>\n            <column>Patient__c.Diagnosis__c</column>\n        </criteriaItems>\n    </filter>'
  ),
  'objects/PHI_Retention_Policy__mdt/PHI_Retention_Policy__mdt.object-meta.xml': md.object({
    label: 'Policy'
  }),
  'customMetadata/PHI_Retention_Policy.Patients.md-meta.xml': x(
    'CustomMetadata',
    '    <values>\n        <field>Object_Name__c</field>\n        <value>Patient__c</value>\n    </values>\n    <values>\n        <field>Retention_Months__c</field>\n        <value>72</value>\n    </values>'
  ),
  'installedPackages/acme.installedPackage-meta.xml': x(
    'InstalledPackage',
    '    <versionNumber>1.2</versionNumber>'
  ),
  'classes/PatientService.cls':
    'public with sharing class PatientService {\n    public static List<Patient__c> all() {\n        return [SELECT Id FROM Patient__c WITH USER_MODE];\n    }\n}\n',
  'triggers/PatientTrigger.trigger': 'trigger PatientTrigger on Patient__c (before insert) {\n}\n'
};

/** The same project in Metadata API format: fields and list views inside the .object file. */
function mdapiFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(SOURCE)) {
    if (k.includes('/fields/') || k.includes('/listViews/')) continue;
    let key = k.replace(/-meta\.xml$/, '');
    const obj = /^objects\/([^/]+)\/\1\.object$/.exec(key);
    if (obj) key = `objects/${obj[1]}.object`;
    out[`/src/${key}`] = v;
  }
  const field = SOURCE['objects/Patient__c/fields/Diagnosis__c.field-meta.xml']!.replace(
    /<\?xml[^>]*>\n<CustomField [^>]*>|<\/CustomField>\n$/g,
    ''
  );
  const view = SOURCE['objects/Patient__c/listViews/By_Diagnosis.listView-meta.xml']!.replace(
    /<\?xml[^>]*>\n<ListView [^>]*>|<\/ListView>\n$/g,
    ''
  );
  out['/src/objects/Patient__c.object'] = x(
    'CustomObject',
    `    <label>Patient</label>\n    <sharingModel>Private</sharingModel>\n    <fields>${field}</fields>\n    <listViews>${view}</listViews>`
  );
  out['/src/package.xml'] = x('Package', '    <version>64.0</version>');
  return out;
}

function describeSnapshot(snap: ReturnType<typeof snapshotOf>) {
  return {
    objects: [...snap.objects.keys()].sort(),
    fields: [...snap.fields.values()].map((f) => [f.id, f.type, f.referenceTo, f.relationshipName]),
    phi: [...snap.phi.entries()].filter(([, v]) => v.phi).map(([k]) => k),
    grants: snap.grants
      .map((g) => [g.kind, g.name, g.namespace, g.fields.size, g.objects.size, [...g.userPermissions.keys()]])
      .sort(),
    groups: snap.permissionSetGroups.map((g) => [g.name, g.permissionSets, g.mutingPermissionSet]),
    policies: snap.profilePolicies
      .map((p) => [
        p.kind,
        p.profile,
        p.session?.timeoutMinutes,
        p.session?.forceLogout,
        p.password?.minLength,
        p.password?.complexity,
        p.password?.expiration,
        p.password?.maxLoginAttempts,
        p.password?.lockoutInterval
      ])
      .sort(),
    session: snap.session.known ? snap.session.value.timeoutMinutes : snap.session.reason,
    oauth: snap.oauth.known && snap.oauth.value.blockUsernamePassword,
    encryption: snap.encryption.known && snap.encryption.value.deterministic,
    apps: snap.apps.map((a) => [a.kind, a.name, a.scopes, a.hasOauth, a.certificate, a.adminApproved]).sort(),
    endpoints: snap.endpoints.map((e) => [e.kind, e.name, e.url]).sort(),
    filters: snap.filters.map((f) => [f.where, f.object, f.field]).sort(),
    sharing: snap.sharingRules.map((r) => [r.object, r.name, r.kind, r.sharedTo.map((t) => t.kind)]),
    retention: snap.retention.known
      ? snap.retention.value.map((r) => [r.name, r.object, r.months])
      : snap.retention.reason,
    packages: snap.installedPackages.map((p) => [p.namespace, p.versionNumber]),
    apex: snap.apex.map((a) => [a.kind, a.name]).sort(),
    problems: snap.problems,
    gaps: snap.gaps
  };
}

describe('the source loader reads every family', () => {
  it('in source format, with file and line on every fact', () => {
    const snap = snapshotOf(SOURCE);
    const d = describeSnapshot(snap);
    expect(d).toEqual({
      objects: ['patient__c', 'phi_retention_policy__mdt'],
      fields: [['Patient__c.Diagnosis__c', 'Lookup', 'Account', 'Patients']],
      phi: ['patient__c.diagnosis__c'],
      grants: [
        ['MutingPermissionSet', 'Clinic_Mute', undefined, 1, 0, []],
        ['PermissionSet', 'Clinician', undefined, 1, 0, []],
        ['PermissionSet', 'acme__Vendor_Access', 'acme', 0, 0, ['ViewAllData']],
        ['Profile', 'Guest', undefined, 0, 1, []]
      ],
      groups: [['Clinic', ['Clinician', 'acme__Vendor_Access'], 'Clinic_Mute']],
      policies: [
        [
          'ProfilePasswordPolicy',
          'Guest',
          undefined,
          undefined,
          8,
          'AlphaNumeric',
          'Never',
          'NoLimit',
          'Forever'
        ],
        ['ProfileSessionSetting', 'Guest', 120, false, undefined, undefined, undefined, undefined, undefined]
      ],
      session: 15,
      oauth: true,
      encryption: true,
      apps: [
        ['ConnectedApp', 'Sync', ['Api'], true, false, true],
        ['ExternalClientApplication', 'Feed', ['Api', 'RefreshToken'], true, true, true]
      ],
      endpoints: [
        ['ExternalCredential', 'Pharmacy_Auth', 'https://auth.example.com'],
        ['NamedCredential', 'Pharmacy', 'https://rx.example.com'],
        ['RemoteSiteSetting', 'Lab', 'https://lab.example.com']
      ],
      filters: [
        ['ListView', 'Patient__c', 'Diagnosis__c'],
        ['Report', 'Patient__c', 'Diagnosis__c'],
        ['SharingCriteria', 'Patient__c', 'Diagnosis__c']
      ],
      sharing: [['Patient__c', 'Share_All', 'criteria', ['allInternalUsers']]],
      retention: [['PHI_Retention_Policy.Patients', 'Patient__c', 72]],
      packages: [['acme', '1.2']],
      apex: [
        ['class', 'PatientService'],
        ['trigger', 'PatientTrigger']
      ],
      problems: [],
      gaps: {}
    });
    const pol = snap.profilePolicies.find((p) => p.kind === 'ProfilePasswordPolicy')!;
    expect(pol.at).toEqual({
      file: 'force-app/main/default/profilePasswordPolicies/Guest.profilePasswordPolicy-meta.xml',
      line: 2
    });
    expect(pol.password!.lines).toMatchObject({ complexity: 6, expiration: 7, minimumPasswordLength: 5 });
    expect(snap.permissionSetGroups[0]!.at).toEqual({
      file: 'force-app/main/default/permissionsetgroups/Clinic.permissionsetgroup-meta.xml',
      line: 2
    });
    expect(snap.filesRead).toBe(Object.keys(SOURCE).length);
    expect(snap.evidence.permissions).toHaveLength(5);
  });

  it('in Metadata API format (package.xml, no sfdx-project.json) to the same facts', () => {
    const root = writeProject(mdapiFiles());
    // writeProject adds an sfdx-project.json; a Metadata API project has none.
    rmSync(path.join(root, 'sfdx-project.json'));
    const project = loadSfdxProject(root);
    expect(project).toMatchObject({ layout: 'mdapi', packageDirs: [path.join(root, 'src')] });
    const mdapi = describeSnapshot(loadProject(project));
    const source = describeSnapshot(snapshotOf(SOURCE));
    expect(mdapi).toEqual(source);
  });

  it('every family of the registry has a reader and a distinct suffix', () => {
    // One family per suffix in each format (an LWC bundle's x.js-meta.xml and its x.js share "js", one in
    // source format, the other read as text in the lwc/ folder).
    for (const format of ['source', 'mdapi'] as const) {
      const suffixes = FAMILIES.filter((f) => f.formats.includes(format)).map((f) => f.suffix);
      expect(new Set(suffixes).size).toBe(suffixes.length);
    }
    expect(familyOf('force-app/main/default/classes/A.cls-meta.xml')).toBeUndefined();
    expect(familyOf('docs/README.md')).toBeUndefined();
    expect(familyOf('force-app/notes.settings')).toBeUndefined();
    expect(familyOf('src/settings/Security.settings')).toMatchObject({ format: 'mdapi', name: 'Security' });
    expect(familyOf('src/reports/Folder/R.report')).toMatchObject({ format: 'mdapi', name: 'R' });
  });
});

describe('the inputs fingerprint', () => {
  it('is the SHA-256 of each input as `<file>\\0<content>\\0` in read order, then the effective config', () => {
    const root = writeProject({
      ...SOURCE,
      '/config/phi-guard.json': JSON.stringify({ keyRotationDays: 90 }),
      '/config/phi-dictionary.json': JSON.stringify({ fields: [] })
    });
    const snap = loadProject(loadSfdxProject(root));
    expect(snap.inputs).toContain('config/phi-guard.json');
    const h = createHash('sha256');
    for (const f of snap.inputs) h.update(`${f}\0${readFileSync(path.join(root, f), 'utf8')}\0`);
    h.update(`config/phi-guard.json\0${JSON.stringify(snap.config)}\0`);
    expect(snap.inputsSha256).toBe(h.digest('hex'));
  });
});

describe('files that cannot be read leave gaps, never a silent pass', () => {
  it('a malformed profile: a problem with file and line, and a gap in grants', () => {
    const snap = snapshotOf({ 'profiles/Guest.profile-meta.xml': BROKEN_WITH_CANARY.closingTag });
    expect(snap.problems).toEqual([
      {
        file: 'force-app/main/default/profiles/Guest.profile-meta.xml',
        line: 3,
        message: 'malformed XML: closing tag does not match the element opened on line 3'
      }
    ]);
    expect(Object.keys(snap.gaps).sort()).toEqual(['grants', 'phi']);
    expect(snap.gaps.grants![0]).toMatchObject({
      kind: 'unreadable',
      expected: 'force-app/main/default/profiles/Guest.profile-meta.xml'
    });
    expectNoCanary(JSON.stringify(snap.problems), JSON.stringify(snap.gaps));
  });

  it('an unreadable Security settings file leaves session and password unknown, not missing', () => {
    const snap = snapshotOf({ 'settings/Security.settings-meta.xml': BROKEN_WITH_CANARY.badCharRef });
    expect(snap.session).toMatchObject({ known: false, kind: 'unreadable' });
    expect(snap.password).toMatchObject({ known: false, kind: 'unreadable' });
  });

  it('a file whose root element is not its type is reported and leaves a gap', () => {
    const snap = snapshotOf({
      'permissionsets/P.permissionset-meta.xml': x('Profile', '    <label>P</label>'),
      'settings/Security.settings-meta.xml': x('OauthOidcSettings', '')
    });
    expect(snap.problems.map((p) => p.message)).toEqual([
      'not a PermissionSet file (its root element is not <PermissionSet>)',
      'not a SecuritySettings file (its root element is not <SecuritySettings>)'
    ]);
    // The loader's gap comes first; the deployability layer may add its own for the same file.
    expect(snap.gaps.grants?.[0]?.reason).toContain('could not be read');
    expect(snap.session).toMatchObject({ known: false, kind: 'unreadable' });
  });

  it('an Apex file that does not parse leaves a gap in apex; a malformed retention record leaves retention unknown', () => {
    const snap = snapshotOf({
      'classes/Leaky.cls': BROKEN_WITH_CANARY.apex,
      'objects/PHI_Retention_Policy__mdt/PHI_Retention_Policy__mdt.object-meta.xml': md.object(),
      'customMetadata/PHI_Retention_Policy.A.md-meta.xml': BROKEN_WITH_CANARY.unclosed
    });
    expect(snap.gaps.apex).toHaveLength(1);
    expect(snap.retention).toMatchObject({ known: false, kind: 'unreadable' });
    expectNoCanary(JSON.stringify(snap.problems), JSON.stringify(snap.gaps), JSON.stringify(snap.retention));
  });

  it('symlinks are not followed: each is reported, with a gap for its family', () => {
    const root = writeProject({ 'objects/P__c/fields/A__c.field-meta.xml': phiField('A__c') });
    const fa = path.join(root, 'force-app', 'main', 'default');
    mkdirSync(path.join(fa, 'profiles'));
    symlinkSync('/etc/hostname', path.join(fa, 'profiles', 'Guest.profile-meta.xml'));
    symlinkSync('/tmp', path.join(fa, 'linked'));
    const snap = loadProject(loadSfdxProject(root));
    expect(snap.problems).toEqual([
      expect.objectContaining({
        file: 'force-app/main/default/linked',
        message: expect.stringContaining('symbolic link')
      }),
      expect.objectContaining({
        file: 'force-app/main/default/profiles/Guest.profile-meta.xml',
        message: expect.stringContaining('symbolic link')
      })
    ]);
    // The loader's gap comes first; the deployability layer may add its own for the same file.
    expect(snap.gaps.grants?.[0]?.reason).toContain('could not be read');
  });

  it('a directory that cannot be listed is returned with the reason (tests run as root, so a real path that is not a directory stands in)', () => {
    const root = writeProject({ 'profiles/Admin.profile-meta.xml': md.profile('') });
    const file = path.join(root, 'sfdx-project.json');
    expect(walkFiles([file], () => true)).toEqual({
      files: [],
      skipped: [{ path: file, reason: 'unreadable', detail: 'ENOTDIR' }]
    });
  });

  it('a FIFO under a metadata name is reported and not read (reading it would block)', () => {
    const root = writeProject({ 'objects/P__c/fields/A__c.field-meta.xml': phiField('A__c') });
    const dir = path.join(root, 'force-app', 'main', 'default', 'profiles');
    mkdirSync(dir);
    execFileSync('mkfifo', [path.join(dir, 'Guest.profile-meta.xml')]);
    const snap = loadProject(loadSfdxProject(root));
    expect(snap.problems).toEqual([
      {
        file: 'force-app/main/default/profiles/Guest.profile-meta.xml',
        message: 'not a regular file (a FIFO, socket or device): it is not read'
      }
    ]);
    // The loader's gap comes first; the deployability layer may add its own for the same file.
    expect(snap.gaps.grants?.[0]?.reason).toContain('could not be read');
  });

  it('no PHI and no data dictionary: the PHI inventory is a gap, with the reason', () => {
    const snap = snapshotOf({ 'objects/Order__c/fields/Total__c.field-meta.xml': md.field('Total__c') });
    expect(snap.gaps.phi).toEqual([
      expect.objectContaining({ kind: 'missing', expected: 'config/phi-data-dictionary.json' })
    ]);
    const withDictionary = snapshotOf({
      'objects/Order__c/fields/Total__c.field-meta.xml': md.field('Total__c'),
      '/config/phi-data-dictionary.json': JSON.stringify({
        fields: [{ field: 'Order__c.Total__c', phi: false, reason: 'order amount, not health data' }]
      })
    });
    expect(withDictionary.gaps.phi).toBeUndefined();
  });
});

describe('package directories', () => {
  const project = (dirs: string[], extra: Record<string, string> = {}) => {
    const root = writeProject(extra);
    writeFileSync(
      path.join(root, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: dirs.map((p) => ({ path: p })) })
    );
    return root;
  };

  it('a directory outside the project root is refused', () => {
    const root = project(['force-app', '..']);
    expect(() => loadSfdxProject(root)).toThrow(/package directory "\.\." is outside the project root/);
  });

  it('a package path that is a file is refused, naming it', () => {
    const root = project(['force-app/main/default/x.txt'], { 'x.txt': 'not a directory' });
    expect(() => loadSfdxProject(root)).toThrow(
      /package directory "force-app\/main\/default\/x.txt" is not a directory/
    );
  });

  it('nested package directories are read once', () => {
    const root = project(['force-app', 'force-app/main', 'force-app'], {
      'objects/P__c/fields/A__c.field-meta.xml': phiField('A__c')
    });
    const p = loadSfdxProject(root);
    expect(p.packageDirs).toEqual([path.join(root, 'force-app')]);
    expect(loadProject(p).filesRead).toBe(1);
  });

  it('a malformed sfdx-project.json names the file and line, not its text', () => {
    const root = project(['force-app']);
    writeFileSync(path.join(root, 'sfdx-project.json'), `{\n  "packageDirectories": [ CANARY-PHI-7f3a ]\n}`);
    let message = '';
    try {
      loadSfdxProject(root);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(`${path.join(root, 'sfdx-project.json')}:2: not valid JSON`);
  });
});

describe('older and partial shapes of a family', () => {
  it('legacy named credentials, connected apps without OAuth, and ECA files before their app', () => {
    const snap = snapshotOf({
      'namedCredentials/Legacy.namedCredential-meta.xml': x(
        'NamedCredential',
        '    <label>Legacy mTLS</label>\n    <endpoint>https://legacy.example.com</endpoint>\n    <certificate>LegacyCert</certificate>'
      ),
      'namedCredentials/Cert.namedCredential-meta.xml': x(
        'NamedCredential',
        '    <label>Cert</label>\n    <namedCredentialParameters>\n        <parameterType>ClientCertificate</parameterType>\n        <certificate>Client</certificate>\n    </namedCredentialParameters>'
      ),
      'externalCredentials/Empty.externalCredential-meta.xml': x(
        'ExternalCredential',
        '    <label>Empty</label>'
      ),
      'connectedApps/Canvas.connectedApp-meta.xml': x('ConnectedApp', '    <label>Canvas</label>'),
      'extlClntAppOauthPolicies/Z_plcy.ecaOauthPlcy-meta.xml': x(
        'ExtlClntAppOauthConfigurablePolicies',
        '    <ipRelaxationPolicyType>BYPASS</ipRelaxationPolicyType>'
      ),
      'settings/Security.settings-meta.xml': x(
        'SecuritySettings',
        '    <passwordPolicies>\n        <minPasswordLength>TenCharacters</minPasswordLength>\n    </passwordPolicies>'
      ),
      'settings/Other.settings-meta.xml': x('OtherSettings', '    <enableThing>true</enableThing>'),
      'reports/R.report-meta.xml': x(
        'Report',
        '    <filter>\n        <criteriaItems>\n            <column>NO_DOT</column>\n        </criteriaItems>\n    </filter>'
      ),
      'customMetadata/Other_Type.Rec.md-meta.xml': x('CustomMetadata', '    <label>Rec</label>'),
      'profilePasswordPolicies/P.profilePasswordPolicy-meta.xml': x(
        'ProfilePasswordPolicy',
        '    <passwordComplexity>9</passwordComplexity>'
      ),
      'profileSessionSettings/P.profileSessionSetting-meta.xml': x(
        'ProfileSessionSetting',
        '    <forceLogout>true</forceLogout>'
      )
    });
    expect(snap.endpoints.map((e) => [e.name, e.url, e.clientCertificate, e.mtlsDeclared]).sort()).toEqual([
      ['Cert', undefined, 'Client', true],
      ['Empty', undefined, undefined, false],
      ['Legacy', 'https://legacy.example.com', 'LegacyCert', true]
    ]);
    expect(
      snap.apps.map((a) => [a.name, a.hasOauth, a.certificate, a.adminApproved, a.ipRelaxation]).sort()
    ).toEqual([
      ['?', false, undefined, false, 'BYPASS'],
      ['Canvas', false, undefined, undefined, undefined]
    ]);
    // Not known either way: the loader finds no <sessionSettings>, and the deployability layer marks
    // the file the Metadata API would reject (whichever speaks last gives the reason).
    expect(snap.session).toMatchObject({ known: false });
    expect(snap.password).toMatchObject({ known: false }); // the same rejected file feeds the password policy
    expect(snap.filters).toEqual([]);
    expect(snap.retention).toMatchObject({ known: false, kind: 'missing' });
    expect(
      snap.profilePolicies.map((p) => [p.kind, p.profile, p.password?.complexity, p.session?.timeoutMinutes])
    ).toEqual([
      ['ProfilePasswordPolicy', 'P', '9', undefined],
      ['ProfileSessionSetting', 'P', undefined, undefined]
    ]);
    expect(snap.problems).toEqual([]);
  });

  it('namespaces: managed objects and fields carry the vendor prefix; __c alone is not a namespace', () => {
    const snap = snapshotOf({
      'objects/acme__Lab__c/acme__Lab__c.object-meta.xml': md.object(),
      'objects/acme__Lab__c/fields/acme__Result__c.field-meta.xml': phiField('acme__Result__c'),
      'objects/Contact/fields/acme__Risk__c.field-meta.xml': phiField('acme__Risk__c'),
      'objects/Visit__c/fields/Reason__c.field-meta.xml': phiField('Reason__c')
    });
    expect([...snap.fields.values()].map((f) => [f.id, f.namespace]).sort()).toEqual([
      ['Contact.acme__Risk__c', 'acme'],
      ['Visit__c.Reason__c', undefined],
      ['acme__Lab__c.acme__Result__c', 'acme']
    ]);
    expect(snap.objects.get('acme__lab__c')!.namespace).toBe('acme');
  });

  it('reports progress every 200 files and at the end', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 401; i++)
      files[`remoteSiteSettings/S${i}.remoteSite-meta.xml`] = x(
        'RemoteSiteSetting',
        '    <url>https://a.example.com</url>'
      );
    const calls: [number, number][] = [];
    loadProject(loadSfdxProject(writeProject(files)), { onProgress: (d, t) => calls.push([d, t]) });
    expect(calls).toEqual([
      [200, 401],
      [400, 401],
      [401, 401]
    ]);
  });
});

describe('elements a file leaves out', () => {
  it('are unknown (undefined or "?"), never a crash and never a made-up value', () => {
    const snap = snapshotOf({
      'objects/Bare__c/Bare__c.object-meta.xml': x(
        'CustomObject',
        '    <historyRetentionPolicy>\n        <archiveAfterMonths>x</archiveAfterMonths>\n    </historyRetentionPolicy>'
      ),
      'objects/Bare__c/fields/NoName.field-meta.xml': x('CustomField', '    <type>Text</type>'),
      'objects/Bare__c/listViews/V.listView-meta.xml': x(
        'ListView',
        '    <filters>\n        <operation>equals</operation>\n    </filters>'
      ),
      'sharingRules/Bare__c.sharingRules-meta.xml': x(
        'SharingRules',
        '    <sharingOwnerRules>\n        <criteriaItems>\n            <operation>equals</operation>\n        </criteriaItems>\n    </sharingOwnerRules>'
      ),
      'permissionsets/Bare.permissionset-meta.xml': x(
        'PermissionSet',
        '    <objectPermissions>\n        <allowRead>true</allowRead>\n    </objectPermissions>\n    <fieldPermissions>\n        <readable>true</readable>\n    </fieldPermissions>\n    <userPermissions>\n        <enabled>true</enabled>\n    </userPermissions>\n    <classAccesses>\n        <enabled>true</enabled>\n    </classAccesses>'
      ),
      'reports/Bare.report-meta.xml': x('Report', '    <name>Bare</name>'),
      'objects/PHI_Retention_Policy__mdt/PHI_Retention_Policy__mdt.object-meta.xml': md.object(),
      'customMetadata/PHI_Retention_Policy.Bare.md-meta.xml': x(
        'CustomMetadata',
        '    <values>\n        <value>x</value>\n    </values>\n    <values>\n        <field>Active__c</field>\n        <value>false</value>\n    </values>'
      )
    });
    const obj = snap.objects.get('bare__c')!;
    expect(obj).toMatchObject({
      sharingModel: undefined,
      historyRetention: { archiveAfterMonths: undefined }
    });
    expect([...snap.fields.keys()]).toEqual(['bare__c.?']);
    expect(snap.sharingRules).toEqual([
      expect.objectContaining({ name: '?', kind: 'owner', accessLevel: undefined, sharedTo: [] })
    ]);
    expect(snap.filters).toEqual([expect.objectContaining({ where: 'SharingCriteria', field: '' })]);
    const g = snap.grants[0]!;
    expect([
      [...g.objects.keys()],
      [...g.fields.keys()],
      [...g.userPermissions.keys()],
      g.apexClasses
    ]).toEqual([['?'], ['?'], ['?'], ['?']]);
    expect(snap.retention.known && snap.retention.value).toEqual([
      expect.objectContaining({
        name: 'PHI_Retention_Policy.Bare',
        object: undefined,
        months: undefined,
        active: false
      })
    ]);
    expect(snap.problems).toEqual([]);
  });
});
