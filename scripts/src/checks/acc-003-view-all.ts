import { checkText } from '../messages/checks';
import { effectiveGrants } from '../posture/effective-access';
import type { Check, Finding } from './types';
import { finding, grantComponent, grantName, isPhiObject, locAt, objectName } from './util';

const t = checkText['ACC-003'];

/** View All Data, Modify All Data, or View/Modify All on a PHI object, in any grant. Groups report only
 * what their member sets do not already report (muting can remove it; the union cannot add it). */
export const viewAllModifyAll: Check = {
  id: 'ACC-003',
  title: t.title,
  severity: 'critical',
  hipaa: ['164.312(a)(1)', '164.308(a)(4)(ii)(B)', '164.502(b)'],
  needs: ['grants', 'permissionSetGroups', 'objects', 'fields'],
  run(s) {
    const out: Finding[] = [];
    if (s.phiObjects.size === 0) return out;
    // Member sets are judged on their own; a group adds nothing a member set does not grant.
    for (const g of effectiveGrants(s).filter((e) => e.kind !== 'PermissionSetGroup')) {
      for (const perm of ['ViewAllData', 'ModifyAllData']) {
        const p = g.userPermissions.get(perm);
        if (!p) continue;
        out.push(
          finding(this, {
            message: t.message(grantName(g), t.allData(perm as 'ViewAllData' | 'ModifyAllData')),
            remediation: t.remediation,
            component: grantComponent(g),
            location: p.at ?? locAt(g.at, undefined)
          })
        );
      }
      for (const [object, a] of g.objects) {
        if (!isPhiObject(s, object) || !(a.viewAll || a.modifyAll)) continue;
        out.push(
          finding(this, {
            severity: 'high',
            message: t.message(grantName(g), t.allRecords(a.modifyAll, objectName(s, object))),
            remediation: t.remediation,
            component: grantComponent(g),
            location: a.at ?? locAt(g.at, a.line)
          })
        );
      }
    }
    return out;
  }
};
