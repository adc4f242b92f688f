import type { AccessGrantFact, ObjectAccess, PermissionSetGroupFact } from '../model';
import { inList } from '../../org/soql';
import { api, bool, num, pick, str, type Md } from './util';

/**
 * Profiles, permission sets, permission set groups and muting sets, from SOQL
 * (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionset.htm,
 * .../sforce_api_objects_objectpermissions.htm, .../sforce_api_objects_fieldpermissions.htm,
 * .../sforce_api_objects_permissionsetgroup.htm, .../sforce_api_objects_mutingpermissionset.htm).
 *
 * Every profile owns a PermissionSet row (IsOwnedByProfile = true), so one query covers both; the
 * rows with Type = 'Group' hold a group's aggregated permissions and are used only to attribute
 * group assignments. ObjectPermissions and FieldPermissions are read for PHI objects (and audit-log
 * objects) only: "no row means no access". Assignment counts come from one aggregate over
 * PermissionSetAssignment, never from user rows.
 */

/** System permission columns read from PermissionSet and MutingPermissionSet (name = column without "Permissions"). */
export const SYSTEM_PERMISSIONS = [
  'ViewAllData',
  'ModifyAllData',
  'ExportReport',
  'ApiEnabled',
  'ViewSetup',
  'ManageUsers',
  'CustomizeApplication',
  'AuthorApex',
  'ForceTwoFactor',
  'BypassMFAForUiLogins',
  'ManageEncryptionKeys',
  'ViewEventLogFiles',
  'ModifyMetadata',
  'WeeklyDataExport',
  'ManageSharing',
  'ViewEncryptedData'
] as const;

const PERM_COLUMNS = SYSTEM_PERMISSIONS.map((p) => `Permissions${p}`).join(', ');

export const PERMISSION_SET_QUERY = `SELECT Id, Name, Label, Type, NamespacePrefix, IsOwnedByProfile, ProfileId, Profile.Name, Profile.UserType, PermissionSetGroupId, ${PERM_COLUMNS} FROM PermissionSet`;
export const GROUP_QUERY = 'SELECT Id, DeveloperName, MasterLabel, Status FROM PermissionSetGroup';
export const GROUP_COMPONENT_QUERY =
  'SELECT PermissionSetGroupId, PermissionSetId FROM PermissionSetGroupComponent';
export const MUTING_QUERY = `SELECT Id, DeveloperName, MasterLabel, PermissionSetGroupId, ${PERM_COLUMNS} FROM MutingPermissionSet`;
export const ASSIGNMENT_COUNT_QUERY =
  'SELECT PermissionSetId, COUNT(Id) n FROM PermissionSetAssignment WHERE Assignee.IsActive = true GROUP BY PermissionSetId';

export const objectPermissionQuery = (objects: string[]) =>
  `SELECT ParentId, SobjectType, PermissionsRead, PermissionsCreate, PermissionsEdit, PermissionsDelete, PermissionsViewAllRecords, PermissionsModifyAllRecords FROM ObjectPermissions WHERE SobjectType IN ${inList(objects)}`;
export const fieldPermissionQuery = (objects: string[]) =>
  `SELECT ParentId, SobjectType, Field, PermissionsRead, PermissionsEdit FROM FieldPermissions WHERE SobjectType IN ${inList(objects)}`;

export interface AccessModel {
  /** Grants by PermissionSet / MutingPermissionSet id. */
  byId: Map<string, AccessGrantFact>;
  /** Group aggregate PermissionSet id -> PermissionSetGroup id. */
  groupOfAggregate: Map<string, string>;
  groups: Map<string, PermissionSetGroupFact>;
  /** Profile ids of guest users (Experience sites), to mark their grants. */
}

function userPermissions(r: Md): Map<string, number | undefined> {
  const out = new Map<string, number | undefined>();
  for (const p of SYSTEM_PERMISSIONS) if (bool(r[`Permissions${p}`])) out.set(p, undefined);
  return out;
}

/** Grants from PermissionSet rows (profiles and sets; group aggregates are set aside). */
export function buildAccess(permissionSets: Md[], guestProfileIds: Set<string>): AccessModel {
  const model: AccessModel = { byId: new Map(), groupOfAggregate: new Map(), groups: new Map() };
  for (const r of permissionSets) {
    const id = str(r.Id);
    if (!id) continue;
    const type = str(r.Type);
    if (type === 'Group') {
      const g = str(r.PermissionSetGroupId);
      if (g) model.groupOfAggregate.set(id, g);
      continue;
    }
    const isProfile = bool(r.IsOwnedByProfile) === true;
    const name = isProfile ? (str(pick(r, 'Profile.Name')) ?? str(r.Name) ?? id) : (str(r.Name) ?? id);
    const profileId = str(r.ProfileId);
    const guest =
      isProfile &&
      (str(pick(r, 'Profile.UserType')) === 'Guest' || (!!profileId && guestProfileIds.has(profileId)));
    model.byId.set(id, {
      kind: isProfile ? 'Profile' : 'PermissionSet',
      name,
      label: str(r.Label),
      license: guest ? 'Guest User License' : undefined,
      userPermissions: userPermissions(r),
      objects: new Map(),
      fields: new Map(),
      apexClasses: [],
      namespace: str(r.NamespacePrefix),
      at: api(isProfile ? 'Profile' : 'PermissionSet', name)
    });
  }
  return model;
}

export function addMutingSets(model: AccessModel, rows: Md[]): void {
  for (const r of rows) {
    const id = str(r.Id);
    const name = str(r.DeveloperName);
    if (!id || !name) continue;
    model.byId.set(id, {
      kind: 'MutingPermissionSet',
      name,
      label: str(r.MasterLabel),
      userPermissions: userPermissions(r),
      objects: new Map(),
      fields: new Map(),
      apexClasses: [],
      at: api('MutingPermissionSet', name)
    });
  }
}

export function addGroups(model: AccessModel, groups: Md[], components: Md[]): void {
  for (const r of groups) {
    const id = str(r.Id);
    const name = str(r.DeveloperName);
    if (!id || !name) continue;
    model.groups.set(id, {
      name,
      label: str(r.MasterLabel),
      permissionSets: [],
      at: api('PermissionSetGroup', name)
    });
  }
  for (const c of components) {
    const g = model.groups.get(str(c.PermissionSetGroupId) ?? '');
    const member = model.byId.get(str(c.PermissionSetId) ?? '');
    if (!g || !member) continue;
    if (member.kind === 'MutingPermissionSet') g.mutingPermissionSet = member.name;
    else g.permissionSets.push(member.name);
  }
}

export function addObjectPermissions(model: AccessModel, rows: Md[]): void {
  for (const r of rows) {
    const g = model.byId.get(str(r.ParentId) ?? '');
    const object = str(r.SobjectType);
    if (!g || !object) continue;
    const a: ObjectAccess = {
      read: bool(r.PermissionsRead) === true,
      create: bool(r.PermissionsCreate) === true,
      edit: bool(r.PermissionsEdit) === true,
      delete: bool(r.PermissionsDelete) === true,
      viewAll: bool(r.PermissionsViewAllRecords) === true,
      modifyAll: bool(r.PermissionsModifyAllRecords) === true
    };
    g.objects.set(object.toLowerCase(), a);
  }
}

export function addFieldPermissions(model: AccessModel, rows: Md[]): void {
  for (const r of rows) {
    const g = model.byId.get(str(r.ParentId) ?? '');
    const field = str(r.Field);
    if (!g || !field) continue;
    g.fields.set(field.toLowerCase(), {
      read: bool(r.PermissionsRead) === true,
      edit: bool(r.PermissionsEdit) === true
    });
  }
}

/** Active assignees per set and per group, from the COUNT(Id) ... GROUP BY PermissionSetId aggregate. */
export function addAssignments(model: AccessModel, rows: Md[]): void {
  for (const r of rows) {
    const id = str(r.PermissionSetId) ?? '';
    const n = num(r.n) ?? num(r.expr0) ?? 0;
    const grant = model.byId.get(id);
    if (grant) grant.assignees = (grant.assignees ?? 0) + n;
    const group = model.groups.get(model.groupOfAggregate.get(id) ?? '');
    if (group) group.assignees = (group.assignees ?? 0) + n;
  }
  for (const g of model.byId.values()) g.assignees ??= 0;
  for (const g of model.groups.values()) g.assignees ??= 0;
}

/**
 * Ids of the permission sets (profiles, sets, and group aggregates of groups containing them)
 * that give read or write access to any of the given objects: the users assigned to them hold PHI access.
 */
export function grantingIds(model: AccessModel, objects: Set<string>): string[] {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const [id, g] of model.byId) {
    if (g.kind === 'MutingPermissionSet') continue;
    const grants =
      g.userPermissions.has('ViewAllData') ||
      g.userPermissions.has('ModifyAllData') ||
      [...g.objects].some(([o, a]) => objects.has(o) && (a.read || a.edit || a.create || a.delete));
    if (grants) {
      ids.add(id);
      names.add(g.name);
    }
  }
  for (const [aggregate, groupId] of model.groupOfAggregate) {
    const group = model.groups.get(groupId);
    if (group?.permissionSets.some((n) => names.has(n))) ids.add(aggregate);
  }
  return [...ids].sort();
}
