import { checkText } from '../messages/checks';
import type { Check } from './types';
import { finding } from './util';

const t = checkText['TLS-002'];

export const mtlsWithoutCertificate: Check = {
  id: 'TLS-002',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(e)(1)', '164.312(d)'],
  needs: ['endpoints'],
  run(s) {
    return s.endpoints
      .filter((e) => e.kind === 'NamedCredential' && e.mtlsDeclared && !e.clientCertificate)
      .map((e) =>
        finding(this, {
          message: t.message(e.name),
          remediation: t.remediation,
          component: { type: e.kind, name: e.name },
          location: e.at
        })
      );
  }
};
