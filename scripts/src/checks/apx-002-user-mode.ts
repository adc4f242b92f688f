import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { isProductionClass } from './apex-util';
import { finding, isPhiObject } from './util';

const t = checkText['APX-002'];

export const phiWithoutUserMode: Check = {
  id: 'APX-002',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(a)(1)', '164.502(b)'],
  needs: ['apex', 'fields'],
  run(s) {
    const out: Finding[] = [];
    for (const a of s.apex.filter(isProductionClass)) {
      const component = { type: a.kind === 'trigger' ? 'ApexTrigger' : 'ApexClass', name: a.name };
      const referencesPhi = [...s.phiObjects].some((o) => a.identifiers.has(o));
      for (const q of a.soql) {
        if (q.enforced || q.systemModeJustified || a.stripInaccessible) continue;
        const object = q.objects[q.objects.length - 1];
        const phi = object ? isPhiObject(s, object) : referencesPhi;
        if (!phi) continue;
        out.push(
          finding(this, {
            message: t.message(
              a.name,
              object ? 'SOQL query' : 'dynamic SOQL query',
              object ?? 'a PHI object'
            ),
            remediation: t.remediation,
            component,
            location: { file: a.file, line: q.line }
          })
        );
      }
      for (const d of a.dml) {
        if (d.userMode || d.systemModeJustified || !isPhiObject(s, d.sobject)) continue;
        out.push(
          finding(this, {
            message: t.message(a.name, `${d.op} DML`, d.sobject!),
            remediation: t.remediation,
            component,
            location: { file: a.file, line: d.line }
          })
        );
      }
    }
    return out;
  }
};
