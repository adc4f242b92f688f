import { checkText } from '../messages/checks';
import type { Check } from './types';
import { finding } from './util';

const t = checkText['PHI-002'];

/**
 * Data-dictionary entries marked PHI whose field has no metadata in the project. Without the field's
 * metadata its encryption, classification and history cannot be checked, so the entry is reported
 * rather than dropped. Standard fields count too: retrieve the field to show how it is protected.
 */
export const dictionaryFieldMissing: Check = {
  id: 'PHI-002',
  title: t.title,
  severity: 'medium',
  hipaa: ['164.308(a)(1)(ii)(A)', '164.312(a)(2)(iv)'],
  needs: ['fields'],
  run(s) {
    const out = [];
    for (const [key, e] of s.dictionary.entries) {
      if (!e.phi || s.fields.has(key)) continue;
      out.push(
        finding(this, {
          message: t.message(e.field),
          remediation: t.remediation,
          component: { type: 'CustomField', name: e.field },
          location: { file: s.dictionary.file, line: e.line }
        })
      );
    }
    return out;
  }
};
