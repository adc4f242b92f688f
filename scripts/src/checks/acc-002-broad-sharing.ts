import { checkText } from '../messages/checks';
import type { Check, Finding, Severity } from './types';
import { finding, isPhiObject } from './util';

const t = checkText['ACC-002'];

/** How broad each `sharedTo` kind is; the wording is in messages/checks.ts (ACC-002 audience). */
const BROAD: Record<string, Severity> = {
  allInternalUsers: 'critical',
  allCustomerPortalUsers: 'critical',
  allPartnerUsers: 'critical',
  guestUser: 'critical',
  portalRole: 'high',
  portalRoleAndSubordinates: 'high',
  roleAndSubordinates: 'high',
  roleAndSubordinatesInternal: 'high',
  role: 'medium',
  managerSubordinates: 'medium'
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
        let hit: [Severity, string] | undefined = BROAD[to.kind]
          ? [BROAD[to.kind]!, t.audience[to.kind]!]
          : undefined;
        if (!hit && to.kind === 'group' && BROAD_GROUPS.test(to.value)) hit = ['critical', t.group(to.value)];
        if (!hit && r.kind === 'guest') hit = ['critical', t.guests];
        if (!hit) continue;
        out.push(
          finding(this, {
            severity: hit[0],
            message: t.message(
              r.name,
              r.object,
              to.value && !hit[1].includes(to.value) ? t.named(hit[1], to.value) : hit[1]
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
