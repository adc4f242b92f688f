import type { OrgClient } from '../../org/client';
import type { AppInUse, PackageInUse } from '../baa/compare';
import { readFailed } from './session';

/**
 * What can reach PHI in the org, for `baa check -o`, in 3 queries:
 * - Tooling InstalledSubscriberPackage with its SubscriberPackage (namespace, name). Querying
 *   SubscriberPackage directly needs an Id filter, so the relationship is used (org-api-map §9;
 *   https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_installedsubscriberpackage.htm).
 * - OauthToken grouped by AppName: apps holding tokens (a token exists until revoked or expired;
 *   https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_oauthtoken.htm).
 *   OAuth scopes are not on OauthToken, so every app with a token is treated as reaching data.
 * - UserPermissionAccess.PermissionsCustomizeApplication: without it OauthToken silently shows
 *   only the running user's own tokens, so the app list would be incomplete (org-api-map §0).
 */
export interface OrgBaaFacts {
  packages: PackageInUse[];
  apps: AppInUse[];
  /** Why the app list cannot be trusted, when it cannot. */
  appsUnknown?: string;
}

export async function baaFactsFromOrg(client: OrgClient): Promise<OrgBaaFacts> {
  const [pkgs, tokens, perms] = await client.queryMany<Record<string, unknown>>([
    {
      soql: 'SELECT Id, SubscriberPackage.NamespacePrefix, SubscriberPackage.Name FROM InstalledSubscriberPackage',
      tooling: true
    },
    { soql: 'SELECT AppName, COUNT(Id) n FROM OauthToken GROUP BY AppName' },
    { soql: 'SELECT PermissionsCustomizeApplication FROM UserPermissionAccess' }
  ]);
  if (!pkgs!.ok) throw readFailed('InstalledSubscriberPackage', pkgs!.failure);
  if (!tokens!.ok) throw readFailed('OauthToken', tokens!.failure);
  const packages: PackageInUse[] = [];
  for (const r of pkgs!.records) {
    const sp = (r.SubscriberPackage ?? {}) as { NamespacePrefix?: string | null; Name?: string };
    // Unmanaged packages have no namespace: name them, so they are still matched or reported.
    const namespace = sp.NamespacePrefix || sp.Name || String(r.Id);
    packages.push({
      namespace,
      name: sp.Name,
      at: { api: 'tooling/InstalledSubscriberPackage', id: String(r.Id) }
    });
  }
  const apps: AppInUse[] = tokens!.records
    .filter((r) => typeof r.AppName === 'string' && r.AppName)
    .map((r) => ({
      name: r.AppName as string,
      scopes: ['unknown'],
      activeTokens: Number(r.n ?? 0),
      at: { api: 'OauthToken', id: r.AppName as string }
    }));
  const canSeeAll = perms!.ok && perms!.records[0]?.PermissionsCustomizeApplication === true;
  return {
    packages,
    apps,
    appsUnknown: canSeeAll
      ? undefined
      : 'the running user lacks Customize Application, so OauthToken lists only its own tokens'
  };
}
