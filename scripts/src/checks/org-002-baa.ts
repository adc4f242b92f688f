import { checkText } from '../messages/checks';
import type { PostureSnapshot } from '../posture/model';
import type { Check, Finding, Location } from './types';
import { finding, namespaceOf, phiFields } from './util';

const t = checkText['ORG-002'];

export const baaCoverage: Check = {
  id: 'ORG-002',
  title: t.title,
  severity: 'high',
  hipaa: ['164.308(b)(1)', '164.314(a)(1)'],
  needs: ['register', 'installedPackages', 'fields', 'grants'],
  run(s, now) {
    if (!s.register.known) return [];
    const reg = s.register.value;
    const out: Finding[] = [];
    const add = (message: string, name: string, line?: number) =>
      out.push(
        finding(this, {
          message,
          remediation: t.remediation,
          component: { type: 'BusinessAssociate', name },
          location: { file: reg.file, line }
        })
      );
    for (const b of reg.baas) {
      if (!b.handlesPhi) continue;
      if (!b.signed) add(t.unsigned(b.vendor), b.vendor, b.line);
      else if (b.expires && Date.parse(b.expires) < now.getTime())
        add(t.expired(b.vendor, b.expires), b.vendor, b.line);
    }
    if (s.phiObjects.size > 0 && !reg.baas.some((b) => /salesforce/i.test(b.vendor) && b.signed)) {
      add(t.noSalesforce(), 'Salesforce', 1);
    }
    const namespaces = new Set(
      reg.baas.filter((b) => b.namespace && b.signed).map((b) => b.namespace!.toLowerCase())
    );
    const reported = new Set<string>();
    for (const p of s.installedPackages) {
      reported.add(p.namespace.toLowerCase());
      if (namespaces.has(p.namespace.toLowerCase())) continue;
      out.push(
        finding(this, {
          message: t.package(p.namespace),
          remediation: t.remediation,
          component: { type: 'InstalledPackage', name: p.namespace },
          location: p.at
        })
      );
    }
    // Managed packages whose own (namespaced) fields hold PHI, or whose permission sets reach it.
    for (const [ns, use] of vendorPhi(s)) {
      if (namespaces.has(ns) || reported.has(ns)) continue;
      out.push(
        finding(this, {
          message: t.managed(use.namespace, use.what),
          remediation: t.remediation,
          component: { type: 'ManagedPackage', name: use.namespace },
          location: use.at
        })
      );
    }
    return out;
  }
};

/** Namespaces of managed packages that hold PHI fields or grant access to PHI, with the first place seen. */
function vendorPhi(s: PostureSnapshot): Map<string, { namespace: string; what: string; at: Location }> {
  const out = new Map<string, { namespace: string; what: string; at: Location }>();
  for (const f of phiFields(s)) {
    const ns = namespaceOf(f.name);
    if (ns && !out.has(ns.toLowerCase()))
      out.set(ns.toLowerCase(), { namespace: ns, what: `field ${f.id}`, at: f.at });
  }
  for (const g of s.grants) {
    const ns = g.namespace;
    if (!ns || out.has(ns.toLowerCase())) continue;
    const field = [...g.fields].find(([k, fp]) => fp.read && s.phi.get(k)?.phi);
    if (field)
      out.set(ns.toLowerCase(), {
        namespace: ns,
        what: `${g.kind} ${g.name} reads ${s.fields.get(field[0])?.id ?? field[0]}`,
        at: g.at
      });
  }
  return out;
}
