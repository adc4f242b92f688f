import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  customFields,
  FORCE_APP,
  isHipaa,
  metadataFiles,
  permissionSets,
  readXml
} from '../helpers/metadata';
import { REPO_ROOT } from '../helpers/paths';

const PHI_OBJECTS = ['Contact', 'Prescription__c', 'Health_Intake__c'];
const TIMEOUT_MINUTES: Record<string, number> = {
  FifteenMinutes: 15,
  ThirtyMinutes: 30,
  SixtyMinutes: 60,
  NinetyMinutes: 90,
  TwoHours: 120,
  FourHours: 240,
  EightHours: 480,
  TwelveHours: 720,
  TwentyFourHours: 1440
};
const asTrue = (v: unknown) => String(v) === 'true';

describe('PHI fields', () => {
  const phi = customFields().filter(isHipaa);

  it('there are PHI fields on every PHI object', () => {
    expect(new Set(phi.map((f) => f.object))).toEqual(new Set(PHI_OBJECTS));
  });

  it('every HIPAA field has an encryption scheme, a classification and a description', () => {
    for (const f of phi) {
      expect([f.name, f.xml.encryptionScheme]).not.toEqual([f.name, undefined]);
      expect([f.name, f.xml.encryptionScheme]).not.toEqual([f.name, 'None']);
      expect([f.name, f.xml.securityClassification]).toEqual([
        f.name,
        expect.stringMatching(/Confidential|Restricted|MissionCritical/)
      ]);
      expect(String(f.xml.description ?? '').length).toBeGreaterThan(20);
    }
  });

  it('Long Text and Rich Text PHI fields are probabilistic', () => {
    const long = phi.filter((f) => ['LongTextArea', 'Html'].includes(f.xml.type));
    expect(long.length).toBeGreaterThan(0);
    for (const f of long)
      expect([f.name, f.xml.encryptionScheme]).toEqual([f.name, 'ProbabilisticEncryption']);
  });

  it('searchable identifiers (MRN, member id) are deterministic', () => {
    const byName = Object.fromEntries(phi.map((f) => [`${f.object}.${f.name}`, f.xml.encryptionScheme]));
    expect(byName['Contact.Medical_Record_Number__c']).toBe('CaseSensitiveDeterministicEncryption');
    expect(byName['Contact.Member_Id__c']).toBe('CaseInsensitiveDeterministicEncryption');
  });

  it('PHI fields are history-tracked on objects with history enabled', () => {
    for (const f of phi) expect([f.name, f.xml.trackHistory]).toEqual([f.name, 'true']);
    for (const o of PHI_OBJECTS) {
      const obj = readXml(path.join(FORCE_APP, 'objects', o, `${o}.object-meta.xml`)).CustomObject;
      expect([o, obj.enableHistory]).toEqual([o, 'true']);
      expect(Number(obj.historyRetentionPolicy?.archiveRetentionYears)).toBeGreaterThanOrEqual(6);
    }
  });

  it('standard Contact identifiers are encrypted', () => {
    const std = customFields().filter((f) => f.object === 'Contact' && !f.name.endsWith('__c'));
    expect(std.map((f) => f.name).sort()).toEqual(['Email', 'MailingAddress', 'MobilePhone', 'Phone']);
    for (const f of std) expect(f.xml.encryptionScheme).toMatch(/Encryption$/);
  });

  it('the audit log holds no encrypted or HIPAA field: it never stores a PHI value', () => {
    const log = customFields().filter((f) => f.object === 'PHI_Access_Log__c');
    expect(log.length).toBeGreaterThanOrEqual(12);
    for (const f of log) expect(isHipaa(f)).toBe(false);
  });
});

describe('sharing', () => {
  it('PHI custom objects are Private for internal and external users', () => {
    for (const o of ['Prescription__c', 'Health_Intake__c', 'Account']) {
      const obj = readXml(path.join(FORCE_APP, 'objects', o, `${o}.object-meta.xml`)).CustomObject;
      expect([o, obj.sharingModel, obj.externalSharingModel]).toEqual([o, 'Private', 'Private']);
    }
    const contact = readXml(
      path.join(FORCE_APP, 'objects', 'Contact', 'Contact.object-meta.xml')
    ).CustomObject;
    expect(contact.sharingModel).toBe('ControlledByParent');
  });

  it('under Controlled by Parent, account rules give contacts no level of their own: the account level rules', () => {
    // Help, "Considerations for Sharing and Accessing Contacts": with contacts Controlled by Parent "all access to
    // contacts is determined by the user's access to the contact's account"; AccountShare.ContactAccessLevel
    // can't be set then. https://help.salesforce.com/apex/HTViewHelpDoc?id=sales.contacts_sharing_considerations.htm
    const contact = readXml(
      path.join(FORCE_APP, 'objects', 'Contact', 'Contact.object-meta.xml')
    ).CustomObject;
    expect(contact.sharingModel).toBe('ControlledByParent');
    const rules = readXml(path.join(FORCE_APP, 'sharingRules', 'Account.sharingRules-meta.xml')).SharingRules;
    const all = [...(rules.sharingOwnerRules ?? []), ...(rules.sharingCriteriaRules ?? [])];
    expect(all.length).toBeGreaterThan(0);
    for (const rule of all)
      expect([rule.fullName, rule.accountSettings?.contactAccessLevel]).toEqual([rule.fullName, 'None']);
    const clinical = all.find((r: { fullName: string }) => r.fullName === 'Clinical_Staff_Patients');
    expect(clinical.accessLevel).toBe('Edit');
  });

  it('no sharing rule opens a PHI object to all internal users, portal users, roles or guests', () => {
    const broad = [
      'allInternalUsers',
      'allCustomerPortalUsers',
      'allPartnerUsers',
      'guestUser',
      'role',
      'roleAndSubordinates',
      'roleAndSubordinatesInternal',
      'portalRole',
      'portalRoleAndSubordinates'
    ];
    for (const file of metadataFiles('.sharingRules-meta.xml')) {
      const rules = readXml(file).SharingRules;
      for (const kind of ['sharingOwnerRules', 'sharingCriteriaRules', 'sharingGuestRules']) {
        for (const rule of rules[kind] ?? []) {
          const to = Object.keys(rule.sharedTo ?? {});
          expect([rule.fullName, to.filter((k) => broad.includes(k))]).toEqual([rule.fullName, []]);
        }
      }
      expect(rules.sharingGuestRules ?? []).toEqual([]);
    }
  });
});

describe('permission sets (minimum necessary)', () => {
  const sets = permissionSets();
  const phiFields = new Set(
    customFields()
      .filter(isHipaa)
      .map((f) => `${f.object}.${f.name}`)
  );

  it('ships the five personas and the retention purge runner', () => {
    expect(sets.map((s) => s.name).sort()).toEqual([
      'PHI_Clinical_Staff',
      'PHI_Compliance_Auditor',
      'PHI_Customer_Support',
      'PHI_Integration_User',
      'PHI_Portal_Patient',
      'PHI_Retention_Purge'
    ]);
  });

  it('none grants View All Data or Modify All Data', () => {
    for (const s of sets) {
      const enabled = (s.xml.userPermissions ?? [])
        .filter((p: { enabled: string }) => asTrue(p.enabled))
        .map((p: { name: string }) => p.name);
      expect([s.name, enabled.filter((n: string) => ['ViewAllData', 'ModifyAllData'].includes(n))]).toEqual([
        s.name,
        []
      ]);
    }
  });

  it('none grants View All or Modify All on a PHI object', () => {
    for (const s of sets) {
      for (const op of s.xml.objectPermissions ?? []) {
        if (!PHI_OBJECTS.includes(op.object)) continue;
        expect([s.name, op.object, op.viewAllRecords, op.modifyAllRecords]).toEqual([
          s.name,
          op.object,
          'false',
          'false'
        ]);
      }
    }
  });

  it('only the auditor may export reports', () => {
    const exporters = sets
      .filter((s) =>
        (s.xml.userPermissions ?? []).some(
          (p: { name: string; enabled: string }) => p.name === 'ExportReport' && asTrue(p.enabled)
        )
      )
      .map((s) => s.name);
    expect(exporters).toEqual(['PHI_Compliance_Auditor']);
  });

  it('customer support has no PHI field and no PHI object beyond contact details', () => {
    const support = sets.find((s) => s.name === 'PHI_Customer_Support')!.xml;
    const readable = (support.fieldPermissions ?? [])
      .filter((f: { readable: string }) => asTrue(f.readable))
      .map((f: { field: string }) => f.field);
    expect(readable.filter((f: string) => phiFields.has(f))).toEqual([]);
    const objects = (support.objectPermissions ?? [])
      .filter((o: { allowRead: string }) => asTrue(o.allowRead))
      .map((o: { object: string }) => o.object);
    expect(objects).not.toContain('Prescription__c');
    expect(objects).not.toContain('Health_Intake__c');
  });

  it('the integration user is API-only with no PHI field', () => {
    const integration = sets.find((s) => s.name === 'PHI_Integration_User')!.xml;
    const perms = (integration.userPermissions ?? []).map((p: { name: string }) => p.name).sort();
    expect(perms).toEqual(['ApiEnabled', 'ApiUserOnly']);
    expect(integration.fieldPermissions ?? []).toEqual([]);
  });

  it('nobody can edit or delete the PHI access log', () => {
    for (const s of sets) {
      for (const op of s.xml.objectPermissions ?? []) {
        if (op.object !== 'PHI_Access_Log__c') continue;
        expect([s.name, op.allowEdit, op.allowDelete, op.modifyAllRecords]).toEqual([
          s.name,
          'false',
          'false',
          'false'
        ]);
      }
      const editableLogFields = (s.xml.fieldPermissions ?? [])
        .filter(
          (fp: { field: string; editable: string }) =>
            fp.field.startsWith('PHI_Access_Log__c.') && asTrue(fp.editable)
        )
        .map((fp: { field: string }) => fp.field);
      expect([s.name, editableLogFields]).toEqual([s.name, []]);
    }
  });
});

describe('org settings', () => {
  const settings = (name: string) => readXml(path.join(FORCE_APP, 'settings', `${name}.settings-meta.xml`));

  it('session timeout is at most 15 minutes with forced logout, HttpOnly, CSRF and domain lock', () => {
    const s = settings('Security').SecuritySettings.sessionSettings;
    expect(TIMEOUT_MINUTES[s.sessionTimeout]).toBeLessThanOrEqual(15);
    expect(s.forceLogoutOnSessionTimeout).toBe('true');
    expect(s.requireHttpOnly).toBe('true');
    expect(s.enableCSRFOnGet).toBe('true');
    expect(s.enableCSRFOnPost).toBe('true');
    expect(s.lockSessionsToDomain).toBe('true');
  });

  it('the password policy is strong', () => {
    const p = settings('Security').SecuritySettings.passwordPolicies;
    expect(Number(p.minimumPasswordLength)).toBeGreaterThanOrEqual(12);
    expect(p.complexity).not.toBe('NoRestriction');
    expect(p.expiration).not.toBe('Never');
    expect(p.maxLoginAttempts).not.toBe('NoLimit');
  });

  it('OAuth username-password and user-agent flows are blocked', () => {
    const o = settings('OauthOidc').OauthOidcSettings;
    expect([o.blockOAuthUnPwFlow, o.blockOAuthUsrAgtFlow]).toEqual(['true', 'true']);
  });

  it('Platform Encryption enables deterministic encryption, field history and the event bus', () => {
    const p = settings('PlatformEncryption').PlatformEncryptionSettings;
    expect([
      p.enableDeterministicEncryption,
      p.enableEncryptFieldHistory,
      p.enableEventBusEncryption
    ]).toEqual(['true', 'true', 'true']);
  });

  it('the scratch definition does not turn on event bus encryption, which needs a tenant secret first', () => {
    // Change Data Capture guide: create the event bus tenant secret before enabling encryption; in Metadata API,
    // enabling it without the secret is an error. No secret can exist while a scratch org is created.
    // https://developer.salesforce.com/docs/platform/change-data-capture/guide/cdc-security-shield-encryption.html
    const def = JSON.parse(readFileSync(path.join(REPO_ROOT, 'config', 'project-scratch-def.json'), 'utf8'));
    expect(def.settings?.platformEncryptionSettings?.enableEventBusEncryption).toBeUndefined();
  });

  it('the integration app uses admin approval, enforced IP ranges, no full scope and no unlimited refresh', () => {
    const policy = readXml(
      path.join(
        FORCE_APP,
        'extlClntAppOauthPolicies',
        'Ecommerce_Integration_oauthPlcy.ecaOauthPlcy-meta.xml'
      )
    ).ExtlClntAppOauthConfigurablePolicies;
    expect(policy.permittedUsersPolicyType).toBe('AdminApprovedPreAuthorized');
    expect(policy.ipRelaxationPolicyType).toBe('Enforce');
    expect(policy.refreshTokenPolicyType).not.toBe('Infinite');
    const oauth = readXml(
      path.join(FORCE_APP, 'extlClntAppOauthSettings', 'Ecommerce_Integration_oauth.ecaOauth-meta.xml')
    ).ExtlClntAppOauthSettings;
    expect(
      String(oauth.commaSeparatedOauthScopes)
        .split(',')
        .map((s) => s.trim())
    ).toEqual(['Api']);
    const global = readXml(
      path.join(
        FORCE_APP,
        'extlClntAppGlobalOauthSets',
        'Ecommerce_Integration_glbloauth.ecaGlblOauth-meta.xml'
      )
    ).ExtlClntAppGlobalOauthSettings;
    expect(global.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(global.consumerSecret).toBeUndefined();
    expect(global.consumerKey).toBeUndefined();
  });

  it('the named credential is https-only with an external credential and a client certificate', () => {
    const nc = readXml(
      path.join(FORCE_APP, 'namedCredentials', 'Pharmacy_Partner.namedCredential-meta.xml')
    ).NamedCredential;
    const params = [nc.namedCredentialParameters].flat();
    expect(params.find((p: { parameterType: string }) => p.parameterType === 'Url').parameterValue).toMatch(
      /^https:\/\//
    );
    expect(params.some((p: { parameterType: string }) => p.parameterType === 'Authentication')).toBe(true);
    expect(
      params.some(
        (p: { parameterType: string; certificate?: string }) =>
          p.parameterType === 'ClientCertificate' && p.certificate
      )
    ).toBe(true);
  });
});

describe('org prerequisites (config/org-prerequisites.json)', () => {
  type Prerequisite = {
    id: string;
    description: string;
    blocking: boolean;
    when: string;
    check: { api: string; query?: string; step?: string; expect?: string };
    components: string[];
    reference: string;
  };
  const doc = JSON.parse(readFileSync(path.join(REPO_ROOT, 'config', 'org-prerequisites.json'), 'utf8')) as {
    prerequisites: Prerequisite[];
  };
  const items = doc.prerequisites;

  it('lists every prerequisite the issue names, once each', () => {
    const ids = items.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'tenant-secret-probabilistic',
      'tenant-secret-deterministic',
      'manage-encryption-keys',
      'field-audit-trail',
      'event-monitoring',
      'digital-experiences',
      'mtls-certificate',
      'eca-consumer-secret-access'
    ])
      expect(ids).toContain(id);
  });

  it('each entry says how to check it, what needs it and which reference rules it', () => {
    for (const p of items) {
      expect([
        p.id,
        p.description.length > 20,
        typeof p.blocking,
        ['before', 'after'].includes(p.when)
      ]).toEqual([p.id, true, 'boolean', true]);
      expect([p.id, ['soql', 'tooling', 'manual'].includes(p.check.api)]).toEqual([p.id, true]);
      const checkable =
        p.check.api === 'manual' ? (p.check.step ?? '').length > 10 : /^SELECT /.test(p.check.query ?? '');
      expect([p.id, checkable]).toEqual([p.id, true]);
      expect([p.id, p.reference]).toEqual([
        p.id,
        expect.stringMatching(/^https:\/\/developer\.salesforce\.com\//)
      ]);
      expect([p.id, p.components.length > 0]).toEqual([p.id, true]);
    }
  });

  it('every component path it names exists in force-app', () => {
    let paths = 0;
    for (const p of items) {
      for (const c of p.components) {
        // A path runs to its first " (" or ", " (file names may hold spaces: networks/Patient Portal.network-meta.xml).
        const first = c.split(' (')[0]!.split(', ')[0]!;
        if (!first.includes('/')) continue;
        paths++;
        expect([p.id, first, existsSync(path.join(FORCE_APP, first))]).toEqual([p.id, first, true]);
      }
    }
    expect(paths).toBeGreaterThanOrEqual(15);
  });

  it('the components that need a licence or secret are covered', () => {
    const named = items.flatMap((p) => p.components).join('\n');
    for (const needed of [
      'settings/PlatformEncryption.settings-meta.xml',
      'namedCredentials/Pharmacy_Partner.namedCredential-meta.xml',
      'sharingSets/Patient_Own_Records.sharingSet-meta.xml',
      'transactionSecurityPolicies/PHI_Report_Export_Guard.transactionSecurityPolicy-meta.xml',
      'extlClntAppGlobalOauthSets/Ecommerce_Integration_glbloauth.ecaGlblOauth-meta.xml'
    ])
      expect(named).toContain(needed);
  });
});
