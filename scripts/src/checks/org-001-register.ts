import { checkText } from '../messages/checks';
import { REGISTER_ITEMS } from '../posture/source/config-files';
import type { Check, Finding } from './types';
import { finding } from './util';

const t = checkText['ORG-001'];
const DAY = 86_400_000;

export const registerItems: Check = {
  id: 'ORG-001',
  title: t.title,
  severity: 'high',
  hipaa: [...new Set(Object.values(REGISTER_ITEMS).map((i) => i.citation))],
  needs: ['register'],
  run(s, now) {
    if (!s.register.known) return [];
    const reg = s.register.value;
    const out: Finding[] = [];
    for (const [key, spec] of Object.entries(REGISTER_ITEMS)) {
      const item = reg.items.get(key);
      const component = { type: 'ComplianceRegister', name: key };
      const base = { remediation: t.remediation, component, hipaa: [spec.citation] };
      if (!item?.date) {
        out.push(
          finding(this, { ...base, message: t.missing(key), location: { file: reg.file, line: item?.line } })
        );
        continue;
      }
      const age = Math.floor((now.getTime() - Date.parse(item.date)) / DAY);
      if (age < 0) {
        out.push(
          finding(this, {
            ...base,
            severity: 'medium',
            message: t.future(key, item.date),
            location: { file: reg.file, line: item.line }
          })
        );
      } else if (age > spec.intervalDays) {
        out.push(
          finding(this, {
            ...base,
            severity: 'medium',
            message: t.overdue(key, item.date, spec.intervalDays),
            location: { file: reg.file, line: item.line }
          })
        );
      }
    }
    return out;
  }
};
