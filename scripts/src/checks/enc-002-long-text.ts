import { checkText } from '../messages/checks';
import type { Check } from './types';
import { fieldComponent, finding, LONG_TEXT_TYPES, ownPhiFields, locAt } from './util';

const t = checkText['ENC-002'];

export const phiLongTextUnencrypted: Check = {
  id: 'ENC-002',
  title: t.title,
  severity: 'critical',
  hipaa: ['164.312(a)(2)(iv)'],
  needs: ['fields'],
  run(s) {
    return ownPhiFields(s)
      .filter((f) => LONG_TEXT_TYPES.has(f.type ?? '') && f.encryptionScheme !== 'ProbabilisticEncryption')
      .map((f) =>
        finding(this, {
          message: t.message(f.id, f.type === 'Html' ? 'Rich Text' : 'Long Text', f.encryptionScheme),
          remediation: t.remediation,
          component: fieldComponent(f),
          location: locAt(f.at, f.schemeLine)
        })
      );
  }
};
