import type { ApexFact, PostureSnapshot, SoqlSite } from '../posture/model';
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

/** The PHI fields a query selects (resolved across relationships). */
export function phiFieldsRead(s: PostureSnapshot, q: SoqlSite): string[] {
  const object = q.objects[q.objects.length - 1];
  if (!object) return [];
  const out: string[] = [];
  for (const f of q.fields) {
    const r = resolvePath(s, object, f);
    if (r && isPhiField(s, r.object, r.field)) out.push(`${r.object}.${r.field}`);
  }
  return out;
}

export const touchesPhiObject = (s: PostureSnapshot, a: ApexFact): boolean =>
  a.soql.some((q) => q.objects.some((o) => isPhiObject(s, o))) ||
  a.dml.some((d) => isPhiObject(s, d.sobject)) ||
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

export const callsAudit = (s: PostureSnapshot, a: ApexFact): boolean => {
  const services = s.config.auditServices.map((x) => x.toLowerCase());
  return reachable(s, a).some((c) =>
    services.some((svc) => c.identifiers.has(svc) || c.name.toLowerCase() === svc)
  );
};

export const isProductionClass = (a: ApexFact) => !a.isTest && !a.parseError;
