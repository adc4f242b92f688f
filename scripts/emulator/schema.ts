import { allFields, toolingTypes } from './wsdl-types';
/**
 * The sObjects the emulator knows, with their fields. A field list matters because a real org answers an unknown
 * column with INVALID_FIELD and an unknown object with INVALID_TYPE; the emulator must do the same.
 *
 * Field lists follow the Salesforce Object Reference and Tooling API reference pages cited in
 * /work/shared/org-api-map.md (source key D-*), e.g.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionset.htm
 * https://developer.salesforce.com/docs/platform/api-tooling/references/tooling-objects/tooling-fielddefinition.html
 *
 * DSL, one entry per field: `Name` (string), `Name:b` (boolean), `:i` (int), `:n` (double), `:dt` (datetime),
 * `:d` (date), `:j` (JSON column such as Tooling `Metadata`), `XId>Target` (reference, relationship name X),
 * `XId>Target.KeyField` (reference resolved on KeyField instead of Id), `FieldName>Target@Rel` (explicit name).
 */
export type FieldType =
  'id' | 'string' | 'boolean' | 'int' | 'double' | 'datetime' | 'date' | 'json' | 'reference' | 'blob';

export interface FieldDef {
  name: string;
  type: FieldType;
  /** Target object of a reference. */
  ref?: string;
  /** Field of the target object the reference holds (Id unless stated). */
  refKey?: string;
  /** Relationship name used in paths (`Parent.Name`). */
  rel?: string;
}

/** Which endpoint family serves an object. */
export type ApiFamily = 'data' | 'tooling' | 'both';

export interface ObjectDef {
  name: string;
  api: ApiFamily;
  keyPrefix: string;
  fields: FieldDef[];
  /**
   * Tooling objects with SOQL restrictions (EntityDefinition, FieldDefinition...): no COUNT/GROUP BY/OFFSET/OR/NOT,
   * no queryMore, and for some a required filter on a "reified" column.
   * https://developer.salesforce.com/docs/platform/api-tooling/guide/reference-objects-soql-limits.html
   */
  restricted?: { reifiedFilter?: string[] };
  /** Columns that may only be selected when the query returns at most one row (Tooling Metadata/FullName). */
  oneRowColumns?: string[];
  /** Aggregates not supported except SELECT count() (SetupAuditTrail). */
  countOnly?: boolean;
  /** Feature switch name under which `invalid-type:<feature>` hides the object. */
  feature?: string;
  /** Querying it directly requires an Id filter (SubscriberPackage, D-SubPkg). */
  requiresIdFilter?: boolean;
}

const TYPES: Record<string, FieldType> = {
  b: 'boolean',
  i: 'int',
  n: 'double',
  dt: 'datetime',
  d: 'date',
  j: 'json',
  s: 'string',
  blob: 'blob'
};

function parseField(spec: string): FieldDef {
  const arrow = spec.indexOf('>');
  if (arrow > 0) {
    const name = spec.slice(0, arrow);
    let target = spec.slice(arrow + 1);
    let rel: string | undefined;
    const at = target.indexOf('@');
    if (at > 0) {
      rel = target.slice(at + 1);
      target = target.slice(0, at);
    }
    const [ref, refKey] = target.split('.') as [string, string | undefined];
    rel ??= name.endsWith('Id') ? name.slice(0, -2) : name.replace(/__c$/, '__r');
    return { name, type: 'reference', ref, refKey: refKey ?? 'Id', rel };
  }
  const [name, t] = spec.split(':') as [string, string | undefined];
  if (name === 'Id') return { name, type: 'id' };
  const type = t ? TYPES[t] : 'string';
  if (!type) throw new Error(`schema: bad type in ${spec}`);
  return { name, type };
}

function def(
  name: string,
  api: ApiFamily,
  keyPrefix: string,
  fields: string,
  extra: Partial<Omit<ObjectDef, 'name' | 'api' | 'keyPrefix' | 'fields'>> = {}
): ObjectDef {
  const specs = ['Id', ...fields.split(/\s+/).filter(Boolean)];
  return { name, api, keyPrefix, fields: specs.map(parseField), ...extra };
}

const AUDIT = 'CreatedDate:dt CreatedById>User LastModifiedDate:dt LastModifiedById>User SystemModstamp:dt';
const PERMS =
  'PermissionsViewAllData:b PermissionsModifyAllData:b PermissionsExportReport:b PermissionsApiEnabled:b ' +
  'PermissionsViewSetup:b PermissionsManageUsers:b PermissionsCustomizeApplication:b PermissionsAuthorApex:b ' +
  'PermissionsForceTwoFactor:b PermissionsTwoFactorApi:b PermissionsBypassMFAForUiLogins:b ' +
  'PermissionsManageEncryptionKeys:b PermissionsViewEventLogFiles:b PermissionsModifyMetadata:b ' +
  'PermissionsWeeklyDataExport:b PermissionsManageSharing:b PermissionsViewEncryptedData:b PermissionsRetainFieldHistory:b';

export const OBJECTS: ObjectDef[] = [
  def(
    'Organization',
    'both',
    '00D',
    'Name OrganizationType InstanceName IsSandbox:b TrialExpirationDate:dt NamespacePrefix DefaultAccountAccess ' +
      'DefaultContactAccess DefaultCaseAccess DefaultLeadAccess DefaultOpportunityAccess ' +
      AUDIT
  ),
  def(
    'User',
    'both',
    '005',
    'Username Name FirstName LastName Email Alias IsActive:b UserType ProfileId>Profile UserRoleId LastLoginDate:dt ' +
      'FederationIdentifier ContactId AccountId ' +
      AUDIT
  ),
  def('UserLogin', 'data', '060', 'UserId>User IsFrozen:b IsPasswordLocked:b LastModifiedDate:dt'),
  def('Profile', 'both', '00e', `Name UserType UserLicenseId Description ${AUDIT}`),
  def(
    'PermissionSet',
    'both',
    '0PS',
    `Name Label Type NamespacePrefix IsOwnedByProfile:b IsCustom:b ProfileId>Profile PermissionSetGroupId>PermissionSetGroup ` +
      `LicenseId Description ${PERMS} ${AUDIT}`
  ),
  def(
    'PermissionSetGroup',
    'both',
    '0PG',
    `DeveloperName MasterLabel Status HasActivationRequired:b NamespacePrefix Description ${AUDIT}`,
    { feature: 'psg' }
  ),
  def(
    'PermissionSetGroupComponent',
    'both',
    '0PC',
    'PermissionSetGroupId>PermissionSetGroup PermissionSetId>PermissionSet',
    { feature: 'psg' }
  ),
  def(
    'MutingPermissionSet',
    'both',
    '0QM',
    `DeveloperName MasterLabel NamespacePrefix PermissionSetGroupId>PermissionSetGroup ${PERMS}`,
    {
      feature: 'psg'
    }
  ),
  def(
    'PermissionSetAssignment',
    'both',
    '0Pa',
    'AssigneeId>User PermissionSetId>PermissionSet PermissionSetGroupId>PermissionSetGroup IsActive:b ExpirationDate:dt SystemModstamp:dt'
  ),
  def(
    'ObjectPermissions',
    'both',
    '110',
    'ParentId>PermissionSet SobjectType PermissionsRead:b PermissionsCreate:b PermissionsEdit:b PermissionsDelete:b ' +
      'PermissionsViewAllRecords:b PermissionsModifyAllRecords:b PermissionsViewAllFields:b SystemModstamp:dt'
  ),
  def(
    'FieldPermissions',
    'both',
    '01k',
    'ParentId>PermissionSet SobjectType Field PermissionsRead:b PermissionsEdit:b SystemModstamp:dt'
  ),
  def(
    'EntityDefinition',
    'both',
    '01I',
    'DurableId QualifiedApiName DeveloperName MasterLabel Label NamespacePrefix KeyPrefix InternalSharingModel ' +
      'ExternalSharingModel IsCustomizable:b IsCustomSetting:b IsEverCreatable:b IsQueryable:b PublisherId LastModifiedDate:dt',
    { restricted: {} }
  ),
  def(
    'FieldDefinition',
    'both',
    '00N',
    'DurableId QualifiedApiName DeveloperName MasterLabel Label DataType ValueTypeId Length:i Precision:i Scale:i ' +
      'SecurityClassification ComplianceGroup IsFieldHistoryTracked:b IsIndexed:b IsCompound:b IsNillable:b ' +
      'BusinessStatus BusinessOwnerId NamespacePrefix Description LastModifiedDate:dt ' +
      'EntityDefinitionId>EntityDefinition.DurableId',
    {
      restricted: { reifiedFilter: ['EntityDefinitionId', 'EntityDefinition.QualifiedApiName', 'DurableId'] }
    }
  ),
  def(
    'CustomField',
    'tooling',
    '00N',
    'DeveloperName TableEnumOrId NamespacePrefix ManageableState Description Length:i ' +
      'EntityDefinitionId>EntityDefinition.DurableId FullName Metadata:j ' +
      AUDIT,
    { oneRowColumns: ['Metadata', 'FullName'] }
  ),
  def('TenantSecret', 'data', '02G', 'Type Status Version:i Source KeyDerivationMode Description ' + AUDIT, {
    feature: 'shield'
  }),
  def('SubscriberPackage', 'tooling', '033', 'Name NamespacePrefix Description IsPackageValid:b', {
    requiresIdFilter: true,
    feature: 'packages'
  }),
  def(
    'SubscriberPackageVersion',
    'tooling',
    '04t',
    'Name SubscriberPackageId>SubscriberPackage MajorVersion:i MinorVersion:i PatchVersion:i BuildNumber:i IsManaged:b',
    { requiresIdFilter: true, feature: 'packages' }
  ),
  def(
    'InstalledSubscriberPackage',
    'tooling',
    '0A3',
    'SubscriberPackageId>SubscriberPackage SubscriberPackageVersionId>SubscriberPackageVersion MinPackageVersionId',
    { feature: 'packages' }
  ),
  def(
    'OauthToken',
    'data',
    '0CQ',
    'AppName AppMenuItemId UserId>User UseCount:i LastUsedDate:dt CreatedDate:dt'
  ),
  def(
    'ConnectedApplication',
    'data',
    '0H4',
    'Name OptionsAllowAdminApprovedUsersOnly:b OptionsRefreshTokenValidityMetric:b RefreshTokenValidityPeriod:i ' +
      'OptionsHasSessionLevelPolicy:b MobileSessionTimeout PinLength StartUrl NamedUserUvidTimeout ' +
      AUDIT
  ),
  def(
    'ExternalClientApplication',
    'both',
    '0xI',
    'DeveloperName MasterLabel NamespacePrefix DistributionState ' + AUDIT
  ),
  def(
    'NamedCredential',
    'both',
    '0XA',
    'DeveloperName MasterLabel Endpoint PrincipalType NamespacePrefix CalloutOptionsAllowMergeFieldsInBody:b ' +
      'CalloutOptionsAllowMergeFieldsInHeader:b CalloutOptionsGenerateAuthorizationHeader:b ' +
      AUDIT
  ),
  def(
    'ExternalCredential',
    'tooling',
    '0pt',
    'DeveloperName MasterLabel AuthenticationProtocol NamespacePrefix'
  ),
  def(
    'RemoteProxy',
    'tooling',
    '0rp',
    'SiteName EndpointUrl IsActive:b ProtocolMismatch:b Description NamespacePrefix FullName Metadata:j',
    { oneRowColumns: ['Metadata', 'FullName'] }
  ),
  def(
    'EventLogFile',
    'data',
    '0AT',
    // LogFile is a base64 field: a query answers the URL of its body, as Elastic Beats' recorded answer shows
    // (scripts/test/fixtures/recorded/rest-query-eventlogfile.json).
    'EventType LogDate:dt Interval LogFileLength:n Sequence:i CreatedDate:dt ApiVersion:n LogFile:blob',
    { feature: 'events' }
  ),
  // Deploy preflight (mTLS certificate): https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_certificate.htm
  def('Certificate', 'tooling', '0P1', 'DeveloperName MasterLabel ExpirationDate:dt ' + AUDIT),
  def('SecurityHealthCheck', 'tooling', '0Hc', 'DurableId Score CustomBaselineId', { feature: 'health' }),
  def(
    'SecurityHealthCheckRisks',
    'tooling',
    '0Hr',
    'DurableId RiskType Setting SettingGroup SettingRiskCategory OrgValue OrgValueRaw StandardValue StandardValueRaw',
    { feature: 'health' }
  ),
  def('Network', 'data', '0DB', 'Name Status UrlPathPrefix SelfRegProfileId>Profile Description', {
    feature: 'network'
  }),
  def(
    'Site',
    'data',
    '0DM',
    'Name MasterLabel Status SiteType GuestUserId>User GuestRecordDefaultOwnerId>User UrlPathPrefix AdminId>User'
  ),
  def('SiteDetail', 'tooling', '0Dd', 'DurableId SecureUrl IsRegistrationEnabled:b'),
  // Site prerequisites the deploy preflight reads (README: org prerequisites). Fields:
  // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_userlicense.htm,
  // .../sforce_api_objects_domain.htm, .../sforce_api_objects_apexpage.htm
  def('UserLicense', 'data', '100', 'Name LicenseDefinitionKey Status TotalLicenses:i UsedLicenses:i'),
  def('Domain', 'data', '0I4', 'Domain DomainType HttpsOption', { feature: 'network' }),
  def('ApexPage', 'both', '066', 'Name NamespacePrefix MasterLabel ApiVersion:n'),
  def(
    'ApexClass',
    'both',
    '01p',
    'Name NamespacePrefix ApiVersion:n Status IsValid:b LengthWithoutComments:i BodyCrc:n Body ManageableState ' +
      AUDIT
  ),
  def(
    'ApexTrigger',
    'both',
    '01q',
    'Name NamespacePrefix TableEnumOrId ApiVersion:n Status IsValid:b UsageBeforeInsert:b UsageAfterInsert:b ' +
      'UsageBeforeUpdate:b UsageAfterUpdate:b UsageBeforeDelete:b UsageAfterDelete:b UsageAfterUndelete:b Body ' +
      AUDIT
  ),
  def(
    'LoginHistory',
    'data',
    '0Ya',
    'UserId>User LoginTime:dt LoginType LoginSubType Status SourceIp Application ApiType AuthMethodReference'
  ),
  def(
    'SetupAuditTrail',
    'data',
    '0Ym',
    'CreatedDate:dt CreatedById>User Action Section Display DelegateUser ResponsibleNamespacePrefix CreatedByContext',
    { countOnly: true }
  ),
  def(
    'TransactionSecurityPolicy',
    'both',
    '0NI',
    'DeveloperName MasterLabel State Type EventName ActionConfig ApexPolicyId FlowId BlockMessage',
    { feature: 'events' }
  ),
  // The running user's effective permissions: one row.
  // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_userpermissionaccess.htm
  def('UserPermissionAccess', 'data', '0Up', PERMS.replace(/Permissions/g, 'Permissions')),
  def(
    'PHI_Access_Log__c',
    'data',
    'a01',
    'Name Sequence__c:n Sequence_Key__c Occurred_At__c:dt Actor_Id__c Object_Name__c Record_Id__c Field_Names__c ' +
      'Action__c Channel__c Purpose__c Previous_Hash__c Hash__c ' +
      AUDIT
  )
];

const BY_NAME = new Map(OBJECTS.map((o) => [o.name.toLowerCase(), o]));

/**
 * Registers a custom object (or custom metadata type) found in deployed metadata so it can be queried. Field types
 * come from the CustomField `type`; custom metadata types get DeveloperName/MasterLabel/Label/QualifiedApiName.
 */
export function registerCustomObject(
  name: string,
  fields: { name: string; type: string; referenceTo?: string }[]
): ObjectDef {
  const existing = BY_NAME.get(name.toLowerCase());
  const base = name.endsWith('__mdt')
    ? 'DeveloperName MasterLabel Label QualifiedApiName NamespacePrefix Language'
    : `Name OwnerId>User IsDeleted:b ${AUDIT}`;
  const specs = fields.map((f) => {
    switch (f.type) {
      case 'Checkbox':
        return `${f.name}:b`;
      case 'Number':
      case 'Currency':
      case 'Percent':
        return `${f.name}:n`;
      case 'Date':
        return `${f.name}:d`;
      case 'DateTime':
        return `${f.name}:dt`;
      case 'Lookup':
      case 'MasterDetail':
        return f.referenceTo && BY_NAME.has(f.referenceTo.toLowerCase())
          ? `${f.name}>${f.referenceTo}@${f.name.replace(/__c$/, '__r')}`
          : f.name;
      default:
        return f.name;
    }
  });
  const known = new Set((existing?.fields ?? []).map((f) => f.name.toLowerCase()));
  const d = def(
    name,
    'data',
    existing?.keyPrefix ?? (name.endsWith('__mdt') ? 'm00' : 'a0X'),
    [base, ...specs].join(' ')
  );
  if (existing) {
    for (const f of d.fields) if (!known.has(f.name.toLowerCase())) existing.fields.push(f);
    return existing;
  }
  OBJECTS.push(d);
  BY_NAME.set(name.toLowerCase(), d);
  return d;
}

export function objectDef(name: string): ObjectDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function fieldDef(obj: ObjectDef, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return obj.fields.find((f) => f.name.toLowerCase() === lower);
}

export function relationship(obj: ObjectDef, rel: string): FieldDef | undefined {
  const lower = rel.toLowerCase();
  return obj.fields.find((f) => f.type === 'reference' && f.rel?.toLowerCase() === lower);
}

export function servedBy(obj: ObjectDef, tooling: boolean): boolean {
  if (tooling && !toolingView(obj)) return false;
  return obj.api === 'both' || (tooling ? obj.api === 'tooling' : obj.api === 'data');
}

const views = new Map<ObjectDef, ObjectDef | null>();

/**
 * The Tooling API's view of an object: only the fields its sObject type in @salesforce/types' tooling.d.ts (the
 * Tooling WSDL) declares, so a Tooling query for a column only the data API has (User.Email) is INVALID_FIELD and
 * an object the Tooling WSDL lacks (ObjectPermissions) is INVALID_TYPE, as in an org. The data API view is the
 * object itself (its fields follow the object reference pages cited above).
 */
export function toolingView(obj: ObjectDef): ObjectDef | undefined {
  if (obj.api === 'data') return undefined;
  let view = views.get(obj);
  if (view === undefined) {
    const types = toolingTypes();
    if (!types.complex.has(obj.name)) view = null;
    else {
      const declared = new Set(Object.keys(allFields(types, obj.name)).map((f) => f.toLowerCase()));
      view = { ...obj, fields: obj.fields.filter((f) => declared.has(f.name.toLowerCase())) };
    }
    views.set(obj, view);
  }
  return view ?? undefined;
}

/** The object as the API family sees it (the Tooling view for Tooling). */
export function viewOf(obj: ObjectDef | undefined, tooling: boolean): ObjectDef | undefined {
  return obj && tooling ? toolingView(obj) : obj;
}
