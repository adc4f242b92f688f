import { objectDef, type ObjectDef } from '../schema';
import {
  ArrayTable,
  GeneratedTable,
  idNumber,
  lazyRows,
  makeId,
  type MdObject,
  type OrgState
} from '../state';
import { applyComponent } from './from-source';
import {
  CHAIN_GENESIS,
  CHAIN_NAME,
  chainHeadRecord,
  recordHash,
  syntheticDedupId,
  syntheticEventUuid
} from '../audit-chain';

/**
 * The `large` profile: the compliant org plus 200,000 users, 2,000 custom objects with 40,000 fields, 1,000
 * permission sets (about 600,000 assignments) and a 1,000,000-row PHI access log hash chain. Everything is a pure
 * function of the row index, so startup only creates the small tables; users, assignments and log rows are computed
 * when a query reads them, and aggregates scan without storing per-user results.
 */
export const LARGE = {
  users: 200_000,
  objects: 2_000,
  fieldsPerObject: 20,
  permissionSets: 1_000,
  assignmentsPerUser: 3,
  phiObjects: 20,
  accessLogRows: 1_000_000
};

const USER_BASE = 1_000_000;
const PSA_BASE = 1_000_000;
const LOG_BASE = 1_000_000;
const DAY = 86_400_000;

function def(name: string): ObjectDef {
  return objectDef(name) as ObjectDef;
}

export function generateLarge(state: OrgState, now: Date): void {
  const standardProfile = state.arrayTable('Profile').find('Name', 'Standard User');
  const profileId = (standardProfile?.Id as string | undefined) ?? null;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());

  // Users: 90% active; last logins spread over 0-119 days; 1 in 10 inactive.
  const users = state.arrayTable('User');
  const created = new Date(today - 800 * DAY).toISOString();
  const userRow = lazyRows({
    Id: (i) => makeId('005', USER_BASE + i),
    Username: (i) => `user${i}@large.example`,
    Name: (i) => `User ${i}`,
    FirstName: () => 'User',
    LastName: (i) => String(i),
    Email: (i) => `user${i}@large.example`,
    Alias: (i) => `u${i}`.slice(0, 8),
    IsActive: (i) => i % 10 !== 0,
    UserType: () => 'Standard',
    ProfileId: () => profileId,
    UserRoleId: () => null,
    LastLoginDate: (i) => new Date(today - (i % 120) * DAY + 9 * 3_600_000).toISOString(),
    FederationIdentifier: () => null,
    ContactId: () => null,
    AccountId: () => null,
    CreatedDate: () => created
  });
  state.setTable(new GeneratedTable(def('User'), LARGE.users, userRow, (id) => userIndex(id), users));

  // Permission sets: 1,000 rows, none with View All / Modify All Data.
  const ps = state.arrayTable('PermissionSet');
  const firstGenPs = ps.size();
  for (let k = 0; k < LARGE.permissionSets; k++)
    ps.insert({
      Id: makeId('0PS', 500_000 + k),
      Name: `Ops_Access_${String(k).padStart(4, '0')}`,
      Label: `Ops Access ${k}`,
      Type: 'Regular',
      NamespacePrefix: null,
      IsOwnedByProfile: false,
      IsCustom: true,
      ProfileId: null,
      PermissionSetGroupId: null,
      PermissionsApiEnabled: k % 5 === 0,
      PermissionsViewAllData: false,
      PermissionsModifyAllData: false,
      PermissionsExportReport: k % 7 === 0,
      PermissionsViewSetup: k % 11 === 0,
      PermissionsForceTwoFactor: true
    });
  void firstGenPs;
  const psIds = Array.from({ length: LARGE.permissionSets }, (_, k) => makeId('0PS', 500_000 + k));
  const psId = (k: number) => psIds[k] as string;

  // Assignments: 3 per user, to permission sets spread by a fixed stride.
  const psaCount = LARGE.users * LARGE.assignmentsPerUser;
  const psaRow = lazyRows({
    Id: (j) => makeId('0Pa', PSA_BASE + j),
    AssigneeId: (j) => makeId('005', USER_BASE + Math.floor(j / LARGE.assignmentsPerUser)),
    PermissionSetId: (j) =>
      psId(
        (Math.floor(j / LARGE.assignmentsPerUser) * 7 + (j % LARGE.assignmentsPerUser) * 331) %
          LARGE.permissionSets
      ),
    PermissionSetGroupId: () => null,
    IsActive: () => true,
    ExpirationDate: () => null,
    SystemModstamp: (j) => new Date(today - (j % 365) * DAY).toISOString()
  });
  state.setTable(
    new GeneratedTable(
      def('PermissionSetAssignment'),
      psaCount,
      psaRow,
      (id) => {
        const n = idNumber('0Pa', id);
        return n === undefined ? undefined : n - PSA_BASE;
      },
      state.arrayTable('PermissionSetAssignment')
    )
  );

  // 2,000 custom objects with 20 fields each; the first 20 hold PHI (HIPAA compliance group, encrypted).
  const ents = state.arrayTable('EntityDefinition');
  const fds = state.arrayTable('FieldDefinition');
  const ops = state.arrayTable('ObjectPermissions');
  const fps = state.arrayTable('FieldPermissions');
  const ts = new Date(today - 30 * DAY).toISOString();
  for (let o = 0; o < LARGE.objects; o++) {
    const name = `Ops_Object_${String(o).padStart(4, '0')}__c`;
    const phi = o < LARGE.phiObjects;
    if (phi) {
      const fields: MdObject[] = [];
      for (let f = 0; f < LARGE.fieldsPerObject; f++)
        fields.push({
          fullName: `Field_${String(f).padStart(2, '0')}__c`,
          label: `Field ${f}`,
          type: 'Text',
          length: '255',
          ...(f < 5
            ? {
                complianceGroup: 'HIPAA',
                securityClassification: 'Restricted',
                encryptionScheme: 'ProbabilisticEncryption',
                trackHistory: 'true'
              }
            : {})
        });
      applyComponent(
        state,
        'CustomObject',
        name,
        {
          label: `Ops Object ${o}`,
          pluralLabel: `Ops Objects ${o}`,
          sharingModel: 'Private',
          externalSharingModel: 'Private',
          enableHistory: 'true',
          deploymentStatus: 'Deployed',
          fields
        },
        now
      );
      continue;
    }
    const durable = makeId('01I', 100_000 + o);
    ents.insert({
      Id: durable,
      DurableId: durable,
      QualifiedApiName: name,
      DeveloperName: name.replace(/__c$/, ''),
      MasterLabel: `Ops Object ${o}`,
      Label: `Ops Object ${o}`,
      NamespacePrefix: null,
      KeyPrefix: null,
      InternalSharingModel: o % 3 === 0 ? 'ReadWrite' : 'Private',
      ExternalSharingModel: 'Private',
      IsCustomizable: true,
      IsCustomSetting: false,
      IsEverCreatable: true,
      IsQueryable: true,
      PublisherId: '<local>',
      LastModifiedDate: ts
    });
    for (let f = 0; f < LARGE.fieldsPerObject; f++) {
      const fid = makeId('00N', 1_000_000 + o * LARGE.fieldsPerObject + f);
      fds.insert({
        Id: fid,
        DurableId: `${durable}.${fid.slice(0, 15)}`,
        QualifiedApiName: `Field_${String(f).padStart(2, '0')}__c`,
        DeveloperName: `Field_${String(f).padStart(2, '0')}`,
        MasterLabel: `Field ${f}`,
        Label: `Field ${f}`,
        DataType: f % 4 === 0 ? 'Checkbox' : 'Text(255)',
        Length: f % 4 === 0 ? 0 : 255,
        SecurityClassification: f % 10 === 0 ? 'Internal' : null,
        ComplianceGroup: null,
        IsFieldHistoryTracked: false,
        IsIndexed: false,
        IsCompound: false,
        IsNillable: true,
        NamespacePrefix: null,
        LastModifiedDate: ts,
        EntityDefinitionId: durable
      });
    }
  }
  // Each generated permission set grants read on 5 non-PHI objects and 10 of their fields.
  for (let k = 0; k < LARGE.permissionSets; k++) {
    for (let g = 0; g < 5; g++) {
      const o = LARGE.phiObjects + ((k * 5 + g) % (LARGE.objects - LARGE.phiObjects));
      const obj = `Ops_Object_${String(o).padStart(4, '0')}__c`;
      ops.insert({
        Id: makeId('110', 1_000_000 + k * 5 + g),
        ParentId: psId(k),
        SobjectType: obj,
        PermissionsRead: true,
        PermissionsCreate: g === 0,
        PermissionsEdit: g === 0,
        PermissionsDelete: false,
        PermissionsViewAllRecords: false,
        PermissionsModifyAllRecords: false,
        PermissionsViewAllFields: false,
        SystemModstamp: ts
      });
      for (let f = 1; f <= 2; f++)
        fps.insert({
          Id: makeId('01k', 1_000_000 + k * 10 + g * 2 + f),
          ParentId: psId(k),
          SobjectType: obj,
          Field: `${obj}.Field_${String(f).padStart(2, '0')}__c`,
          PermissionsRead: true,
          PermissionsEdit: f === 1,
          SystemModstamp: ts
        });
    }
  }

  state.setTable(accessLogTable(state, now));
}

function userIndex(id: string): number | undefined {
  const n = idNumber('005', id);
  return n === undefined || n < USER_BASE ? undefined : n - USER_BASE;
}

/**
 * PHI_Access_Log__c with 1,000,000 chained rows, format v3 (docs/audit-hash-format.md), hashed by the emulator's
 * own implementation (../audit-chain.ts). Hashes depend on every earlier row, so they are computed incrementally,
 * only as far as a read needs, into a 32 MB buffer; other columns come from the index. The chain head
 * (PHI_Audit_Chain_Head__c) is set to match, its digest computed when first read.
 */
export function accessLogTable(state: OrgState, now: Date, count = LARGE.accessLogRows): GeneratedTable {
  // Whole seconds: DateTime fields store no milliseconds, and the canonical form refuses them.
  const start = Math.floor(now.getTime() / 1000) * 1000 - count * 1000;
  const fields = ['Allergies__c,Date_of_Birth__c', 'Conditions__c', 'Dosage__c,Medication__c', ''];
  const actions = ['view', 'reveal', 'update', 'view', 'export', 'view'];
  const channels = ['portal', 'console', 'api', 'batch'];
  const objects = ['Contact', 'Health_Intake__c', 'Prescription__c'];
  const prefixes = ['003', 'a02', 'a03'];
  const recordId = (i: number) => makeId(prefixes[i % 3] as string, 1 + (i % 99_991));
  const occurredAt = (i: number) => new Date(start + i * 1000).toISOString();
  // The record as stored, without Hash__c (what the canonical form reads).
  const logRecord = (i: number, previousHash: string) => ({
    Sequence__c: i + 1,
    Occurred_At__c: occurredAt(i),
    Actor_Id__c: makeId('005', USER_BASE + ((i * 7919) % LARGE.users)),
    Object_Name__c: objects[i % 3],
    Record_Id__c: recordId(i),
    Field_Names__c: fields[i % 4] || null,
    Action__c: actions[i % 6],
    Channel__c: channels[i % 4],
    Purpose__c: i % 5 === 0 ? null : 'TREATMENT',
    Hash_Version__c: 'v3',
    Event_Uuid__c: syntheticEventUuid(i + 1),
    Dedup_Id__c: syntheticDedupId(i + 1, recordId(i)),
    Previous_Hash__c: previousHash
  });
  // Hashes are computed incrementally, only as far as a read needs (a full export computes them all once).
  const hashes = Buffer.alloc(count * 32);
  let computed = 0;
  let prev = CHAIN_GENESIS;
  const hashAt = (i: number): string => {
    if (i < 0) return CHAIN_GENESIS;
    for (; computed <= i; computed++) {
      prev = recordHash(logRecord(computed, prev));
      hashes.write(prev, computed * 32, 'hex');
    }
    return hashes.toString('hex', i * 32, i * 32 + 32);
  };
  const make = lazyRows({
    Id: (i) => makeId('a01', LOG_BASE + i),
    Name: (i) => `LOG-${String(i + 1).padStart(9, '0')}`,
    Sequence__c: (i) => i + 1,
    Sequence_Key__c: (i) => String(i + 1),
    Occurred_At__c: occurredAt,
    Actor_Id__c: (i) => logRecord(i, '').Actor_Id__c,
    Object_Name__c: (i) => objects[i % 3],
    Record_Id__c: recordId,
    Field_Names__c: (i) => fields[i % 4] || null,
    Action__c: (i) => actions[i % 6],
    Channel__c: (i) => channels[i % 4],
    Purpose__c: (i) => (i % 5 === 0 ? null : 'TREATMENT'),
    Hash_Version__c: () => 'v3',
    Event_Uuid__c: (i) => syntheticEventUuid(i + 1),
    Dedup_Id__c: (i) => syntheticDedupId(i + 1, recordId(i)),
    Previous_Hash__c: (i) => hashAt(i - 1),
    Hash__c: (i) => hashAt(i),
    CreatedDate: (i) => new Date(start + i * 1000 + 1000).toISOString()
  });
  const headId = state.arrayTable('PHI_Audit_Chain_Head__c').find('Chain__c', CHAIN_NAME)?.Id as
    string | undefined;
  const head = chainHeadRecord(headId ?? makeId('a0H', 1), count, '');
  state.setTable(
    new GeneratedTable(
      def('PHI_Audit_Chain_Head__c'),
      1,
      lazyRows({
        ...Object.fromEntries(Object.entries(head).map(([k, v]) => [k, () => v])),
        Last_Digest__c: () => hashAt(count - 1)
      }),
      (id) => (id === head.Id ? 0 : undefined)
    )
  );
  return new GeneratedTable(def('PHI_Access_Log__c'), count, make, (id) => {
    const n = idNumber('a01', id);
    return n === undefined ? undefined : n - LOG_BASE;
  });
}

export { ArrayTable };
