import { checkText } from '../messages/checks';
import type { Check } from './types';
import { fieldComponent, finding, ownPhiFields, unencryptable } from './util';

const t = checkText['ENC-006'];

/**
 * PHI held in a field type Shield cannot encrypt (Number, Checkbox, Picklist, Lookup, …). Encryption
 * is impossible, so it is not an "unencrypted" critical finding: the finding names the compensating
 * controls (field-level security to clinical personas, masking, keeping it off portal pages and
 * reports) or moving the value into an encryptable type.
 */
export const phiUnencryptableType: Check = {
  id: 'ENC-006',
  title: t.title,
  severity: 'medium',
  hipaa: ['164.312(a)(2)(iv)', '164.312(a)(1)'],
  needs: ['fields'],
  run(s) {
    return ownPhiFields(s)
      .filter(unencryptable)
      .map((f) =>
        finding(this, {
          message: t.message(f.id, f.type ?? 'unknown'),
          remediation: t.remediation,
          component: fieldComponent(f),
          location: f.at
        })
      );
  }
};
