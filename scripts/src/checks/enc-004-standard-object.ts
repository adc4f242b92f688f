import { checkText } from '../messages/checks';
import type { Check } from './types';
import {
  fieldComponent,
  finding,
  LONG_TEXT_TYPES,
  ownPhiFields,
  STANDARD_OBJECT,
  unencryptable
} from './util';

const t = checkText['ENC-004'];

export const standardObjectPhiUnencrypted: Check = {
  id: 'ENC-004',
  title: t.title,
  severity: 'critical',
  hipaa: ['164.312(a)(2)(iv)'],
  needs: ['fields'],
  run(s) {
    return ownPhiFields(s)
      .filter((f) => STANDARD_OBJECT(f.object) && !LONG_TEXT_TYPES.has(f.type ?? '') && !unencryptable(f))
      .filter((f) => !f.encryptionScheme || f.encryptionScheme === 'None')
      .map((f) =>
        finding(this, {
          message: t.message(f.id),
          remediation: t.remediation,
          component: fieldComponent(f),
          location: f.at
        })
      );
  }
};
