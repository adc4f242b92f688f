import { checkText } from '../messages/checks';
import type { Check } from './types';
import { finding, objectName } from './util';

const t = checkText['LIF-001'];

export const phiRetentionPolicy: Check = {
  id: 'LIF-001',
  title: t.title,
  severity: 'medium',
  hipaa: ['164.316(b)(2)(i)', '164.502(b)'],
  needs: ['retention', 'objects', 'fields'],
  run(s) {
    if (!s.retention.known) return [];
    const covered = new Set(
      s.retention.value.filter((r) => r.active && r.object).map((r) => r.object!.toLowerCase())
    );
    return [...s.phiObjects]
      .filter((o) => !covered.has(o))
      .sort()
      .map((o) => {
        const obj = s.objects.get(o);
        return finding(this, {
          message: t.message(objectName(s, o), s.config.retentionType),
          remediation: t.remediation,
          component: { type: 'CustomObject', name: objectName(s, o) },
          location: obj?.at ?? { file: s.config.registerFile }
        });
      });
  }
};
