import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { finding, locAt } from './util';

const t = checkText['SES-003'];
const WEAK_COMPLEXITY = new Set(['NoRestriction', 'AlphaNumeric']);

export const weakPasswordPolicy: Check = {
  id: 'SES-003',
  title: t.title,
  severity: 'medium',
  hipaa: ['164.308(a)(5)(ii)(D)', '164.312(d)'],
  needs: ['password'],
  run(s) {
    if (!s.password.known) return [];
    const p = s.password.value;
    const at = s.password.at;
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
    return problems.map(([element, what]): Finding =>
      finding(this, {
        message: t.message(what),
        remediation: t.remediation,
        component: { type: 'SecuritySettings', name: 'Security' },
        location: locAt(at, p.lines[element])
      })
    );
  }
};
