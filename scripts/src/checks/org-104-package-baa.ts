import { orgMsg } from '../messages/org';
import type { Check, Finding } from './types';
import { finding } from './util';

const t = orgMsg.checks['ORG-104'];

/**
 * ORG-104: an installed package whose own permission sets grant access to PHI objects is a
 * business associate: it needs a signed BAA in the compliance register (baas[].namespace).
 * Managed Apex runs in system context, so declared grants are the least it can reach.
 */
export const packagePhiWithoutBaa: Check = {
  id: 'ORG-104',
  title: t.title,
  severity: 'high',
  hipaa: ['164.308(b)(1)', '164.314(a)(1)'],
  needs: ['packageAccess', 'register'],
  run(s, now) {
    const f = s.orgOnly.packageAccess;
    if (!f.known || !s.register.known) return [];
    const covered = new Set(
      s.register.value.baas
        .filter((b) => b.namespace && b.signed && (!b.expires || Date.parse(b.expires) >= now.getTime()))
        .map((b) => b.namespace!.toLowerCase())
    );
    const out: Finding[] = [];
    for (const p of f.value) {
      if (!p.objects.length || covered.has(p.namespace.toLowerCase())) continue;
      out.push(
        finding(this, {
          message: t.noBaa(p.namespace, p.objects),
          remediation: t.remediation,
          component: { type: 'InstalledPackage', name: p.namespace },
          location: p.at
        })
      );
    }
    return out;
  }
};
