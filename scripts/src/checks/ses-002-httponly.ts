import { checkText } from '../check-messages';
import type { Check } from './types';
import { finding } from './util';

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
        location: {
          file: (s.session.at as { file: string }).file,
          line: s.session.value.lines.requireHttpOnly ?? (s.session.at as { line?: number }).line
        }
      })
    ];
  }
};
