import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { finding } from './util';

const t = checkText['LIF-002'];

export const backupEncryption: Check = {
  id: 'LIF-002',
  title: t.title,
  severity: 'high',
  hipaa: ['164.308(a)(7)(ii)(A)', '164.312(a)(2)(iv)'],
  needs: ['register', 'fields'],
  run(s) {
    if (!s.register.known || s.phiObjects.size === 0) return [];
    const reg = s.register.value;
    const component = { type: 'ComplianceRegister', name: 'backups' };
    if (!reg.backups) {
      return [
        {
          ...finding(this, {
            message: t.notVerified(reg.file),
            remediation: t.remediation,
            component,
            location: { file: reg.file }
          }),
          notVerified: true
        }
      ];
    }
    return reg.backups
      .filter((b) => b.includesPhi && !b.encryptionAttested)
      .map((b): Finding =>
        finding(this, {
          message: t.message(b.name),
          remediation: t.remediation,
          component,
          location: { file: reg.file, line: b.line }
        })
      );
  }
};
