import { checkText } from '../messages/checks';
import type { Known, SessionSettingsFact } from '../posture/model';
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
  // Without the org-wide settings, a profile's own override is still judged (and the check stays not verified).
  partial: ['session'],
  run(s) {
    const org = s.session.known ? s.session : undefined;
    const out: Finding[] = org ? orgWide(this, org) : [];
    /**
     * ProfileSessionSetting.sessionTimeout is an int, "how many minutes of inactivity elapse before a user's
     * authenticated session times out", and it "overrides the org-wide timeout value" for the profile's users
     * (valid values 15, 30, 60, 120, 240, 480, 720, 1440):
     * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_profilesessionsetting.htm
     */
    for (const { policy, declared } of phiProfilePolicies(s, 'ProfileSessionSetting')) {
      const minutes = policy.session?.timeoutMinutes;
      if (minutes !== undefined && minutes <= 15) continue;
      out.push(
        finding(this, {
          message: t.profile(policy.profile, declared, minutes, org?.value.timeoutMinutes),
          remediation: t.profileRemediation,
          component: { type: 'ProfileSessionSetting', name: policy.profile },
          location: locAt(policy.at, policy.session?.lines.sessionTimeout)
        })
      );
    }
    return out;
  }
};

/** The org-wide session settings (SecuritySettings.sessionSettings). */
function orgWide(check: Check, session: Known<SessionSettingsFact>): Finding[] {
  const v = session.value;
  const out: Finding[] = [];
  const component = { type: 'SecuritySettings', name: 'Security' };
  if (v.timeoutMinutes === undefined || v.timeoutMinutes > 15) {
    out.push(
      finding(check, {
        message: t.message(
          v.timeoutValue
            ? `session timeout is ${v.timeoutValue}, over 15 minutes`
            : 'no session timeout is set (the platform default is 2 hours)'
        ),
        remediation: t.remediation,
        component,
        location: locAt(session.at, v.lines.sessionTimeout)
      })
    );
  }
  if (v.forceLogout !== true) {
    out.push(
      finding(check, {
        message: t.message(
          'sessions are not logged out on timeout (forceLogoutOnSessionTimeout is not true)'
        ),
        remediation: t.remediation,
        component,
        location: locAt(session.at, v.lines.forceLogoutOnSessionTimeout)
      })
    );
  }
  return out;
}
