import { checkText } from '../messages/checks';
import type { Check } from './types';
import { finding } from './util';

const t = checkText['AUD-002'];

export const historyRetentionPolicy: Check = {
  id: 'AUD-002',
  title: t.title,
  severity: 'low',
  hipaa: ['164.312(b)', '164.316(b)(2)(i)'],
  needs: ['objects', 'fields'],
  run(s) {
    return [...s.phiObjects]
      .map((k) => s.objects.get(k))
      .filter((o) => o !== undefined && !o.historyRetention)
      .map((o) =>
        finding(this, {
          message: t.message(o!.name),
          remediation: t.remediation,
          component: { type: 'CustomObject', name: o!.name },
          location: o!.at
        })
      );
  }
};
