import { checkText } from '../check-messages';
import type { Check, Finding } from './types';
import { finding, phiFields, locAt } from './util';

const t = checkText['ENC-005'];

export const encryptionSettings: Check = {
  id: 'ENC-005',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  needs: ['encryption'],
  run(s) {
    if (!s.encryption.known) return [];
    const phi = phiFields(s);
    if (phi.length === 0) return [];
    const e = s.encryption.value;
    const out: Finding[] = [];
    const need: [boolean | undefined, string, string, boolean][] = [
      [
        e.deterministic,
        'deterministic encryption',
        'enableDeterministicEncryption',
        phi.some((f) => /Deterministic/.test(f.encryptionScheme ?? ''))
      ],
      [e.fieldHistory, 'encrypted field history', 'enableEncryptFieldHistory', true],
      [e.eventBus, 'event bus encryption', 'enableEventBusEncryption', true]
    ];
    for (const [value, label, element, required] of need) {
      if (!required || value === true) continue;
      out.push(
        finding(this, {
          message: t.message(label),
          remediation: t.remediation,
          component: { type: 'PlatformEncryptionSettings', name: 'PlatformEncryption' },
          location: locAt(s.encryption.at, e.lines[element])
        })
      );
    }
    return out;
  }
};
