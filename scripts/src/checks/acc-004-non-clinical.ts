import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { finding, grantComponent, isAuditorGrant, isNonClinicalGrant, locAt } from './util';

const t = checkText['ACC-004'];

export const nonClinicalPhiRead: Check = {
  id: 'ACC-004',
  title: t.title,
  severity: 'high',
  hipaa: ['164.308(a)(4)(ii)(B)', '164.312(a)(1)', '164.502(b)'],
  needs: ['grants', 'fields'],
  run(s) {
    const out: Finding[] = [];
    for (const g of s.grants) {
      if (!isNonClinicalGrant(g) || isAuditorGrant(g, s.config.auditorPersonas)) continue;
      for (const [field, fp] of g.fields) {
        if (!fp.read || !s.phi.get(field)?.phi) continue;
        out.push(
          finding(this, {
            message: t.message(`${g.kind} ${g.name}`, s.fields.get(field)?.id ?? field),
            remediation: t.remediation,
            component: grantComponent(g),
            location: locAt(g.at, fp.line)
          })
        );
      }
    }
    return out;
  }
};
