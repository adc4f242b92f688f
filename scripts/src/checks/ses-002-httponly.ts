import { checkText } from '../messages/checks';
import type { Check } from './types';
import { finding, locAt } from './util';

const t = checkText['SES-002'];

export const sessionHttpOnly: Check = {
  id: 'SES-002',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(d)', '164.312(a)(1)'],
  needs: ['session'],
  run(s) {
    if (!s.session.known || s.session.value.httpOnly === true) return [];
    return [
      finding(this, {
        message: t.message(),
        remediation: t.remediation,
        component: { type: 'SecuritySettings', name: 'Security' },
        location: locAt(s.session.at, s.session.value.lines.requireHttpOnly)
      })
    ];
  }
};
