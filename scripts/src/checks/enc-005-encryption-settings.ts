import { checkText } from '../messages/checks';
import type { Check } from './types';
import { flagsNotTrue, phiFields } from './util';

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
    const usesDeterministic = phi.some((f) => /Deterministic/.test(f.encryptionScheme ?? ''));
    const flags: [boolean | undefined, string, string][] = [
      ...(usesDeterministic
        ? ([[e.deterministic, t.deterministic, 'enableDeterministicEncryption']] as [
            boolean | undefined,
            string,
            string
          ][])
        : []),
      [e.fieldHistory, t.fieldHistory, 'enableEncryptFieldHistory'],
      [e.eventBus, t.eventBus, 'enableEventBusEncryption']
    ];
    return flagsNotTrue(
      this,
      flags,
      { at: s.encryption.at, lines: e.lines },
      { type: 'PlatformEncryptionSettings', name: 'PlatformEncryption' },
      t
    );
  }
};
