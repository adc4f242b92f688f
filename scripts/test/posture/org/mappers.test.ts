import type { QueryResult } from '../../../src/org/client';
import type { OrgFailure } from '../../../src/org/errors';
import {
  addAssignments,
  addFieldPermissions,
  addGroups,
  addMutingSets,
  addObjectPermissions,
  buildAccess,
  grantingIds
} from '../../../src/posture/org/access';
import { eventSettings, transactionPolicies } from '../../../src/posture/org/events';
import {
  connectedApp,
  externalClientApps,
  externalCredential,
  namedCredential,
  remoteSite
} from '../../../src/posture/org/integrations';
import {
  eventMonitoring,
  healthCheck,
  installedPackages,
  oauthTokens,
  packageAccess,
  runningUser,
  tenantSecrets,
  userCountQueries
} from '../../../src/posture/org/org-facts';
import {
  entityQuery,
  fieldFromDefinition,
  listViewFilters,
  mergeField,
  mergeObject,
  metadataType,
  objectFromEntity
} from '../../../src/posture/org/schema';
import {
  encryptionOf,
  passwordOf,
  profilePassword,
  profileSession,
  sessionOf
} from '../../../src/posture/org/settings';
import { failed, list, num, pick, str, strings, type Md } from '../../../src/posture/org/util';
import { known, unknown } from '../../../src/posture/model';

/**
 * The org record mappers on the degraded answers an org can give: a refused query, a record with
 * empty or missing columns, a single element where the SOAP answer usually has a list, aggregate
 * aliases (`expr0`), booleans as text. Each mapper keeps what it can, leaves nothing invented, and
 * never turns a refusal into an empty "all clear".
 */

const rows = (records: Md[]): QueryResult<Md> => ({ ok: true, records, totalSize: records.length });
const refused = (errorCode: string, kind: OrgFailure['kind'] = 'fact'): QueryResult<Md> => ({
  ok: false,
  failure: { kind, status: 400, errorCode, message: errorCode }
});
const failureOf = (r: QueryResult<Md>) => (r.ok ? undefined : r.failure)!;
/** A Metadata API record as jsforce returns it: text where the WSDL says boolean or number, one element where it says a list. */
const wire = (record: Md): never => record as never;
const ALL_PERMS = { CustomizeApplication: true, ManageEncryptionKeys: true, ViewEventLogFiles: true };

describe('util: reasons for refused reads, and values as jsforce returns them', () => {
  it('names the cause of a refused read: feature absent, access refused, timeout, or the code', () => {
    expect(failed('X', failureOf(refused('NOT_FOUND'))).reason).toBe(
      'X: the org does not have this feature (INVALID_TYPE)'
    );
    for (const code of ['INSUFFICIENT_ACCESS', 'INSUFFICIENT_ACCESS_OR_READONLY', 'API_DISABLED_FOR_ORG'])
      expect(failed('X', failureOf(refused(code)), 'View Setup').reason).toBe(
        'X: the running user lacks View Setup (INSUFFICIENT_ACCESS)'
      );
    expect(failed('X', failureOf(refused('INSUFFICIENT_ACCESS'))).reason).toMatch(
      /lacks the needed permission/
    );
    expect(failed('X', failureOf(refused('ETIMEDOUT', 'retry'))).reason).toBe(
      'X: the org did not answer in time'
    );
    expect(failed('X', failureOf(refused('MALFORMED_QUERY'))).reason).toBe(
      'X: the read failed (MALFORMED_QUERY)'
    );
  });

  it('reads single elements, lists, text numbers and nested paths', () => {
    expect(list({ a: 1 })).toEqual([{ a: 1 }]);
    expect(list('')).toEqual([]);
    expect(list([{ a: 1 }, 'x', null])).toEqual([{ a: 1 }]);
    expect(strings(undefined)).toEqual([]);
    expect(strings('Api')).toEqual(['Api']);
    expect(strings(['Api', 3])).toEqual(['Api']);
    expect(str(12)).toBe('12');
    expect(str(false)).toBe('false');
    expect(str({})).toBeUndefined();
    expect(num(Infinity)).toBeUndefined();
    expect(num('12')).toBe(12);
    expect(num(' ')).toBeUndefined();
    expect(num('twelve')).toBeUndefined();
    expect(num(null)).toBeUndefined();
    expect(pick({ Profile: { Name: 'Admin' } }, 'Profile.Name')).toBe('Admin');
    expect(pick({ Profile: null }, 'Profile.Name')).toBeUndefined();
    expect(pick({ Profile: ['x'] }, 'Profile.Name')).toBeUndefined();
  });
});

describe('settings records', () => {
  it('a SecuritySettings record without session or password sections gives no fact (the loader marks it unknown)', () => {
    expect(sessionOf({ fullName: 'Security' })).toBeUndefined();
    expect(passwordOf({ fullName: 'Security' })).toBeUndefined();
    expect(sessionOf(wire({ sessionSettings: { forceLogoutOnSessionTimeout: 'false' } }))).toMatchObject({
      timeoutValue: undefined,
      timeoutMinutes: undefined,
      forceLogout: false
    });
  });

  it('reads the documented deterministic-encryption spelling when the WSDL one is absent', () => {
    expect(encryptionOf({ enableDeterministEncryption: 'true' }).deterministic).toBe(true);
    expect(encryptionOf({}).deterministic).toBeUndefined();
  });

  it('per-profile policies need a profile; the full name falls back to it', () => {
    expect(profileSession(wire({ fullName: 'x', sessionTimeout: '15' }))).toBeUndefined();
    expect(profilePassword({ fullName: 'x' })).toBeUndefined();
    expect(profileSession(wire({ profile: 'Support', sessionTimeout: '120' }))).toMatchObject({
      profile: 'Support',
      session: { timeoutMinutes: 120 },
      at: { api: 'ProfileSessionSetting', id: 'Support' }
    });
    expect(profilePassword(wire({ profile: 'Support', passwordHistory: '3' }))).toMatchObject({
      password: { historyRestriction: 3 },
      at: { api: 'ProfilePasswordPolicy', id: 'Support' }
    });
  });
});

describe('integration records (secrets never copied)', () => {
  it('connected apps: no name is no fact; no OAuth config leaves the OAuth facts unknown', () => {
    expect(connectedApp({ label: 'x' })).toBeUndefined();
    expect(connectedApp({ fullName: 'Portal' })).toMatchObject({
      hasOauth: false,
      scopes: [],
      certificate: undefined,
      adminApproved: undefined
    });
    const app = connectedApp(
      wire({
        fullName: 'Sync',
        oauthConfig: {
          scopes: 'Api',
          certificate: 'Cert',
          isAdminApproved: 'true',
          consumerSecret: 'do-not-copy'
        }
      })
    )!;
    expect(app).toMatchObject({ hasOauth: true, scopes: ['Api'], certificate: true, adminApproved: true });
    expect(JSON.stringify(app)).not.toContain('do-not-copy');
  });

  it('external client apps: settings without an app name, or without scopes, still make an app', () => {
    const apps = externalClientApps(
      ['Listed_Only'],
      [{ fullName: 's1' }],
      [{ fullName: 'g1' }],
      [{ fullName: 'p1' }]
    );
    expect(apps.map((a) => a.name)).toEqual(['Listed_Only', '?']);
    expect(apps[0]).toMatchObject({ hasOauth: false, scopes: [] });
    expect(apps[1]).toMatchObject({ hasOauth: true, scopes: [], certificate: false, adminApproved: false });
  });

  it('endpoints: no name is no fact; URL and certificate from whichever element the record has', () => {
    expect(remoteSite({ url: 'http://x' })).toBeUndefined();
    expect(namedCredential({ endpoint: 'http://x' })).toBeUndefined();
    expect(externalCredential({})).toBeUndefined();
    expect(
      namedCredential({ fullName: 'Legacy', endpoint: 'https://legacy.example.com', certificate: 'Old_Cert' })
    ).toMatchObject({
      url: 'https://legacy.example.com',
      clientCertificate: 'Old_Cert',
      mtlsDeclared: false
    });
    expect(
      namedCredential(
        wire({
          fullName: 'Lab',
          description: 'Mutual TLS to the lab',
          namedCredentialParameters: { parameterType: 'ClientCertificate', parameterValue: 'Lab_Cert' }
        })
      )
    ).toMatchObject({ clientCertificate: 'Lab_Cert', mtlsDeclared: true, url: undefined });
    expect(namedCredential({ fullName: 'Plain', label: 'mtls partner' })!.mtlsDeclared).toBe(true);
    expect(
      externalCredential(
        wire({
          fullName: 'Oauth',
          externalCredentialParameters: [
            { parameterType: 'AuthProtocolVariant' },
            { parameterType: 'TokenEndpoint', parameterValue: 'https://t.example.com' }
          ]
        })
      )
    ).toMatchObject({ url: 'https://t.example.com' });
    expect(externalCredential({ fullName: 'None' })!.url).toBeUndefined();
  });
});

describe('schema records', () => {
  it('escapes the paging key, and skips rows without names', () => {
    expect(entityQuery("O'Brien")).toContain("DurableId > 'O\\'Brien'");
    expect(objectFromEntity({ Label: 'x' })).toBeUndefined();
    expect(fieldFromDefinition({ QualifiedApiName: 'X__c' })).toBeUndefined();
    expect(metadataType(undefined)).toEqual({});
    expect(metadataType('Hierarchy(User)')).toEqual({ type: 'Lookup', referenceTo: 'User' });
    expect(metadataType('Brand New Type')).toEqual({ type: 'Brand New Type' });
  });

  it('a CustomObject field without a name keeps the FieldDefinition fact; a sparse one keeps its values', () => {
    const base = fieldFromDefinition({
      EntityDefinition: { QualifiedApiName: 'Patient__c' },
      QualifiedApiName: 'Notes__c',
      DataType: 'Long Text Area(32768)',
      Label: 'Notes',
      SecurityClassification: 'Restricted',
      IsFieldHistoryTracked: true
    })!;
    expect(base.complianceGroups).toEqual([]);
    expect(mergeField('Patient__c', { type: 'Text' }, base)).toBe(base);
    expect(mergeField('Patient__c', { fullName: 'Notes__c' }, base)).toMatchObject({
      type: 'LongTextArea',
      label: 'Notes',
      classification: 'Restricted',
      trackHistory: true,
      complianceGroups: [],
      encryptionScheme: 'None'
    });
    expect(mergeField('Patient__c', { fullName: 'New__c', complianceGroup: '' }, undefined)).toMatchObject({
      complianceGroups: [],
      type: undefined
    });
  });

  it('objects: Field Audit Trail policy when present; EntityDefinition values when the read lacks them', () => {
    const base = objectFromEntity({
      QualifiedApiName: 'Patient__c',
      Label: 'Patient',
      InternalSharingModel: 'Private',
      ExternalSharingModel: 'Private'
    });
    expect(mergeObject('Patient__c', {}, base)).toMatchObject({
      label: 'Patient',
      sharingModel: 'Private',
      externalSharingModel: 'Private',
      historyRetention: undefined
    });
    expect(
      mergeObject(
        'Patient__c',
        wire({ historyRetentionPolicy: { archiveAfterMonths: '18', archiveRetentionYears: '10' } }),
        undefined
      )
    ).toMatchObject({
      historyRetention: { archiveAfterMonths: 18, archiveRetentionYears: 10 },
      label: undefined
    });
    expect(
      listViewFilters('Patient__c', {
        listViews: [
          { fullName: 'All', filters: [{ field: 'Patient__c.Diagnosis__c' }, { operation: 'equals' }] },
          { filters: { field: 'MRN__c' } }
        ]
      }).map((f) => `${f.component} ${f.field}`)
    ).toEqual(['Patient__c.All Diagnosis__c', 'Patient__c.? MRN__c']);
  });
});

describe('permission records', () => {
  it('skips rows without ids or names; names profiles by profile, then set name, then id', () => {
    const access = buildAccess(
      [
        { Name: 'no-id' },
        { Id: 'agg0', Type: 'Group' },
        { Id: 'p1', IsOwnedByProfile: true, ProfileId: '00eGuest', Name: 'X00eGuest' },
        { Id: 'p2', IsOwnedByProfile: 'true' },
        { Id: 'ps1' }
      ],
      new Set(['00eGuest'])
    );
    expect([...access.byId.keys()]).toEqual(['p1', 'p2', 'ps1']);
    expect(access.groupOfAggregate.size).toBe(0);
    expect(access.byId.get('p1')).toMatchObject({
      kind: 'Profile',
      name: 'X00eGuest',
      license: 'Guest User License'
    });
    expect(access.byId.get('p2')).toMatchObject({ kind: 'Profile', name: 'p2', license: undefined });
    expect(access.byId.get('ps1')).toMatchObject({ kind: 'PermissionSet', name: 'ps1' });
  });

  it('groups: muting members, and components naming unknown groups or sets, are placed or dropped', () => {
    const access = buildAccess(
      [
        { Id: 'ps1', Name: 'Support', Type: 'Regular', PermissionsModifyAllData: 'true' },
        { Id: 'agg1', Name: 'G1', Type: 'Group', PermissionSetGroupId: 'g1' },
        { Id: 'agg2', Name: 'G2', Type: 'Group', PermissionSetGroupId: 'g2' }
      ],
      new Set()
    );
    addMutingSets(access, [{ Id: 'm1', DeveloperName: 'Mute_Export' }, { Id: 'm2' }, { DeveloperName: 'x' }]);
    addGroups(
      access,
      [{ Id: 'g1', DeveloperName: 'Support_Team' }, { Id: 'g2', DeveloperName: 'Empty_Team' }, { Id: 'g3' }],
      [
        { PermissionSetGroupId: 'g1', PermissionSetId: 'ps1' },
        { PermissionSetGroupId: 'g1', PermissionSetId: 'm1' },
        { PermissionSetGroupId: 'g9', PermissionSetId: 'ps1' },
        { PermissionSetGroupId: 'g1', PermissionSetId: 'nope' }
      ]
    );
    expect(access.groups.get('g1')).toMatchObject({
      permissionSets: ['Support'],
      mutingPermissionSet: 'Mute_Export'
    });
    expect(access.groups.has('g3')).toBe(false);
    addObjectPermissions(access, [
      { ParentId: 'nope', SobjectType: 'Patient__c', PermissionsRead: true },
      { ParentId: 'ps1' },
      { ParentId: 'm1', SobjectType: 'Patient__c', PermissionsRead: true }
    ]);
    addFieldPermissions(access, [
      { ParentId: 'ps1', Field: 'Patient__c.MRN__c', PermissionsRead: 'true' },
      { ParentId: 'ps1' },
      { ParentId: 'nope', Field: 'Patient__c.MRN__c' }
    ]);
    expect(access.byId.get('ps1')!.fields.get('patient__c.mrn__c')).toEqual({ read: true, edit: false });
    addAssignments(access, [
      { PermissionSetId: 'ps1', expr0: 2 },
      { PermissionSetId: 'agg1' },
      { PermissionSetId: 'unknown', n: 9 },
      {}
    ]);
    expect(access.byId.get('ps1')!.assignees).toBe(2);
    expect(access.groups.get('g1')!.assignees).toBe(0);
    expect(access.groups.get('g2')!.assignees).toBe(0);
    // Modify All Data grants every object; the muting set never grants; a group grants through its members.
    expect(grantingIds(access, new Set(['patient__c']))).toEqual(['agg1', 'ps1']);
  });

  it('create or delete on a PHI object grants access; edit or read on another object does not', () => {
    const access = buildAccess(
      [
        { Id: 'a', Name: 'Creator' },
        { Id: 'b', Name: 'Deleter' },
        { Id: 'c', Name: 'Elsewhere' }
      ],
      new Set()
    );
    addObjectPermissions(access, [
      { ParentId: 'a', SobjectType: 'Patient__c', PermissionsCreate: true },
      { ParentId: 'b', SobjectType: 'Patient__c', PermissionsDelete: true },
      { ParentId: 'c', SobjectType: 'Account', PermissionsEdit: true, PermissionsRead: true }
    ]);
    expect(grantingIds(access, new Set(['patient__c']))).toEqual(['a', 'b']);
  });
});

describe('org-only facts', () => {
  it('the running user: unknown when UserPermissionAccess is refused or empty; only Permissions columns', () => {
    expect(runningUser(refused('INVALID_TYPE'))).toBeUndefined();
    expect(runningUser(rows([]))).toBeUndefined();
    expect(
      runningUser(
        rows([
          {
            attributes: { type: 'UserPermissionAccess' },
            PermissionsViewSetup: true,
            PermissionsManageUsers: 'true'
          }
        ])
      )
    ).toEqual({
      ViewSetup: true,
      ManageUsers: false
    });
  });

  it('tenant secrets: refused is unknown; an unknown running user with no rows is unknown; rows keep no secret', () => {
    expect(tenantSecrets(refused('INVALID_TYPE'), ALL_PERMS)).toMatchObject({
      known: false,
      reason: 'TenantSecret: the org does not have this feature (INVALID_TYPE)'
    });
    expect(tenantSecrets(rows([]), undefined)).toMatchObject({
      known: false,
      reason: 'UserPermissionAccess: the read failed (no rows)'
    });
    const r = tenantSecrets(rows([{ Id: '02G1', SecretValue: 'do-not-copy' }]), undefined);
    expect(r).toMatchObject({ known: true, value: [{ type: '?', status: '?', version: undefined }] });
    expect(JSON.stringify(r)).not.toContain('do-not-copy');
  });

  it('event log files: refused is unknown; counts read from n or expr0', () => {
    expect(eventMonitoring(refused('INVALID_TYPE'), ALL_PERMS, 30)).toMatchObject({ known: false });
    expect(
      eventMonitoring(rows([{ EventType: 'Report', expr0: 3 }, { n: 'x' }]), ALL_PERMS, 30)
    ).toMatchObject({
      known: true,
      value: { logFiles: { Report: 3, '?': 0 } }
    });
  });

  it('health check: either query refused is unknown; a risk is named by setting, group, or "?"', () => {
    expect(healthCheck(refused('INVALID_TYPE'), rows([]))).toMatchObject({ known: false });
    expect(healthCheck(rows([{ Score: 90 }]), refused('INSUFFICIENT_ACCESS'))).toMatchObject({
      known: false,
      reason:
        'SecurityHealthCheckRisks: the running user lacks View Setup and Configuration (INSUFFICIENT_ACCESS)'
    });
    expect(
      healthCheck(
        rows([{ Score: '72' }]),
        rows([{ Setting: 'MinPwdLength' }, { SettingGroup: 'Session' }, {}])
      )
    ).toMatchObject({ known: true, value: { score: 72, highRisks: ['MinPwdLength', 'Session', '?'] } });
  });

  it('installed packages: refused gives none (the loader records the gap); names and versions from what is there', () => {
    expect(installedPackages(refused('INVALID_TYPE'))).toEqual([]);
    expect(
      installedPackages(
        rows([
          { SubscriberPackage: { Name: 'No Namespace Pkg' } },
          {
            SubscriberPackage: { NamespacePrefix: 'acme' },
            SubscriberPackageVersion: { MajorVersion: 2, MinorVersion: 1 }
          },
          {}
        ])
      ).map((p) => `${p.namespace} ${p.versionNumber}`)
    ).toEqual(['No Namespace Pkg undefined', 'acme 2.1', '? undefined']);
  });

  it('package access: any object right on a PHI object, or View/Modify All Data, counts', () => {
    const access = buildAccess(
      [
        { Id: 'v', Name: 'Viewer', NamespacePrefix: 'acme' },
        { Id: 'w', Name: 'Auditor', NamespacePrefix: 'audit', PermissionsViewAllData: true },
        { Id: 'x', Name: 'Local' }
      ],
      new Set()
    );
    addObjectPermissions(access, [
      { ParentId: 'v', SobjectType: 'Patient__c', PermissionsViewAllRecords: true },
      { ParentId: 'v', SobjectType: 'Account', PermissionsRead: true },
      { ParentId: 'x', SobjectType: 'Patient__c', PermissionsRead: true }
    ]);
    const phi = new Set(['patient__c', 'prescription__c']);
    const out = packageAccess(
      [
        { namespace: 'ACME', at: { api: 'InstalledSubscriberPackage' } },
        { namespace: 'audit', at: { api: 'InstalledSubscriberPackage' } }
      ],
      new Map([['audit', 'Audit Tools']]),
      access,
      phi,
      (o) => o.replace('__c', '__C')
    );
    expect(out.map((p) => `${p.namespace} ${p.name} ${p.objects.join(',')}`)).toEqual([
      'ACME undefined patient__C',
      'audit Audit Tools patient__C,prescription__C'
    ]);
  });

  it('OAuth tokens: refused, or an unknown running user, is unknown; rows grouped by app', () => {
    expect(oauthTokens(refused('INSUFFICIENT_ACCESS'), ALL_PERMS)).toMatchObject({ known: false });
    expect(oauthTokens(rows([]), undefined)).toMatchObject({
      known: false,
      reason: 'UserPermissionAccess: the read failed (no rows)'
    });
    expect(oauthTokens(rows([{ AppName: 'Sync', expr0: 4 }, {}]), ALL_PERMS)).toMatchObject({
      known: true,
      value: [
        { app: 'Sync', tokens: 4 },
        { app: '?', tokens: 0 }
      ]
    });
  });

  it('user counts: with org-wide MFA the third count is of MFA waivers, not of users without MFA', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(userCountQueries(['0PS1'], now, 90, true).mfa).toMatch(/PermissionsBypassMFAForUiLogins = true/);
    expect(userCountQueries(['0PS1'], now, 90, undefined).mfa).toMatch(
      /NOT IN .*PermissionsForceTwoFactor = true/
    );
  });
});

describe('event monitoring records', () => {
  it('transaction policies: refused is unknown; missing columns are "?"', () => {
    expect(transactionPolicies(refused('INVALID_TYPE'))).toMatchObject({ known: false });
    expect(transactionPolicies(rows([{}]))).toMatchObject({
      known: true,
      value: [{ name: '?', state: '?', type: undefined }]
    });
  });

  it('event settings: unknown settings stay unknown; real-time streams without a name are skipped', () => {
    const gap = unknown('unreadable', 'refused', 'EventSettings');
    expect(eventSettings(gap, gap)).toBe(gap);
    const at = { api: 'x' };
    expect(
      eventSettings(
        known({ enableEventLogGeneration: 'true' }, at),
        known(
          { realTimeEvents: [{ entityName: 'ApiEventStream', isEnabled: 'true' }, { isEnabled: true }] },
          at
        )
      )
    ).toMatchObject({
      known: true,
      value: { logGeneration: true, realTimeEvents: { known: true, value: { ApiEventStream: true } } }
    });
  });
});
