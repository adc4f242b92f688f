import { checkText } from '../messages/checks';
import type { Check, Finding } from './types';
import { finding } from './util';

const t = checkText['TLS-001'];

export const insecureEndpoint: Check = {
  id: 'TLS-001',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  needs: ['endpoints'],
  run(s) {
    const out: Finding[] = [];
    for (const e of s.endpoints) {
      const why = /^http:\/\//i.test(e.url ?? '')
        ? 'uses http: instead of https:'
        : e.disableProtocolSecurity
          ? 'has protocol security disabled'
          : undefined;
      if (!why) continue;
      out.push(
        finding(this, {
          message: t.message(e.kind, e.name, why),
          remediation: t.remediation,
          component: { type: e.kind, name: e.name },
          location: e.at
        })
      );
    }
    return out;
  }
};
