import type { ApexClassUnit, ApexFact, ApexSiteScope, PostureSnapshot, SoqlSite } from '../posture/model';
import { isPhiField, isPhiObject } from './util';

/** Standard relationship names whose target is not spelled out in source. */
const STANDARD_RELATIONSHIPS: Record<string, string> = {
  account: 'Account',
  contact: 'Contact',
  owner: 'User',
  createdby: 'User',
  lastmodifiedby: 'User',
  billtocontact: 'Contact',
  order: 'Order'
};

/** Resolves a SOQL field path (Patient__r.Date_of_Birth__c) from `object` to its owning object and field. */
export function resolvePath(
  s: PostureSnapshot,
  object: string,
  path: string
): { object: string; field: string } | undefined {
  const parts = path.split('.');
  let current = object;
  for (let i = 0; i < parts.length - 1; i++) {
    const rel = parts[i]!;
    let target: string | undefined;
    if (/__r$/i.test(rel)) {
      target = s.fields.get(`${current}.${rel.replace(/__r$/i, '__c')}`.toLowerCase())?.referenceTo;
    } else {
      target =
        s.fields.get(`${current}.${rel}Id`.toLowerCase())?.referenceTo ??
        STANDARD_RELATIONSHIPS[rel.toLowerCase()];
    }
    if (!target) return undefined;
    current = target;
  }
  return { object: current, field: parts[parts.length - 1]! };
}

/**
 * The child object behind a child relationship name in a subquery (`FROM Lab_Tests__r` under
 * Patient__c): the lookup or master-detail field whose `relationshipName` it is; without that
 * metadata, a child object whose plural is the relationship name.
 */
export function childObject(s: PostureSnapshot, parent: string, relationship: string): string | undefined {
  const rel = relationship.replace(/__r$/i, '').toLowerCase();
  const p = parent.toLowerCase();
  let guess: string | undefined;
  for (const f of s.fields.values()) {
    if (f.referenceTo?.toLowerCase() !== p) continue;
    if (f.relationshipName?.toLowerCase() === rel) return f.object;
    const base = f.object.replace(/__c$/i, '').toLowerCase();
    if (!f.relationshipName && (rel === `${base}s` || rel === `${base.replace(/y$/, '')}ies`))
      guess = f.object;
  }
  return guess;
}

/** Main object of a query (the top-level FROM). */
export const mainObject = (q: SoqlSite): string | undefined => q.object ?? q.objects[q.objects.length - 1];

/** The PHI fields a query returns, resolved across relationships and into child subqueries. */
export function phiFieldsRead(s: PostureSnapshot, q: SoqlSite): string[] {
  const object = mainObject(q);
  if (!object) return [];
  const out: string[] = [];
  const add = (from: string, f: string) => {
    const r = resolvePath(s, from, f);
    if (r && isPhiField(s, r.object, r.field)) out.push(`${r.object}.${r.field}`);
  };
  for (const f of q.fields) add(object, f);
  for (const sub of q.subqueries ?? []) {
    if (sub.kind !== 'child') continue;
    const child = childObject(s, object, sub.from);
    if (child) for (const f of sub.fields) add(child, f);
  }
  return out;
}

/** PHI objects whose records a query returns: the main object and child-subquery objects. */
export function phiObjectsRead(s: PostureSnapshot, q: SoqlSite): { object: string; via?: string }[] {
  const out: { object: string; via?: string }[] = [];
  const object = mainObject(q);
  if (object && isPhiObject(s, object)) out.push({ object });
  for (const sub of q.subqueries ?? []) {
    if (sub.kind !== 'child' || !object) continue;
    const child = childObject(s, object, sub.from);
    if (child && isPhiObject(s, child)) out.push({ object: child, via: sub.from });
  }
  return out;
}

/** A query or DML statement guarded on its own: user mode, stripInaccessible, or a justified system mode. */
export const guardedQuery = (q: SoqlSite): boolean => q.enforced || q.systemModeJustified || !!q.stripped;

/** Test code is identified one way: a site in an @IsTest class or a test method. */
export const isTestSite = (x: ApexSiteScope): boolean => !!x.test;

/** Production classes (top-level and inner) of a parsed, non-test file, with the file they sit in. */
export function productionUnits(s: PostureSnapshot): { fact: ApexFact; unit: ApexClassUnit }[] {
  return s.apex
    .filter(isProductionClass)
    .flatMap((fact) => (fact.classes ?? []).filter((u) => !u.isTest).map((unit) => ({ fact, unit })));
}

/** Sites declared in this class itself (not in its inner classes), outside test methods. */
export const sitesOf = <T extends ApexSiteScope>(sites: T[], unit: ApexClassUnit): T[] =>
  sites.filter((x) => x.cls === unit.name && !isTestSite(x));

export function unitTouchesPhi(s: PostureSnapshot, fact: ApexFact, unit: ApexClassUnit): boolean {
  return (
    sitesOf(fact.soql, unit).some((q) => phiObjectsRead(s, q).length > 0) ||
    sitesOf(fact.dml, unit).some((d) => isPhiObject(s, d.sobject)) ||
    [...s.phiObjects].some((o) => unit.identifiers.has(o))
  );
}

const reachCache = new WeakMap<PostureSnapshot, Set<ApexFact>>();

/**
 * Apex files from which the audit service is reachable, computed once per snapshot with one reverse
 * walk: start at the files that are or name an audit service, then follow "is referenced by" edges.
 */
export function reachesAudit(s: PostureSnapshot): Set<ApexFact> {
  const cached = reachCache.get(s);
  if (cached) return cached;
  const services = s.config.auditServices.map((x) => x.toLowerCase());
  const byName = new Map(s.apex.filter((a) => a.kind === 'class').map((a) => [a.name.toLowerCase(), a]));
  const callers = new Map<ApexFact, ApexFact[]>();
  const seen = new Set<ApexFact>();
  const queue: ApexFact[] = [];
  for (const a of s.apex) {
    if (services.some((svc) => a.identifiers.has(svc) || a.name.toLowerCase() === svc)) {
      seen.add(a);
      queue.push(a);
    }
    for (const id of a.identifiers) {
      const callee = byName.get(id);
      if (!callee || callee === a) continue;
      const list = callers.get(callee);
      if (list) list.push(a);
      else callers.set(callee, [a]);
    }
  }
  while (queue.length) {
    for (const caller of callers.get(queue.pop()!) ?? []) {
      if (seen.has(caller)) continue;
      seen.add(caller);
      queue.push(caller);
    }
  }
  reachCache.set(s, seen);
  return seen;
}

export const isProductionClass = (a: ApexFact) => !a.isTest && !a.parseError;

/** Any production code in the file reads or writes a PHI object (or names one). */
export const touchesPhiObject = (s: PostureSnapshot, a: ApexFact): boolean =>
  a.soql.some((q) => !isTestSite(q) && phiObjectsRead(s, q).length > 0) ||
  a.dml.some((d) => !isTestSite(d) && isPhiObject(s, d.sobject)) ||
  [...s.phiObjects].some((o) => a.identifiers.has(o));

/** Classes reachable from `start` through identifier references (callers delegate to handlers). */
export function reachable(s: PostureSnapshot, start: ApexFact, maxDepth = 4): ApexFact[] {
  const byName = new Map(s.apex.filter((a) => a.kind === 'class').map((a) => [a.name.toLowerCase(), a]));
  const seen = new Set<ApexFact>([start]);
  let frontier = [start];
  for (let d = 0; d < maxDepth && frontier.length; d++) {
    const next: ApexFact[] = [];
    for (const a of frontier) {
      for (const id of a.identifiers) {
        const target = byName.get(id);
        if (target && !seen.has(target)) {
          seen.add(target);
          next.push(target);
        }
      }
    }
    frontier = next;
  }
  return [...seen];
}
