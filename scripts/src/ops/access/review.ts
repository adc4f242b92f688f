import type { AccessGrantFact, ObjectAccess, PostureSnapshot, SharingRuleFact } from '../../posture/model';

/**
 * Who can reach which PHI object and field, and how: one row per principal (permission set,
 * profile, sharing rule) and PHI object or field, from the same snapshot `verify` checks. Pure.
 * System permissions that open every record (View All Data, Modify All Data) appear as a grant
 * on all PHI objects ("*").
 */
export type Via = 'PermissionSet' | 'PermissionSetGroup' | 'Profile' | 'SharingRule';

export interface ReviewGrant {
  via: Via;
  principal: string;
  /** Object API name, or "*" for every PHI object (View/Modify All Data). */
  object: string;
  /** Object.Field for field-level grants. */
  field?: string;
  access: string[];
  /** Sharing rules: who the records are shared to (kind:name). */
  sharedTo?: string[];
  /** Active users holding the grant (online only). */
  users?: number;
  /** Where the grant is declared (file:line or API). */
  where: string;
}

export interface UserFacts {
  /** Active users in the org. */
  activeUsers: number;
  /** Active users with PHI access who have not logged in for more than 90 days (or never). */
  inactiveWithPhi: { count: number; names?: string[] };
  /** Frozen users (UserLogin.IsFrozen) who still hold PHI access. */
  frozenWithPhi: { count: number; names?: string[] };
  /** Integration users (API Only off) holding PHI access with an interactive login in the window. */
  integrationInteractive: { count: number; names?: string[] };
  /** Last login of anyone holding PHI access. */
  lastLogin?: string;
}

export interface AccessReview {
  source: string;
  generatedAt: string;
  phiObjects: string[];
  phiFields: number;
  grants: ReviewGrant[];
  /** Online only: user-level facts; offline they are listed as needing an org. */
  users?: UserFacts;
}

const OBJECT_ACCESS: [keyof ObjectAccess, string][] = [
  ['read', 'Read'],
  ['create', 'Create'],
  ['edit', 'Edit'],
  ['delete', 'Delete'],
  ['viewAll', 'ViewAll'],
  ['modifyAll', 'ModifyAll']
];

const ALL_DATA = ['ViewAllData', 'ModifyAllData'];

const whereOf = (at: AccessGrantFact['at'] | SharingRuleFact['at'], line?: number) =>
  'file' in at ? `${at.file}:${line ?? at.line ?? 1}` : `${at.api}${at.id ? ` ${at.id}` : ''}`;

/** Object API name as written in the source, from the snapshot's lower-case key. */
function objectName(s: PostureSnapshot, key: string): string {
  return (
    s.objects.get(key)?.name ??
    [...s.fields.values()].find((f) => f.object.toLowerCase() === key)?.object ??
    key
  );
}

export function reviewGrants(s: PostureSnapshot): ReviewGrant[] {
  const out: ReviewGrant[] = [];
  for (const g of s.grants) {
    if (g.kind === 'MutingPermissionSet') continue;
    const via: Via = g.kind === 'Profile' ? 'Profile' : 'PermissionSet';
    const users = g.assignees;
    const all = ALL_DATA.filter((p) => g.userPermissions.has(p));
    if (all.length)
      out.push({
        via,
        principal: g.name,
        object: '*',
        access: all,
        where: whereOf(g.at, g.userPermissions.get(all[0]!))
      });
    for (const [key, oa] of g.objects) {
      if (!s.phiObjects.has(key)) continue;
      const access = OBJECT_ACCESS.filter(([k]) => oa[k] === true).map(([, label]) => label);
      if (access.length)
        out.push({
          via,
          principal: g.name,
          object: objectName(s, key),
          access,
          where: whereOf(g.at, oa.line)
        });
    }
    for (const [key, fa] of g.fields) {
      if (!s.phi.get(key)?.phi || !(fa.read || fa.edit)) continue;
      const f = s.fields.get(key);
      const id = f?.id ?? key;
      out.push({
        via,
        principal: g.name,
        object: f?.object ?? id.split('.')[0]!,
        field: id,
        access: fa.edit ? ['Read', 'Edit'] : ['Read'],
        users,
        where: whereOf(g.at, fa.line)
      });
    }
  }
  out.push(...groupGrants(s));
  for (const r of s.sharingRules) {
    if (!s.phiObjects.has(r.object.toLowerCase())) continue;
    out.push({
      via: 'SharingRule',
      principal: `${r.object}.${r.name}`,
      object: r.object,
      access: [r.accessLevel ?? 'Read'],
      sharedTo: r.sharedTo.map((t) => `${t.kind}:${t.value}`),
      where: whereOf(r.at)
    });
  }
  return out.sort((a, b) =>
    grantSortKey(a) < grantSortKey(b) ? -1 : grantSortKey(a) > grantSortKey(b) ? 1 : 0
  );
}

/**
 * Permission set groups: the union of their permission sets' PHI grants minus what the group's
 * muting permission set mutes (a muted permission is removed for the group's assignees only).
 * https://help.salesforce.com/s/articleView?id=sf.perm_set_groups_muting.htm
 */
function groupGrants(s: PostureSnapshot): ReviewGrant[] {
  const out: ReviewGrant[] = [];
  const byName = new Map(s.grants.map((g) => [`${g.kind}:${g.name.toLowerCase()}`, g]));
  for (const grp of s.permissionSetGroups ?? []) {
    const members = grp.permissionSets
      .map((n) => byName.get(`PermissionSet:${n.toLowerCase()}`))
      .filter((g): g is AccessGrantFact => !!g);
    const muting = grp.mutingPermissionSet
      ? byName.get(`MutingPermissionSet:${grp.mutingPermissionSet.toLowerCase()}`)
      : undefined;
    const where = whereOf(grp.at);
    const base = { via: 'PermissionSetGroup' as const, principal: grp.name, users: grp.assignees, where };
    const all = ALL_DATA.filter(
      (p) => members.some((m) => m.userPermissions.has(p)) && !muting?.userPermissions.has(p)
    );
    if (all.length) out.push({ ...base, object: '*', access: all });
    const objects = new Set(members.flatMap((m) => [...m.objects.keys()]).filter((k) => s.phiObjects.has(k)));
    for (const key of objects) {
      const access = OBJECT_ACCESS.filter(
        ([k]) =>
          members.some((m) => m.objects.get(key)?.[k] === true) && muting?.objects.get(key)?.[k] !== true
      ).map(([, label]) => label);
      if (access.length) out.push({ ...base, object: objectName(s, key), access });
    }
    const fields = new Set(members.flatMap((m) => [...m.fields.keys()]).filter((k) => s.phi.get(k)?.phi));
    for (const key of fields) {
      const muted = muting?.fields.get(key);
      const read = members.some((m) => m.fields.get(key)?.read) && !muted?.read;
      const edit = members.some((m) => m.fields.get(key)?.edit) && !muted?.edit && read;
      if (!read) continue;
      const f = s.fields.get(key);
      const id = f?.id ?? key;
      out.push({
        ...base,
        object: f?.object ?? id.split('.')[0]!,
        field: id,
        access: edit ? ['Read', 'Edit'] : ['Read']
      });
    }
  }
  return out;
}

const grantSortKey = (g: ReviewGrant) =>
  `${g.object}\u0000${g.field ?? ''}\u0000${g.via}\u0000${g.principal}`;

/** One key per grant and access level: what the baseline stores and the diff compares. */
export function grantKeys(g: ReviewGrant): string[] {
  const target = g.field ?? g.object;
  const to = g.sharedTo?.length ? ` -> ${g.sharedTo.join(',')}` : '';
  return g.access.map((a) => `${g.via}:${g.principal} | ${target} | ${a}${to}`);
}

export function buildReview(s: PostureSnapshot, source: string, now: Date, users?: UserFacts): AccessReview {
  return {
    source,
    generatedAt: now.toISOString(),
    phiObjects: [...s.phiObjects].map((k) => objectName(s, k)).sort(),
    phiFields: [...s.phi.values()].filter((v) => v.phi).length,
    grants: reviewGrants(s),
    users
  };
}
