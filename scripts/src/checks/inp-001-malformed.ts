import { checkText } from '../messages/checks';
import type { Check } from './types';
import { finding } from './util';

const t = checkText['INP-001'];

export const malformedSource: Check = {
  id: 'INP-001',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(a)(1)', '164.312(b)'],
  needs: [],
  run(s) {
    return s.problems.map((p) =>
      finding(this, {
        message: t.message(p.message),
        remediation: t.remediation,
        component: { type: 'File', name: p.file },
        location: { file: p.file, line: p.line }
      })
    );
  }
};
