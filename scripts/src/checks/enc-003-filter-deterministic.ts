import { checkText } from '../messages/checks';
import type { Check } from './types';
import { finding, isPhiField, unencryptable } from './util';

const t = checkText['ENC-003'];
const DETERMINISTIC = /Deterministic/;

export const phiFilterNotDeterministic: Check = {
  id: 'ENC-003',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(a)(2)(iv)'],
  needs: ['fields', 'filters'],
  run(s) {
    const out = [];
    const seen = new Set<string>();
    for (const use of s.filters) {
      if (!isPhiField(s, use.object, use.field)) continue;
      const f = s.fields.get(`${use.object}.${use.field}`.toLowerCase());
      const scheme = f?.encryptionScheme;
      if (scheme && DETERMINISTIC.test(scheme)) continue;
      // An unencrypted field is ENC-001's or ENC-004's finding, and a type Shield cannot encrypt is
      // ENC-006's: ENC-003 is only about an encrypted field that filters cannot use.
      if (!scheme || scheme === 'None' || (f && unencryptable(f))) continue;
      const key = `${use.where}:${use.component}:${use.object}.${use.field}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(
        finding(this, {
          message: t.message(`${use.object}.${use.field}`, use.where, use.component, scheme),
          remediation: t.remediation,
          component: { type: use.where === 'Apex' ? 'ApexClass' : use.where, name: use.component },
          location: use.at
        })
      );
    }
    return out;
  }
};
