import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { finding, grantComponent, isPhiObject, objectName, locAt } from './util';

const t = checkText['ACC-003'];

export const viewAllModifyAll: Check = {
  id: 'ACC-003',
  title: t.title,
  severity: 'critical',
  hipaa: ['164.312(a)(1)', '164.308(a)(4)(ii)(B)', '164.502(b)'],
  needs: ['grants', 'objects', 'fields'],
  run(s) {
    const out: Finding[] = [];
    if (s.phiObjects.size === 0) return out;
    for (const g of s.grants) {
      for (const perm of ['ViewAllData', 'ModifyAllData']) {
        if (!g.userPermissions.has(perm)) continue;
        out.push(
          finding(this, {
            message: t.message(
              `${g.kind} ${g.name}`,
              `${perm === 'ViewAllData' ? 'View All Data' : 'Modify All Data'}, which exposes every PHI record`
            ),
            remediation: t.remediation,
            component: grantComponent(g),
            location: locAt(g.at, g.userPermissions.get(perm))
          })
        );
      }
      for (const [object, a] of g.objects) {
        if (!isPhiObject(s, object) || !(a.viewAll || a.modifyAll)) continue;
        const objName = objectName(s, object);
        out.push(
          finding(this, {
            severity: 'high',
            message: t.message(
              `${g.kind} ${g.name}`,
              `${a.modifyAll ? 'Modify All' : 'View All'} on PHI object ${objName}`
            ),
            remediation: t.remediation,
            component: grantComponent(g),
            location: locAt(g.at, a.line)
          })
        );
      }
    }
    return out;
  }
};
