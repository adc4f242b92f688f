import type { OrgClient } from '../../org/client';
import { inList } from '../../org/soql';
import type { ReviewGrant, UserFacts } from '../access/review';
import { readFailed } from './session';

/**
 * User-level facts for the access review, read with aggregates and COUNT() only, so the number of
 * API calls does not grow with the number of users (a 200,000-user org costs the same ~10 calls):
 * - per permission set: `PermissionSetAssignment ... GROUP BY PermissionSetId` (org-api-map §4;
 *   per-user subqueries are what fail at 180k users);
 * - per profile: `User ... GROUP BY ProfileId`;
 * - inactive, frozen and integration users: COUNT() with semi-joins on the assignments. SOQL allows
 *   at most two semi-/anti-joins per query and none inside OR:
 *   https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm
 * - LoginHistory.LoginType 'Application' is an interactive (UI) login:
 *   https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_loginhistory.htm
 * Names are read only when the reviewer asks (--names), capped per list.
 */
export const INACTIVE_DAYS = 90;
const NAMES_CAP = 200;
const INTEGRATION = /\b(integration|api|sync|etl|middleware)\b/i;

const soqlDateTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface OrgUserOptions {
  now: Date;
  names?: boolean;
}

/** Fills `users` on each grant and returns the user facts. */
export async function userFactsFromOrg(
  client: OrgClient,
  grants: ReviewGrant[],
  opts: OrgUserOptions
): Promise<UserFacts> {
  const [ps, profiles] = await client.queryMany<Record<string, unknown>>([
    { soql: 'SELECT Id, Name FROM PermissionSet WHERE IsOwnedByProfile = false' },
    { soql: 'SELECT Id, Name FROM Profile' }
  ]);
  if (!ps!.ok) throw readFailed('PermissionSet', ps!.failure);
  if (!profiles!.ok) throw readFailed('Profile', profiles!.failure);
  const psId = new Map(ps!.records.map((r) => [String(r.Name).toLowerCase(), String(r.Id)]));
  const profileId = new Map(profiles!.records.map((r) => [String(r.Name).toLowerCase(), String(r.Id)]));

  const [psCounts, profileCounts] = await client.queryMany<Record<string, unknown>>([
    {
      soql: 'SELECT PermissionSetId, COUNT(Id) n FROM PermissionSetAssignment WHERE Assignee.IsActive = true GROUP BY PermissionSetId'
    },
    { soql: 'SELECT ProfileId, COUNT(Id) n FROM User WHERE IsActive = true GROUP BY ProfileId' }
  ]);
  if (!psCounts!.ok) throw readFailed('PermissionSetAssignment', psCounts!.failure);
  if (!profileCounts!.ok) throw readFailed('User', profileCounts!.failure);
  const byPs = new Map(psCounts!.records.map((r) => [String(r.PermissionSetId), Number(r.n ?? 0)]));
  const byProfile = new Map(profileCounts!.records.map((r) => [String(r.ProfileId), Number(r.n ?? 0)]));

  const phiPs = new Set<string>();
  const phiProfiles = new Set<string>();
  for (const g of grants) {
    // The org loader already counted assignees per set; the aggregate fills them otherwise.
    if (g.via === 'PermissionSet') {
      const id = psId.get(g.principal.toLowerCase());
      g.users ??= id ? (byPs.get(id) ?? 0) : 0;
      if (id) phiPs.add(id);
    } else if (g.via === 'Profile') {
      const id = profileId.get(g.principal.toLowerCase());
      g.users ??= id ? (byProfile.get(id) ?? 0) : 0;
      if (id) phiProfiles.add(id);
    }
  }
  const integrationPs = [...psId.entries()]
    .filter(([n]) => INTEGRATION.test(n.replace(/_/g, ' ')))
    .map(([, id]) => id);

  const cutoff = soqlDateTime(new Date(opts.now.getTime() - INACTIVE_DAYS * 86_400_000));
  const viaPs = (ids: Set<string> | string[], field: string) =>
    `${field} IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSetId IN ${inList([...ids])})`;
  const notViaPs = (ids: Set<string>, field: string) =>
    `${field} NOT IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSetId IN ${inList([...ids])})`;
  const stale = `(LastLoginDate = NULL OR LastLoginDate < ${cutoff})`;

  /** The users holding PHI access: via a permission set, or via a profile and no such permission set. */
  const holders = (extra: string, userField = 'Id'): string[] => {
    const out: string[] = [];
    if (phiPs.size) out.push(`${extra} AND ${viaPs(phiPs, userField)}`);
    if (phiProfiles.size)
      out.push(
        `${extra} AND ${userField === 'Id' ? 'ProfileId' : 'User.ProfileId'} IN ${inList([...phiProfiles])}` +
          (phiPs.size ? ` AND ${notViaPs(phiPs, userField)}` : '')
      );
    return out;
  };

  const counts: { key: keyof Omit<UserFacts, 'lastLogin'> | 'last'; soql: string }[] = [
    { key: 'activeUsers', soql: 'SELECT COUNT() FROM User WHERE IsActive = true' },
    ...holders(`IsActive = true AND ${stale}`).map((w) => ({
      key: 'inactiveWithPhi' as const,
      soql: `SELECT COUNT() FROM User WHERE ${w}`
    })),
    ...holders('IsFrozen = true', 'UserId').map((w) => ({
      key: 'frozenWithPhi' as const,
      soql: `SELECT COUNT() FROM UserLogin WHERE ${w}`
    })),
    ...holders('IsActive = true').map((w) => ({
      key: 'last' as const,
      soql: `SELECT MAX(LastLoginDate) m FROM User WHERE ${w}`
    }))
  ];
  if (integrationPs.length)
    counts.push({
      key: 'integrationInteractive',
      soql: `SELECT UserId FROM LoginHistory WHERE LoginType = 'Application' AND LoginTime >= ${cutoff} AND ${viaPs(integrationPs, 'UserId')} GROUP BY UserId`
    });
  const results = await client.queryMany<Record<string, unknown>>(counts.map((c) => ({ soql: c.soql })));
  const facts: UserFacts = {
    activeUsers: 0,
    inactiveWithPhi: { count: 0 },
    frozenWithPhi: { count: 0 },
    integrationInteractive: { count: 0 }
  };
  let last: string | undefined;
  counts.forEach((c, i) => {
    const r = results[i]!;
    if (!r.ok) throw readFailed(c.soql.split(' FROM ')[1]!.split(' ')[0]!, r.failure);
    if (c.key === 'activeUsers') facts.activeUsers = r.totalSize;
    else if (c.key === 'last') {
      const m = r.records[0]?.m;
      if (typeof m === 'string' && (!last || m > last)) last = m;
    } else if (c.key === 'integrationInteractive') facts.integrationInteractive.count = r.records.length;
    else facts[c.key].count += r.totalSize;
  });
  facts.lastLogin = last;

  if (opts.names) {
    type Named = 'inactiveWithPhi' | 'frozenWithPhi';
    const lists: { key: Named; soql: string }[] = [
      ...holders(`IsActive = true AND ${stale}`).map((w) => ({
        key: 'inactiveWithPhi' as Named,
        soql: `SELECT Username FROM User WHERE ${w} ORDER BY Username LIMIT ${NAMES_CAP}`
      })),
      ...holders('IsFrozen = true', 'UserId').map((w) => ({
        key: 'frozenWithPhi' as Named,
        soql: `SELECT User.Username FROM UserLogin WHERE ${w} ORDER BY User.Username LIMIT ${NAMES_CAP}`
      }))
    ];
    const named = await client.queryMany<Record<string, unknown>>(lists.map((l) => ({ soql: l.soql })));
    lists.forEach(({ key }, i) => {
      const r = named[i]!;
      if (!r.ok) throw readFailed('User', r.failure);
      const names = r.records.map((rec) =>
        String(rec.Username ?? (rec.User as { Username?: string } | null)?.Username ?? '')
      );
      facts[key].names = [...(facts[key].names ?? []), ...names].sort();
    });
  }
  return facts;
}
