import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { finding, grantComponent, isGuestGrant, isPhiObject, objectName, locAt } from './util';

const t = checkText['ACC-005'];

export const guestPhiAccess: Check = {
  id: 'ACC-005',
  title: t.title,
  severity: 'critical',
  hipaa: ['164.312(a)(1)', '164.312(d)'],
  needs: ['grants', 'fields'],
  run(s) {
    const out: Finding[] = [];
    for (const g of s.grants.filter(isGuestGrant)) {
      for (const [object, a] of g.objects) {
        if (!isPhiObject(s, object) || !(a.read || a.create || a.edit || a.delete)) continue;
        out.push(
          finding(this, {
            message: t.message(`${g.kind} ${g.name}`, `PHI object ${objectName(s, object)}`),
            remediation: t.remediation,
            component: grantComponent(g),
            location: locAt(g.at, a.line)
          })
        );
      }
      for (const [field, fp] of g.fields) {
        if (!(fp.read || fp.edit) || !s.phi.get(field)?.phi) continue;
        out.push(
          finding(this, {
            message: t.message(`${g.kind} ${g.name}`, `PHI field ${s.fields.get(field)?.id ?? field}`),
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
