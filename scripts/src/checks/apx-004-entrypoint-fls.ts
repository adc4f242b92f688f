import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { isProductionClass, phiFieldsRead } from './apex-util';
import { finding } from './util';

const t = checkText['APX-004'];

export const entryPointWithoutFls: Check = {
  id: 'APX-004',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(a)(1)', '164.502(b)'],
  needs: ['apex', 'fields'],
  run(s) {
    const out: Finding[] = [];
    for (const a of s.apex.filter(isProductionClass)) {
      const entry = a.entryPoints.find(
        (e) => e.kind === 'AuraEnabled' || e.kind === 'RestResource' || e.kind === 'HttpMethod'
      );
      if (!entry || a.stripInaccessible) continue;
      const unguarded = a.soql.some(
        (q) => !q.enforced && !q.systemModeJustified && phiFieldsRead(s, q).length > 0
      );
      if (!unguarded) continue;
      out.push(
        finding(this, {
          message: t.message(a.name, entry.kind === 'HttpMethod' ? 'RestResource' : entry.kind),
          remediation: t.remediation,
          component: { type: 'ApexClass', name: a.name },
          location: { file: a.file, line: entry.line }
        })
      );
    }
    return out;
  }
};
