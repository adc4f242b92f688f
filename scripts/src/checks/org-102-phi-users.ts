import { orgMsg } from '../messages/org';
import type { Check, Finding } from './types';
import { finding } from './util';

const t = orgMsg.checks['ORG-102'];

/**
 * ORG-102: active users holding PHI access (through a profile, permission set or group that can
 * read a PHI object, or View/Modify All Data) who have not logged in for 90 days, who are not
 * required to use MFA, or who hold an MFA waiver. Counts only: the loader never reads user rows.
 * MFA permission names: https://help.salesforce.com/s/articleView?id=sf.mfa_enable_ui_login.htm
 */
export const phiUsersActivityMfa: Check = {
  id: 'ORG-102',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(d)', '164.308(a)(5)(ii)(C)', '164.308(a)(4)(ii)(C)'],
  needs: ['loginHistory'],
  run(s) {
    const f = s.orgOnly.loginHistory;
    if (!f.known) return [];
    const u = f.value;
    const out: Finding[] = [];
    const add = (message: string, name: string) =>
      out.push(
        finding(this, {
          message,
          remediation: t.remediation,
          component: { type: 'Users', name },
          location: u.at
        })
      );
    if (u.stale > 0) add(t.stale(u.stale, u.staleDays), 'dormant PHI users');
    if ((u.withoutMfa ?? 0) > 0) add(t.noMfa(u.withoutMfa!), 'PHI users without MFA');
    if ((u.mfaWaived ?? 0) > 0) add(t.waived(u.mfaWaived!), 'PHI users with an MFA waiver');
    return out;
  }
};
