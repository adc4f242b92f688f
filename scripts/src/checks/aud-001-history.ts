import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { fieldComponent, finding, phiFields } from './util';

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
          message: t.message(`PHI object ${obj.name} does not enable field history`),
          remediation: t.remediation,
          component: { type: 'CustomObject', name: obj.name },
          location: obj.at
        })
      );
    }
    for (const f of phiFields(s)) {
      if (f.standard || f.trackHistory === true) continue;
      out.push(
        finding(this, {
          message: t.message(`PHI field ${f.id} is not history-tracked`),
          remediation: t.remediation,
          component: fieldComponent(f),
          location: f.at
        })
      );
    }
    return out;
  }
};
