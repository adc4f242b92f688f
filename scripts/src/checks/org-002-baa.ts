import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { finding } from './util';

const t = checkText['ORG-002'];

export const baaCoverage: Check = {
  id: 'ORG-002',
  title: t.title,
  severity: 'high',
  hipaa: ['164.308(b)(1)', '164.314(a)(1)'],
  needs: ['register', 'installedPackages', 'fields'],
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
    for (const p of s.installedPackages) {
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
    return out;
  }
};
