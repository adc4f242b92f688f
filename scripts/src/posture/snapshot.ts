import { rulesMsg } from '../messages/rules';
import { unknown, type LwcBundleFact, type Fact, type PostureSnapshot } from './model';

/**
 * What both loaders share when they start and finish a snapshot: the empty collections, and the
 * filters Apex's inline SOQL implies. Each loader adds its own source, settings, org-only facts and
 * evidence names (a project's files, or the API objects an org answers from).
 */
export function emptyCollections(config: PostureSnapshot['config']) {
  return {
    objects: new Map(),
    fields: new Map(),
    phi: new Map(),
    dictionary: { file: config.dictionaryFile, entries: new Map() },
    phiObjects: new Set<string>(),
    sharingRules: [],
    grants: [],
    permissionSetGroups: [],
    profilePolicies: [],
    apps: [],
    endpoints: [],
    apex: [],
    // An org's components are not read yet (org loader): unknown, never "no components".
    lwc: unknown('unreadable', rulesMsg.lwc.notReadOnline) as Fact<LwcBundleFact[]>,
    filters: [],
    installedPackages: [],
    sites: [],
    trustedSites: [],
    lwcs: new Map(),
    problems: [],
    gaps: {},
    filesRead: 0,
    inputs: [],
    inputsSha256: ''
  } satisfies Partial<PostureSnapshot>;
}

/**
 * Fields in inline SOQL WHERE clauses are filters too: on a probabilistically encrypted field the
 * query fails, as it does for a list view's filter.
 */
export function addApexFilters(snap: PostureSnapshot): void {
  for (const a of snap.apex) {
    for (const q of a.soql) {
      const object = q.objects[q.objects.length - 1];
      if (!object) continue;
      for (const field of q.whereFields ?? []) {
        if (field.includes('.')) continue;
        snap.filters.push({
          object,
          field,
          where: 'Apex',
          component: a.name,
          at: { file: a.file, line: q.line }
        });
      }
    }
  }
}
