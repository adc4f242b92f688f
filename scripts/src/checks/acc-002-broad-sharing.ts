import { checkText } from '../messages/checks';
import type { Check, Finding, Severity } from './types';
import { finding, isPhiObject } from './util';

const t = checkText['ACC-002'];

const BROAD: Record<string, [Severity, string]> = {
  allInternalUsers: ['critical', 'all internal users'],
  allCustomerPortalUsers: ['critical', 'all customer portal users'],
  allPartnerUsers: ['critical', 'all partner users'],
  guestUser: ['critical', 'the guest user'],
  portalRole: ['high', 'a portal role'],
  portalRoleAndSubordinates: ['high', 'a portal role and subordinates'],
  roleAndSubordinates: ['high', 'a role and all its subordinates'],
  roleAndSubordinatesInternal: ['high', 'a role and all its internal subordinates'],
  role: ['medium', 'a role (check it is not above clinical staff)'],
  managerSubordinates: ['medium', 'a manager and subordinates']
};
const BROAD_GROUPS =
  /^(all ?internal ?users|allinternalusers|all ?users|everyone|all ?partner|all ?customer)/i;

export const broadSharingRule: Check = {
  id: 'ACC-002',
  title: t.title,
  severity: 'critical',
  hipaa: ['164.312(a)(1)', '164.308(a)(4)(ii)(B)'],
  needs: ['sharingRules', 'objects', 'fields'],
  run(s) {
    const out: Finding[] = [];
    for (const r of s.sharingRules) {
      if (!isPhiObject(s, r.object)) continue;
      const targets =
        r.kind === 'guest' && r.sharedTo.length === 0 ? [{ kind: 'guestUser', value: '' }] : r.sharedTo;
      for (const to of targets) {
        let hit = BROAD[to.kind];
        if (!hit && to.kind === 'group' && BROAD_GROUPS.test(to.value))
          hit = ['critical', `group ${to.value}`];
        if (!hit && r.kind === 'guest') hit = ['critical', 'guest users'];
        if (!hit) continue;
        out.push(
          finding(this, {
            severity: hit[0],
            message: t.message(
              r.name,
              r.object,
              to.value && !hit[1].includes(to.value) ? `${hit[1]} (${to.value})` : hit[1]
            ),
            remediation: t.remediation,
            component: { type: 'SharingRule', name: `${r.object}.${r.name}` },
            location: r.at
          })
        );
      }
    }
    return out;
  }
};
