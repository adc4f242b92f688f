import { orgMsg } from '../../messages/org';
import type { QueryResult } from '../../org/client';
import { daysAgo, inList } from '../../org/soql';
import {
  known,
  type EventMonitoringFact,
  type Fact,
  type HealthCheckFact,
  type InstalledPackageFact,
  type OauthTokenUsageFact,
  type PackagePhiAccessFact,
  type TenantSecretFact
} from '../model';
import type { AccessModel } from './access';
import { api, failed, num, pick, str, unreadable, type Md } from './util';

/**
 * Facts only a live org can show (ORG-101…106), each from one query or aggregate:
 * - TenantSecret (never SecretValue): https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_tenantsecret.htm
 * - EventLogFile counts per EventType: https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_eventlogfile.htm
 * - SecurityHealthCheck / SecurityHealthCheckRisks (Tooling): https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_securityhealthcheck.htm
 * - InstalledSubscriberPackage (Tooling): https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_installedsubscriberpackage.htm
 * - OauthToken grouped by AppName (never the token columns): https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_oauthtoken.htm
 * - UserPermissionAccess, the running user's effective permissions, to tell a silent empty answer
 *   from a real one: https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_userpermissionaccess.htm
 */

export const USER_PERMISSION_QUERY =
  'SELECT PermissionsCustomizeApplication, PermissionsManageUsers, PermissionsViewSetup, PermissionsModifyMetadata, PermissionsManageEncryptionKeys, PermissionsViewEventLogFiles FROM UserPermissionAccess';
export const TENANT_SECRET_QUERY = 'SELECT Id, Type, Status, Version, Source, CreatedDate FROM TenantSecret';
export const OAUTH_TOKEN_QUERY = 'SELECT AppName, COUNT(Id) n FROM OauthToken GROUP BY AppName';
export const eventLogQuery = (now: Date, days: number) =>
  `SELECT EventType, COUNT(Id) n FROM EventLogFile WHERE LogDate >= ${daysAgo(now, days)} GROUP BY EventType`;
export const HEALTH_QUERY = 'SELECT Score FROM SecurityHealthCheck';
export const HEALTH_RISKS_QUERY =
  "SELECT RiskType, Setting, SettingGroup FROM SecurityHealthCheckRisks WHERE RiskType = 'HIGH_RISK'";
export const PACKAGE_QUERY =
  'SELECT SubscriberPackageId, SubscriberPackage.NamespacePrefix, SubscriberPackage.Name, SubscriberPackageVersion.MajorVersion, SubscriberPackageVersion.MinorVersion, SubscriberPackageVersion.PatchVersion, SubscriberPackageVersion.BuildNumber FROM InstalledSubscriberPackage';

/** The running user's effective permissions (false when the read failed: fail closed). */
export type RunningUser = Record<string, boolean> | undefined;

export function runningUser(r: QueryResult<Md>): RunningUser {
  if (!r.ok || !r.records[0]) return undefined;
  const out: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(r.records[0]))
    if (k.startsWith('Permissions')) out[k.slice(11)] = v === true;
  return out;
}

/** Needs a permission the running user may lack; returns the Unknown if it is missing or unknowable. */
function lacks(user: RunningUser, permission: string, what: string, label: string) {
  if (!user) return unreadable(what, orgMsg.facts.failed('UserPermissionAccess', 'no rows'));
  return user[permission] ? undefined : unreadable(what, orgMsg.facts.insufficientAccess(what, label));
}

export function tenantSecrets(r: QueryResult<Md>, user: RunningUser): Fact<TenantSecretFact[]> {
  if (!r.ok) return failed('TenantSecret', r.failure, 'Manage Encryption Keys');
  const denied = lacks(user, 'ManageEncryptionKeys', 'TenantSecret', 'Manage Encryption Keys');
  if (denied && r.records.length === 0) return denied;
  return known(
    r.records.map((s) => ({
      type: str(s.Type) ?? '?',
      status: str(s.Status) ?? '?',
      version: num(s.Version),
      created: str(s.CreatedDate),
      at: api('TenantSecret', str(s.Id))
    })),
    api('TenantSecret')
  );
}

export function eventMonitoring(
  r: QueryResult<Md>,
  user: RunningUser,
  days: number
): Fact<EventMonitoringFact> {
  if (!r.ok) return failed('EventLogFile', r.failure, 'View Event Log Files');
  const denied = lacks(user, 'ViewEventLogFiles', 'EventLogFile', 'View Event Log Files');
  if (denied) return denied;
  const logFiles: Record<string, number> = {};
  for (const row of r.records) logFiles[str(row.EventType) ?? '?'] = num(row.n) ?? num(row.expr0) ?? 0;
  return known({ days, logFiles, at: api('EventLogFile') }, api('EventLogFile'));
}

export function healthCheck(score: QueryResult<Md>, risks: QueryResult<Md>): Fact<HealthCheckFact> {
  if (!score.ok) return failed('SecurityHealthCheck', score.failure, 'View Setup and Configuration');
  if (!risks.ok) return failed('SecurityHealthCheckRisks', risks.failure, 'View Setup and Configuration');
  const value = num(score.records[0]?.Score);
  // Zero rows, no error, is what a user without View Setup gets: unknown, never a pass.
  if (value === undefined)
    return unreadable('SecurityHealthCheck', orgMsg.facts.noRows('SecurityHealthCheck'));
  return known(
    {
      score: value,
      highRisks: risks.records.map((x) => str(x.Setting) ?? str(x.SettingGroup) ?? '?'),
      at: api('SecurityHealthCheck')
    },
    api('SecurityHealthCheck')
  );
}

export function installedPackages(r: QueryResult<Md>): InstalledPackageFact[] {
  if (!r.ok) return [];
  return r.records.map((p) => {
    const v = ['MajorVersion', 'MinorVersion', 'PatchVersion', 'BuildNumber']
      .map((k) => num(pick(p, `SubscriberPackageVersion.${k}`)))
      .filter((x) => x !== undefined);
    const namespace =
      str(pick(p, 'SubscriberPackage.NamespacePrefix')) ?? str(pick(p, 'SubscriberPackage.Name')) ?? '?';
    return {
      namespace,
      versionNumber: v.length ? v.join('.') : undefined,
      at: api('InstalledSubscriberPackage', namespace)
    };
  });
}

/** Per installed package: the PHI objects its own (namespaced) permission sets grant. */
export function packageAccess(
  packages: InstalledPackageFact[],
  names: Map<string, string>,
  access: AccessModel,
  phiObjects: Set<string>,
  nameOf: (lowerCaseObject: string) => string
): PackagePhiAccessFact[] {
  return packages.map((p) => {
    const objects = new Set<string>();
    for (const g of access.byId.values()) {
      if (g.namespace?.toLowerCase() !== p.namespace.toLowerCase()) continue;
      for (const [o, a] of g.objects) {
        if (phiObjects.has(o) && (a.read || a.edit || a.create || a.delete || a.viewAll || a.modifyAll))
          objects.add(o);
      }
      if (g.userPermissions.has('ViewAllData') || g.userPermissions.has('ModifyAllData')) {
        for (const o of phiObjects) objects.add(o);
      }
    }
    return {
      namespace: p.namespace,
      name: names.get(p.namespace),
      objects: [...objects].map(nameOf).sort(),
      at: p.at
    };
  });
}

export function oauthTokens(r: QueryResult<Md>, user: RunningUser): Fact<OauthTokenUsageFact[]> {
  if (!r.ok) return failed('OauthToken', r.failure, 'Customize Application');
  // Without Customize Application the query silently returns only the running user's own tokens.
  if (!user) return unreadable('OauthToken', orgMsg.facts.failed('UserPermissionAccess', 'no rows'));
  if (!user.CustomizeApplication) {
    return unreadable('OauthToken', orgMsg.facts.silentlyOwnRows('OauthToken', 'Customize Application'));
  }
  return known(
    r.records.map((t) => ({
      app: str(t.AppName) ?? '?',
      tokens: num(t.n) ?? num(t.expr0) ?? 0,
      at: api('OauthToken', str(t.AppName))
    })),
    api('OauthToken')
  );
}

/** Counts of active users holding PHI access, for one IN-list of granting permission set ids. */
export function userCountQueries(
  ids: string[],
  now: Date,
  staleDays: number,
  orgWideMfa: boolean | undefined
) {
  const holders = `IsActive = true AND Id IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSetId IN ${inList(ids)})`;
  return {
    total: `SELECT COUNT() FROM User WHERE ${holders}`,
    stale: `SELECT COUNT() FROM User WHERE ${holders} AND (LastLoginDate < ${daysAgo(now, staleDays)} OR LastLoginDate = null)`,
    mfa:
      orgWideMfa === true
        ? `SELECT COUNT() FROM User WHERE ${holders} AND Id IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.PermissionsBypassMFAForUiLogins = true)`
        : `SELECT COUNT() FROM User WHERE ${holders} AND Id NOT IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.PermissionsForceTwoFactor = true)`
  };
}
