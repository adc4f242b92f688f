import { checkText } from '../messages/checks';
import type { Check, Finding, Severity } from './types';
import { finding } from './util';

const t = checkText['OAU-002'];

export const integrationAppPolicy: Check = {
  id: 'OAU-002',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(d)', '164.312(a)(1)', '164.312(e)(1)'],
  needs: ['apps'],
  run(s) {
    const out: Finding[] = [];
    for (const a of s.apps) {
      if (!a.hasOauth) continue;
      const kind = a.kind === 'ConnectedApp' ? 'Connected App' : 'External Client App';
      const add = (severity: Severity, what: string, where: keyof typeof a.where) =>
        out.push(
          finding(this, {
            severity,
            message: t.message(kind, a.name, what),
            remediation: t.remediation,
            component: { type: a.kind, name: a.name },
            location: a.where[where] ?? a.at
          })
        );
      if (a.scopes.some((sc) => sc.toLowerCase() === 'full'))
        add('high', 'requests the full scope', 'scopes');
      const refresh = (a.refreshPolicy ?? '').toLowerCase();
      if (refresh === 'infinite') add('high', 'issues refresh tokens valid until revoked', 'refresh');
      else if (!refresh)
        add('medium', 'declares no refresh-token policy (the default is valid until revoked)', 'refresh');
      if (a.adminApproved !== true)
        add('high', 'is open to all users who self-authorize (not admin-approved)', 'policy');
      if (a.certificate !== true)
        add('medium', 'has no certificate, so it cannot use the JWT bearer flow', 'certificate');
      if (/^bypass/i.test(a.ipRelaxation ?? ''))
        add('medium', `relaxes IP restrictions (${a.ipRelaxation})`, 'policy');
    }
    return out;
  }
};
