import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { phiProfilePolicies } from './profile-policies';
import { finding, locAt } from './util';

const t = checkText['SES-001'];

export const sessionTimeout: Check = {
  id: 'SES-001',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(a)(2)(iii)'],
  needs: ['session', 'profilePolicies', 'grants', 'fields'],
  run(s) {
    if (!s.session.known) return [];
    const v = s.session.value;
    const out: Finding[] = [];
    const component = { type: 'SecuritySettings', name: 'Security' };
    if (v.timeoutMinutes === undefined || v.timeoutMinutes > 15) {
      out.push(
        finding(this, {
          message: t.message(
            v.timeoutValue
              ? `session timeout is ${v.timeoutValue}, over 15 minutes`
              : 'no session timeout is set (the platform default is 2 hours)'
          ),
          remediation: t.remediation,
          component,
          location: locAt(s.session.at, v.lines.sessionTimeout)
        })
      );
    }
    if (v.forceLogout !== true) {
      out.push(
        finding(this, {
          message: t.message(
            'sessions are not logged out on timeout (forceLogoutOnSessionTimeout is not true)'
          ),
          remediation: t.remediation,
          component,
          location: locAt(s.session.at, v.lines.forceLogoutOnSessionTimeout)
        })
      );
    }
    for (const { policy, declared } of phiProfilePolicies(s, 'ProfileSessionSetting')) {
      const minutes = policy.session?.timeoutMinutes;
      if (minutes !== undefined && minutes <= 15) continue;
      out.push(
        finding(this, {
          message: t.message(
            `profile ${policy.profile}${declared ? ', which reads PHI,' : ' (not in the project, so assumed to reach PHI)'} overrides the session timeout with ${policy.session?.timeoutValue ?? (minutes === undefined ? 'no value' : `${minutes} minutes`)}, over 15 minutes`
          ),
          remediation: t.remediation,
          component: { type: 'ProfileSessionSetting', name: policy.profile },
          location: locAt(policy.at, policy.session?.lines.sessionTimeout)
        })
      );
    }
    return out;
  }
};
