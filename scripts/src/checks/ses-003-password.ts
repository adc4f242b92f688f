import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import type { PasswordPolicyFact } from '../posture/model';
import { phiProfilePolicies } from './profile-policies';
import { finding, locAt } from './util';

const t = checkText['SES-003'];
const WEAK_COMPLEXITY = new Set(['NoRestriction', 'AlphaNumeric']);

export const weakPasswordPolicy: Check = {
  id: 'SES-003',
  title: t.title,
  severity: 'medium',
  hipaa: ['164.308(a)(5)(ii)(D)', '164.312(d)'],
  needs: ['password', 'profilePolicies', 'grants', 'fields'],
  run(s) {
    if (!s.password.known) return [];
    const at = s.password.at;
    const out: Finding[] = passwordProblems(s.password.value).map(([element, what]) =>
      finding(this, {
        message: t.message(what),
        remediation: t.remediation,
        component: { type: 'SecuritySettings', name: 'Security' },
        location: locAt(at, s.password.known ? s.password.value.lines[element] : undefined)
      })
    );
    for (const { policy, declared } of phiProfilePolicies(s, 'ProfilePasswordPolicy')) {
      if (!policy.password) continue;
      const who = `profile ${policy.profile}${declared ? ' (reads PHI)' : ' (not in the project, so assumed to reach PHI)'}`;
      for (const [element, what] of passwordProblems(policy.password)) {
        out.push(
          finding(this, {
            message: t.message(`${who}: ${what}`),
            remediation: t.remediation,
            component: { type: 'ProfilePasswordPolicy', name: policy.profile },
            location: locAt(policy.at, policy.password.lines[element])
          })
        );
      }
    }
    return out;
  }
};

/** What is weak about a password policy: [element, what], org-wide or per profile alike. */
export function passwordProblems(p: PasswordPolicyFact): [string, string][] {
  const problems: [string, string][] = [];
  if (p.minLength === undefined || p.minLength < 12)
    problems.push([
      'minimumPasswordLength',
      `minimum length is ${p.minLength ?? 'the default (8)'}, under 12`
    ]);
  if (!p.complexity || WEAK_COMPLEXITY.has(p.complexity))
    problems.push(['complexity', `complexity is ${p.complexity ?? 'the default (AlphaNumeric)'}`]);
  if (p.expiration === 'Never') problems.push(['expiration', 'passwords never expire']);
  if (p.maxLoginAttempts === 'NoLimit')
    problems.push(['maxLoginAttempts', 'there is no lockout after failed logins']);
  return problems;
}
