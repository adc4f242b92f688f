import { checkText } from '../messages/checks';
import type { Check } from './types';
import { fieldComponent, finding, namespaceOf } from './util';

const t = checkText['PHI-001'];

export const probablePhi: Check = {
  id: 'PHI-001',
  title: t.title,
  severity: 'medium',
  hipaa: ['164.308(a)(1)(ii)(A)'],
  needs: ['fields'],
  run(s) {
    const out = [];
    for (const [key, f] of s.fields) {
      const v = s.phi.get(key);
      // A managed package's field is the vendor's to classify: ORG-002 asks for their BAA instead.
      if (!v?.unclassified || namespaceOf(f.name)) continue;
      out.push(
        finding(this, {
          message: t.message(f.id, v.detail ?? ''),
          remediation: t.remediation,
          component: fieldComponent(f),
          location: f.at
        })
      );
    }
    return out;
  }
};
