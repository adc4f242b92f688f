import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readXml } from '../xml';
import { asArray, local, text, xmlToMd } from '../mdxml';
import { registerCustomObject } from '../schema';
import { ArrayTable, makeId, type MdObject, type MdValue, type OrgState, type Row } from '../state';
import { attachSourceResources } from '../site';

/**
 * Loads an SFDX package directory (force-app) into the emulator's state "as if deployed": every metadata file
 * becomes a Metadata API component (type = the XML root element, fullName from the file name), and the rows an org
 * derives from that metadata (EntityDefinition, FieldDefinition, CustomField, PermissionSet, ObjectPermissions,
 * FieldPermissions, ApexClass, ApexTrigger, NamedCredential, RemoteProxy...) are created alongside.
 * Source format: https://developer.salesforce.com/docs/atlas.en-us.sfdx_dev.meta/sfdx_dev/sfdx_dev_source_file_format.htm
 */
export function loadSource(state: OrgState, dir: string, now: Date): void {
  // Objects first, so custom metadata records and permission sets find their types.
  const files = walk(dir).sort((a, b) => Number(!a.includes('/objects/')) - Number(!b.includes('/objects/')));
  for (const file of files) {
    if (!file.endsWith('-meta.xml')) continue;
    if (/\/objects\/[^/]+\/[^/]+\/[^/]+-meta\.xml$/.test(file)) continue; // object children: read with their object
    const root = readXml(readFileSync(file, 'utf8'));
    const type = local(root.name);
    const name = basename(file)
      .replace(/-meta\.xml$/, '')
      .replace(/\.[^.]+$/, '');
    const md = xmlToMd(root);
    const record: MdObject = typeof md === 'string' || Array.isArray(md) ? {} : md;
    if (type === 'CustomObject') readObjectChildren(file, record);
    attachSourceResources(type, file, record);
    if (type === 'ApexClass' || type === 'ApexTrigger') {
      const src = file.replace(/-meta\.xml$/, '');
      record.__body = readFileSync(src, 'utf8');
    }
    applyComponent(state, type, name, record, now);
  }
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

function readObjectChildren(objectFile: string, record: MdObject): void {
  const dir = objectFile.slice(0, objectFile.lastIndexOf('/'));
  for (const sub of readdirSync(dir).sort()) {
    const p = join(dir, sub);
    if (!statSync(p).isDirectory()) continue;
    const list: MdValue[] = [];
    for (const f of readdirSync(p).sort()) {
      if (!f.endsWith('-meta.xml')) continue;
      const root = readXml(readFileSync(join(p, f), 'utf8'));
      const v = xmlToMd(root);
      const child: MdObject = typeof v === 'string' || Array.isArray(v) ? {} : v;
      if (!child.fullName) child.fullName = f.replace(/-meta\.xml$/, '').replace(/\.[^.]+$/, '');
      list.push(child);
    }
    if (list.length) record[sub] = list;
  }
}

/** Stores one component and refreshes the rows derived from it. Used by the loader and by deploy. */
export function applyComponent(
  state: OrgState,
  type: string,
  fullName: string,
  record: MdObject,
  now: Date
): void {
  const body = typeof record.__body === 'string' ? record.__body : undefined;
  delete record.__body;
  state.md(type).set(fullName, record);
  const ts = now.toISOString();
  switch (type) {
    case 'CustomObject':
      deriveObject(state, fullName, record, ts);
      if (/__(c|mdt)$/.test(fullName)) registerObject(state, fullName, record);
      break;
    case 'CustomMetadata':
      deriveCustomMetadataRecord(state, fullName, record);
      break;
    case 'PermissionSet':
      derivePermissionSet(state, fullName, record, ts, false);
      break;
    case 'Profile':
      derivePermissionSet(state, fullName, record, ts, true);
      break;
    case 'ApexClass':
    case 'ApexTrigger':
      deriveApex(state, type, fullName, record, body ?? '', ts);
      break;
    case 'NamedCredential':
      upsert(state.arrayTable('NamedCredential'), 'DeveloperName', fullName, {
        DeveloperName: fullName,
        MasterLabel: text(record.label) ?? fullName,
        Endpoint: text(record.endpoint) ?? urlParameter(record) ?? null,
        PrincipalType: text(record.principalType) ?? null,
        NamespacePrefix: null,
        CalloutOptionsAllowMergeFieldsInBody: text(record.allowMergeFieldsInBody) === 'true',
        CalloutOptionsAllowMergeFieldsInHeader: text(record.allowMergeFieldsInHeader) === 'true',
        CalloutOptionsGenerateAuthorizationHeader: text(record.generateAuthorizationHeader) !== 'false',
        CreatedDate: ts,
        LastModifiedDate: ts
      });
      break;
    case 'ExternalCredential':
      upsert(state.arrayTable('ExternalCredential'), 'DeveloperName', fullName, {
        DeveloperName: fullName,
        MasterLabel: text(record.label) ?? fullName,
        AuthenticationProtocol: text(record.authenticationProtocol) ?? null,
        NamespacePrefix: null
      });
      break;
    case 'RemoteSiteSetting': {
      const { ...meta } = record;
      upsert(state.arrayTable('RemoteProxy'), 'SiteName', fullName, {
        SiteName: fullName,
        EndpointUrl: text(record.url) ?? null,
        IsActive: text(record.isActive) !== 'false',
        ProtocolMismatch: text(record.disableProtocolSecurity) === 'true',
        Description: text(record.description) ?? null,
        NamespacePrefix: null,
        FullName: fullName,
        Metadata: typedJson(meta)
      });
      break;
    }
    case 'TransactionSecurityPolicy':
      upsert(state.arrayTable('TransactionSecurityPolicy'), 'DeveloperName', fullName, {
        DeveloperName: fullName,
        MasterLabel: text(record.masterLabel) ?? fullName,
        State: text(record.active) === 'false' ? 'Disabled' : 'Enabled',
        Type: text(record.type) ?? 'CustomApexPolicy',
        EventName: text(record.eventName) ?? null,
        ActionConfig: null,
        ApexPolicyId: null,
        FlowId: null,
        BlockMessage: null
      });
      break;
    case 'ExternalClientApplication':
      upsert(state.arrayTable('ExternalClientApplication'), 'DeveloperName', fullName, {
        DeveloperName: fullName,
        MasterLabel: text(record.label) ?? fullName,
        NamespacePrefix: null,
        DistributionState: text(record.distributionState) ?? 'Local',
        CreatedDate: ts,
        LastModifiedDate: ts
      });
      break;
    default:
      break;
  }
}

function registerObject(state: OrgState, name: string, record: MdObject): void {
  const fields = asArray(record.fields)
    .filter((f): f is MdObject => typeof f === 'object' && !Array.isArray(f))
    .map((f) => ({
      name: text(f.fullName) as string,
      type: text(f.type) ?? 'Text',
      referenceTo: text(f.referenceTo)
    }));
  const d = registerCustomObject(name, fields);
  if (!state.table(name)) state.setTable(new ArrayTable(d));
}

/** A custom metadata record (customMetadata/Type.Record.md-meta.xml) becomes a row of its __mdt type. */
function deriveCustomMetadataRecord(state: OrgState, fullName: string, record: MdObject): void {
  const [typeName, dev] = fullName.split('.') as [string, string];
  const type = `${typeName}__mdt`;
  if (!state.table(type)) return;
  const row: Row = {
    DeveloperName: dev,
    MasterLabel: text(record.label) ?? dev,
    Label: text(record.label) ?? dev,
    QualifiedApiName: dev,
    NamespacePrefix: null,
    Language: 'en_US'
  };
  const def = state.table(type)?.def;
  for (const v of asArray(record.values)) {
    if (typeof v !== 'object' || Array.isArray(v)) continue;
    const field = text(v.field) as string;
    const raw = v.value;
    const value = typeof raw === 'string' ? raw : null;
    const f = def?.fields.find((x) => x.name === field);
    row[field] =
      value === null
        ? null
        : f?.type === 'boolean'
          ? value === 'true'
          : f?.type === 'double'
            ? Number(value)
            : value;
  }
  upsert(state.arrayTable(type), 'DeveloperName', dev, row);
}

const NUMERIC_KEYS = new Set(['length', 'precision', 'scale', 'visibleLines', 'startingNumber']);

/**
 * The Tooling `Metadata` column is JSON with typed values (booleans, numbers), unlike the strings of the XML:
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_customfield.htm
 */
function typedJson(v: MdValue, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => typedJson(x, key));
  if (typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typedJson(x, k)]));
  if (v === 'true' || v === 'false') return v === 'true';
  if (NUMERIC_KEYS.has(key) && /^-?\d+$/.test(v)) return Number(v);
  return v;
}

function urlParameter(record: MdObject): string | undefined {
  for (const p of asArray(record.namedCredentialParameters))
    if (typeof p === 'object' && !Array.isArray(p) && p.parameterType === 'Url')
      return text(p.parameterValue);
  return undefined;
}

function upsert(t: ArrayTable, key: string, value: string, row: Row): Row {
  const existing = t.find(key, value);
  if (existing) {
    Object.assign(existing, row);
    return existing;
  }
  const full = { Id: makeId(t.def.keyPrefix, 1000 + t.size()), ...row };
  t.insert(full);
  return full;
}

const STANDARD_OBJECTS = new Set([
  'Account',
  'Contact',
  'Case',
  'Lead',
  'Opportunity',
  'User',
  'Order',
  'Product2'
]);

/** DurableId of an object: its API name for standard objects, a 01I id for custom ones (as in a real org). */
export function entityDurableId(state: OrgState, objectName: string): string {
  const t = state.arrayTable('EntityDefinition');
  const row = t.find('QualifiedApiName', objectName);
  if (row) return row.DurableId as string;
  return STANDARD_OBJECTS.has(objectName) || !objectName.includes('__')
    ? objectName
    : makeId('01I', 500 + t.size());
}

/** FieldDefinition.DataType display strings, e.g. `Text(255)`, `Long Text Area(4000)`, `Lookup(Contact)`. */
function dataType(f: MdObject): string {
  const t = text(f.type) ?? '';
  const len = text(f.length);
  switch (t) {
    case 'Text':
      return `Text(${len ?? 255})`;
    case 'LongTextArea':
      return `Long Text Area(${len ?? 32768})`;
    case 'EncryptedText':
      return `Text (Encrypted)(${len ?? 175})`;
    case 'Checkbox':
      return 'Checkbox';
    case 'Number':
      return `Number(${text(f.precision) ?? 18}, ${text(f.scale) ?? 0})`;
    case 'Lookup':
    case 'MasterDetail':
      return `${t === 'Lookup' ? 'Lookup' : 'Master-Detail'}(${text(f.referenceTo) ?? ''})`;
    case 'DateTime':
      return 'Date/Time';
    case 'Picklist':
      return 'Picklist';
    default:
      return t;
  }
}

function deriveObject(state: OrgState, name: string, record: MdObject, ts: string): void {
  const entities = state.arrayTable('EntityDefinition');
  const durableId = entityDurableId(state, name);
  const custom = name.includes('__');
  upsert(entities, 'QualifiedApiName', name, {
    DurableId: durableId,
    QualifiedApiName: name,
    DeveloperName: name.replace(/__[a-z]+$/, ''),
    MasterLabel: text(record.label) ?? name,
    Label: text(record.label) ?? name,
    NamespacePrefix: null,
    KeyPrefix: custom ? makeId('a0', entities.size()).slice(0, 3) : null,
    InternalSharingModel: text(record.sharingModel) ?? 'ReadWrite',
    ExternalSharingModel: text(record.externalSharingModel) ?? text(record.sharingModel) ?? 'ReadWrite',
    IsCustomizable: true,
    IsCustomSetting: false,
    IsEverCreatable: !name.endsWith('__e') && !name.endsWith('__mdt'),
    IsQueryable: !name.endsWith('__e'),
    PublisherId: custom ? '<local>' : 'System',
    LastModifiedDate: ts
  });
  const fieldDefs = state.arrayTable('FieldDefinition');
  const customFields = state.arrayTable('CustomField');
  for (const fv of asArray(record.fields)) {
    if (typeof fv !== 'object' || Array.isArray(fv)) continue;
    const f = fv as MdObject;
    const fname = text(f.fullName) as string;
    const isCustom = fname.endsWith('__c');
    const existingCf = customFields.find('FullName', `${name}.${fname}`);
    const fieldId =
      (existingCf?.Id as string | undefined) ?? makeId('00N', 2000 + customFields.size() + fieldDefs.size());
    upsert(fieldDefs, 'DurableId', `${durableId}.${isCustom ? fieldId.slice(0, 15) : fname}`, {
      DurableId: `${durableId}.${isCustom ? fieldId.slice(0, 15) : fname}`,
      QualifiedApiName: fname,
      DeveloperName: fname.replace(/__c$/, ''),
      MasterLabel: text(f.label) ?? fname,
      Label: text(f.label) ?? fname,
      DataType: dataType(f),
      ValueTypeId: null,
      Length: text(f.length) ? Number(text(f.length)) : null,
      Precision: text(f.precision) ? Number(text(f.precision)) : null,
      Scale: text(f.scale) ? Number(text(f.scale)) : null,
      SecurityClassification: text(f.securityClassification) ?? null,
      ComplianceGroup: text(f.complianceGroup) ?? null,
      IsFieldHistoryTracked: text(f.trackHistory) === 'true',
      IsIndexed: text(f.externalId) === 'true' || text(f.unique) === 'true',
      IsCompound: false,
      IsNillable: text(f.required) !== 'true',
      BusinessStatus: text(f.businessStatus) ?? null,
      BusinessOwnerId: null,
      NamespacePrefix: null,
      Description: text(f.description) ?? null,
      LastModifiedDate: ts,
      EntityDefinitionId: durableId
    });
    if (!isCustom) continue;
    const { fullName: _omit, ...meta } = f;
    upsert(customFields, 'FullName', `${name}.${fname}`, {
      Id: fieldId,
      DeveloperName: fname.replace(/__c$/, ''),
      TableEnumOrId: custom ? durableId : name,
      NamespacePrefix: null,
      ManageableState: 'unmanaged',
      Description: text(f.description) ?? null,
      Length: text(f.length) ? Number(text(f.length)) : null,
      EntityDefinitionId: durableId,
      FullName: `${name}.${fname}`,
      Metadata: typedJson(meta),
      CreatedDate: ts,
      LastModifiedDate: ts
    });
  }
}

const PERMISSION_COLUMNS = [
  'ViewAllData',
  'ModifyAllData',
  'ExportReport',
  'ApiEnabled',
  'ViewSetup',
  'ManageUsers',
  'CustomizeApplication',
  'AuthorApex',
  'ForceTwoFactor',
  'TwoFactorApi',
  'BypassMFAForUiLogins',
  'ManageEncryptionKeys',
  'ViewEventLogFiles',
  'ModifyMetadata',
  'WeeklyDataExport',
  'ManageSharing',
  'ViewEncryptedData',
  'RetainFieldHistory'
];

/**
 * A permission set (or a profile's owned permission set) becomes a PermissionSet row with Permissions* columns,
 * plus ObjectPermissions and FieldPermissions rows (a FieldPermissions row only where read access is granted).
 * https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-fieldpermissions.html
 */
function derivePermissionSet(
  state: OrgState,
  name: string,
  record: MdObject,
  ts: string,
  profile: boolean
): void {
  const perms = new Set<string>();
  for (const u of asArray(record.userPermissions))
    if (typeof u === 'object' && !Array.isArray(u) && u.enabled === 'true') perms.add(text(u.name) as string);
  const psRow: Row = {
    Name: profile ? `X00e${name.replace(/\W/g, '')}` : name,
    Label: text(record.label) ?? name,
    Type: profile ? 'Profile' : 'Regular',
    NamespacePrefix: null,
    IsOwnedByProfile: profile,
    IsCustom: !profile,
    PermissionSetGroupId: null,
    LicenseId: null,
    Description: text(record.description) ?? null,
    CreatedDate: ts,
    LastModifiedDate: ts,
    SystemModstamp: ts
  };
  for (const c of PERMISSION_COLUMNS) psRow[`Permissions${c}`] = perms.has(c);
  if (profile) {
    const p = upsert(state.arrayTable('Profile'), 'Name', name, {
      Name: name,
      UserType: 'Standard',
      CreatedDate: ts
    });
    psRow.ProfileId = p.Id;
  } else psRow.ProfileId = null;
  const ps = upsert(
    state.arrayTable('PermissionSet'),
    profile ? 'ProfileId' : 'Name',
    profile ? (psRow.ProfileId as string) : name,
    psRow
  );
  const psId = ps.Id as string;
  const ops = state.arrayTable('ObjectPermissions');
  ops.removeWhere((r) => r.ParentId === psId);
  for (const o of asArray(record.objectPermissions)) {
    if (typeof o !== 'object' || Array.isArray(o)) continue;
    const b = (k: string) => o[k] === 'true';
    ops.insert({
      Id: makeId('110', 5000 + ops.size()),
      ParentId: psId,
      SobjectType: text(o.object),
      PermissionsRead: b('allowRead'),
      PermissionsCreate: b('allowCreate'),
      PermissionsEdit: b('allowEdit'),
      PermissionsDelete: b('allowDelete'),
      PermissionsViewAllRecords: b('viewAllRecords'),
      PermissionsModifyAllRecords: b('modifyAllRecords'),
      PermissionsViewAllFields: b('viewAllFields'),
      SystemModstamp: ts
    });
  }
  const fps = state.arrayTable('FieldPermissions');
  fps.removeWhere((r) => r.ParentId === psId);
  for (const f of asArray(record.fieldPermissions)) {
    if (typeof f !== 'object' || Array.isArray(f) || f.readable !== 'true') continue;
    const field = text(f.field) as string;
    fps.insert({
      Id: makeId('01k', 9000 + fps.size()),
      ParentId: psId,
      SobjectType: field.split('.')[0],
      Field: field,
      PermissionsRead: true,
      PermissionsEdit: f.editable === 'true',
      SystemModstamp: ts
    });
  }
}

function deriveApex(
  state: OrgState,
  type: string,
  name: string,
  record: MdObject,
  body: string,
  ts: string
): void {
  const row: Row = {
    Name: name,
    NamespacePrefix: null,
    ApiVersion: Number(text(record.apiVersion) ?? '63.0'),
    Status: text(record.status) ?? 'Active',
    IsValid: true,
    Body: body,
    CreatedDate: ts,
    LastModifiedDate: ts,
    SystemModstamp: ts
  };
  if (type === 'ApexClass') {
    row.LengthWithoutComments = body.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').length;
    row.BodyCrc = crc(body);
    row.ManageableState = 'unmanaged';
    upsert(state.arrayTable('ApexClass'), 'Name', name, row);
  } else {
    const m = /trigger\s+\w+\s+on\s+(\w+)\s*\(([^)]*)\)/i.exec(body);
    const events = (m?.[2] ?? '').toLowerCase();
    row.TableEnumOrId = m?.[1] ?? null;
    for (const [col, ev] of [
      ['UsageBeforeInsert', 'before insert'],
      ['UsageAfterInsert', 'after insert'],
      ['UsageBeforeUpdate', 'before update'],
      ['UsageAfterUpdate', 'after update'],
      ['UsageBeforeDelete', 'before delete'],
      ['UsageAfterDelete', 'after delete'],
      ['UsageAfterUndelete', 'after undelete']
    ] as const)
      row[col] = events.replace(/\s+/g, ' ').includes(ev);
    upsert(state.arrayTable('ApexTrigger'), 'Name', name, row);
  }
}

function crc(s: string): number {
  let c = 0;
  for (let i = 0; i < s.length; i++) c = (Math.imul(c, 31) + s.charCodeAt(i)) >>> 0;
  return c;
}
