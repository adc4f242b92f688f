import {
  addAssignments,
  addGroups,
  addObjectPermissions,
  buildAccess,
  grantingIds
} from '../../../src/posture/org/access';
import { namedCredential } from '../../../src/posture/org/integrations';
import { fieldFromDefinition, mergeField, metadataType } from '../../../src/posture/org/schema';
import { passwordOf, sessionOf } from '../../../src/posture/org/settings';

describe('org records to snapshot facts (pure)', () => {
  it('maps FieldDefinition.DataType display types to Metadata API types', () => {
    expect(metadataType('Long Text Area(32768)')).toEqual({ type: 'LongTextArea' });
    expect(metadataType('Text(80)')).toEqual({ type: 'Text' });
    expect(metadataType('Text (Encrypted)(175)')).toEqual({ type: 'EncryptedText' });
    expect(metadataType('Master-Detail(Patient__c)')).toEqual({
      type: 'MasterDetail',
      referenceTo: 'Patient__c'
    });
    expect(metadataType('Lookup(User,Group)')).toEqual({ type: 'Lookup', referenceTo: 'User,Group' });
    expect(metadataType('Date/Time')).toEqual({ type: 'DateTime' });
    expect(metadataType('Picklist (Multi-Select)')).toEqual({ type: 'MultiselectPicklist' });
  });

  it('reads compliance groups from FieldDefinition and lets the CustomObject read add the scheme', () => {
    const base = fieldFromDefinition({
      EntityDefinition: { QualifiedApiName: 'Contact' },
      QualifiedApiName: 'Birthdate',
      DataType: 'Date',
      ComplianceGroup: 'HIPAA;PII',
      IsFieldHistoryTracked: true
    })!;
    expect(base).toMatchObject({
      id: 'Contact.Birthdate',
      complianceGroups: ['HIPAA', 'PII'],
      standard: true,
      trackHistory: true
    });
    const merged = mergeField(
      'Contact',
      { fullName: 'Birthdate', encryptionScheme: 'ProbabilisticEncryption' },
      base
    )!;
    expect(merged).toMatchObject({
      encryptionScheme: 'ProbabilisticEncryption',
      complianceGroups: ['HIPAA', 'PII'],
      type: 'Date'
    });
    expect(
      mergeField('Contact', { fullName: 'Notes__c', type: 'LongTextArea' }, undefined)!.encryptionScheme
    ).toBe('None');
  });

  it('builds grants from PermissionSet rows (profiles by name, groups set aside) and finds PHI holders', () => {
    const access = buildAccess(
      [
        { Id: 'ps1', Name: 'Clinical', Type: 'Regular', PermissionsViewAllData: false },
        {
          Id: 'ps2',
          Name: 'X00e1',
          IsOwnedByProfile: true,
          ProfileId: '00e1',
          Profile: { Name: 'Site Guest', UserType: 'Guest' }
        },
        { Id: 'ps3', Name: 'Admin', Type: 'Regular', PermissionsViewAllData: true },
        { Id: 'agg', Name: 'G', Type: 'Group', PermissionSetGroupId: 'g1' }
      ],
      new Set()
    );
    addGroups(
      access,
      [{ Id: 'g1', DeveloperName: 'Care_Team' }],
      [{ PermissionSetGroupId: 'g1', PermissionSetId: 'ps1' }]
    );
    addObjectPermissions(access, [{ ParentId: 'ps1', SobjectType: 'Patient__c', PermissionsRead: true }]);
    addAssignments(access, [
      { PermissionSetId: 'ps1', n: 3 },
      { PermissionSetId: 'agg', n: 4 }
    ]);
    const guest = access.byId.get('ps2')!;
    expect(guest).toMatchObject({
      kind: 'Profile',
      name: 'Site Guest',
      license: 'Guest User License',
      assignees: 0
    });
    expect(access.byId.get('ps3')!.userPermissions.has('ViewAllData')).toBe(true);
    expect(access.byId.has('agg')).toBe(false);
    expect(access.groups.get('g1')).toMatchObject({
      name: 'Care_Team',
      permissionSets: ['Clinical'],
      assignees: 4
    });
    expect(grantingIds(access, new Set(['patient__c']))).toEqual(['agg', 'ps1', 'ps3']);
  });

  it('reads settings and named credentials from Metadata API records, never copying secrets', () => {
    expect(
      sessionOf({
        sessionSettings: {
          sessionTimeout: 'FifteenMinutes',
          forceLogoutOnSessionTimeout: true,
          // jsforce returns some booleans as text
          requireHttpOnly: 'true' as unknown as boolean
        }
      })
    ).toMatchObject({
      timeoutMinutes: 15,
      forceLogout: true,
      httpOnly: true
    });
    expect(
      passwordOf({ passwordPolicies: { minimumPasswordLength: '12', historyRestriction: '5' } })
    ).toMatchObject({ minLength: 12, historyRestriction: 5 });
    const nc = namedCredential({
      fullName: 'Lab',
      password: 'do-not-copy',
      namedCredentialParameters: [
        { parameterName: 'Url', parameterType: 'Url', parameterValue: 'https://lab.example.com' },
        { parameterName: 'Cert', parameterType: 'ClientCertificate', certificate: 'Lab_mTLS' }
      ]
    })!;
    expect(nc).toMatchObject({
      url: 'https://lab.example.com',
      clientCertificate: 'Lab_mTLS',
      mtlsDeclared: true
    });
    expect(JSON.stringify(nc)).not.toContain('do-not-copy');
  });
});
