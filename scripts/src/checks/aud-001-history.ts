import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { fieldComponent, finding, ownPhiFields } from './util';

const t = checkText['AUD-001'];

export const phiHistoryTracking: Check = {
  id: 'AUD-001',
  title: t.title,
  severity: 'medium',
  hipaa: ['164.312(b)', '164.312(c)(1)'],
  needs: ['objects', 'fields'],
  run(s) {
    const out: Finding[] = [];
    for (const key of s.phiObjects) {
      const obj = s.objects.get(key);
      if (!obj || !obj.custom || obj.enableHistory === true) continue;
      out.push(
        finding(this, {
          message: t.message(t.object(obj.name)),
          remediation: t.remediation,
          component: { type: 'CustomObject', name: obj.name },
          location: obj.at
        })
      );
    }
    for (const f of ownPhiFields(s)) {
      if (f.standard || f.trackHistory === true) continue;
      out.push(
        finding(this, {
          message: t.message(t.field(f.id)),
          remediation: t.remediation,
          component: fieldComponent(f),
          location: f.at
        })
      );
    }
    return out;
  }
};
