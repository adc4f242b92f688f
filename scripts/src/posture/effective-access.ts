import type {
  AccessGrantFact,
  ObjectAccess,
  PermissionSetGroupFact,
  PostureSnapshot,
  Provenance
} from './model';

/**
 * Effective access: what each persona can actually do. A permission set group grants the union of
 * its permission sets minus its muting permission set ("settings enabled by MutingPermissionSet are
 * turned off for the permission set group that it's a component of":
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_mutingpermissionset.htm),
 * and users assigned to the group hold exactly that. Muting sets grant nothing themselves.
 *
 * Every entry keeps where it came from (`at`: the member set's file and line), so a finding about a
 * group points at the permission set that grants the access, and `via` names that set.
 */
export interface EffectiveEntry {
  at?: Provenance;
  /** The member permission set that grants this entry (groups only). */
  via?: string;
}

export interface EffectiveGrant {
  kind: AccessGrantFact['kind'] | 'PermissionSetGroup';
  name: string;
  label?: string;
  license?: string;
  namespace?: string;
  assignees?: number;
  userPermissions: Map<string, EffectiveEntry>;
  objects: Map<string, ObjectAccess & EffectiveEntry>;
  /** Field grants; a declared grant's entries carry their `line` instead of `at` (see `fieldAt`). */
  fields: Map<string, EffectiveFieldAccess>;
  apexClasses: Map<string, EffectiveEntry>;
  at: Provenance;
  /** Member permission sets the project does not declare: the group's access is not fully known. */
  missingMembers: string[];
  /** For groups: the persona-bearing grants it is built from. */
  members: AccessGrantFact[];
}

const lineAt = (at: Provenance, line: number | undefined): Provenance =>
  'file' in at ? { file: at.file, line: line ?? at.line } : at;

export type EffectiveFieldAccess = { read: boolean; edit: boolean; line?: number } & EffectiveEntry;

/** Where a grant's field entry is declared: the member set's line for a group, else the line in the grant's file. */
export const fieldAt = (g: Pick<EffectiveGrant, 'at'>, entry: EffectiveFieldAccess): Provenance =>
  entry.at ?? lineAt(g.at, entry.line);

/**
 * A declared permission set or profile, as an effective grant (its own access, nothing added). Its field grants (a
 * profile can hold thousands, a project hundreds of profiles) are its own map, not a copy: an entry keeps its `line`
 * in the grant's file, and `fieldAt` gives its location (`at` is set only on a group's entries, which come from a
 * member set's file). Copying them cost two objects per entry, 180,000 on the large bench project.
 */
export function asEffective(g: AccessGrantFact): EffectiveGrant {
  const userPermissions: EffectiveGrant['userPermissions'] = new Map();
  for (const [p, line] of g.userPermissions) userPermissions.set(p, { at: lineAt(g.at, line) });
  const objects: EffectiveGrant['objects'] = new Map();
  for (const [o, a] of g.objects) objects.set(o, { ...a, at: lineAt(g.at, a.line) });
  const apexClasses: EffectiveGrant['apexClasses'] = new Map();
  for (const c of g.apexClasses) apexClasses.set(c.toLowerCase(), { at: g.at });
  return {
    kind: g.kind,
    name: g.name,
    label: g.label,
    license: g.license,
    namespace: g.namespace,
    assignees: g.assignees,
    userPermissions,
    objects,
    fields: g.fields,
    apexClasses,
    at: g.at,
    missingMembers: [],
    members: []
  };
}

const OBJECT_FLAGS = ['read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll'] as const;

/** The union of a group's permission sets minus its muting set. */
export function groupGrant(
  group: PermissionSetGroupFact,
  byName: Map<string, AccessGrantFact>
): EffectiveGrant {
  const members: AccessGrantFact[] = [];
  const missingMembers: string[] = [];
  for (const name of group.permissionSets) {
    const g = byName.get(name.toLowerCase());
    if (g && g.kind === 'PermissionSet') members.push(g);
    else missingMembers.push(name);
  }
  const out: EffectiveGrant = {
    kind: 'PermissionSetGroup',
    name: group.name,
    label: group.label,
    assignees: group.assignees,
    userPermissions: new Map(),
    objects: new Map(),
    fields: new Map(),
    apexClasses: new Map(),
    at: group.at,
    missingMembers,
    members
  };
  for (const m of members) {
    const via = m.name;
    for (const [p, line] of m.userPermissions) {
      if (!out.userPermissions.has(p)) out.userPermissions.set(p, { at: lineAt(m.at, line), via });
    }
    for (const [o, a] of m.objects) {
      const cur = out.objects.get(o);
      if (!cur) {
        out.objects.set(o, { ...a, at: lineAt(m.at, a.line), via });
        continue;
      }
      for (const flag of OBJECT_FLAGS) cur[flag] ||= a[flag];
    }
    for (const [f, a] of m.fields) {
      const cur = out.fields.get(f);
      if (!cur) out.fields.set(f, { read: a.read, edit: a.edit, at: lineAt(m.at, a.line), via });
      else {
        cur.read ||= a.read;
        cur.edit ||= a.edit;
      }
    }
    for (const c of m.apexClasses) {
      if (!out.apexClasses.has(c.toLowerCase())) out.apexClasses.set(c.toLowerCase(), { at: m.at, via });
    }
  }
  const muting = group.mutingPermissionSet ? byName.get(group.mutingPermissionSet.toLowerCase()) : undefined;
  if (group.mutingPermissionSet && !muting) missingMembers.push(group.mutingPermissionSet);
  if (muting) {
    for (const p of muting.userPermissions.keys()) out.userPermissions.delete(p);
    for (const [o, a] of muting.objects) {
      const cur = out.objects.get(o);
      if (!cur) continue;
      for (const flag of OBJECT_FLAGS) if (a[flag]) cur[flag] = false;
    }
    for (const [f, a] of muting.fields) {
      const cur = out.fields.get(f);
      if (!cur) continue;
      if (a.read) cur.read = false;
      if (a.edit) cur.edit = false;
    }
  }
  return out;
}

/**
 * The grants whose personas the access checks judge: every permission set and profile as declared,
 * and every permission set group as its effective union minus muting. Muting sets are left out:
 * they only take access away.
 */
export function effectiveGrants(
  s: Pick<PostureSnapshot, 'grants' | 'permissionSetGroups'>
): EffectiveGrant[] {
  const hit = shared?.get(s.grants);
  if (hit && hit.groups === s.permissionSetGroups) return hit.grants;
  const byName = new Map(s.grants.map((g) => [g.name.toLowerCase(), g]));
  const grants = [
    ...s.grants.filter((g) => g.kind !== 'MutingPermissionSet').map(asEffective),
    ...s.permissionSetGroups.map((group) => groupGrant(group, byName))
  ];
  shared?.set(s.grants, { groups: s.permissionSetGroups, grants });
  return grants;
}

/**
 * Inside `sharingEffectiveGrants(fn)`, every check that asks for a snapshot's effective grants gets
 * the same list, computed once (four access checks ask; on a project with 150,000 field grants
 * each copy costs a second). Only for a run over a snapshot that does not change, such as the
 * engine's run of the pure checks; callers must not modify what they get.
 */
let shared: WeakMap<object, { groups: unknown; grants: EffectiveGrant[] }> | undefined;
export function sharingEffectiveGrants<T>(fn: () => T): T {
  const outer = shared;
  shared = new WeakMap();
  try {
    return fn();
  } finally {
    shared = outer;
  }
}
