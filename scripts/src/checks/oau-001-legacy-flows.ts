import { checkText } from '../check-messages';
import type { Check, Finding } from './types';
import { finding, locAt } from './util';

const t = checkText['OAU-001'];

export const oauthLegacyFlows: Check = {
  id: 'OAU-001',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(d)', '164.312(e)(1)'],
  needs: ['oauth'],
  run(s) {
    if (!s.oauth.known) return [];
    const o = s.oauth.value;
    const out: Finding[] = [];
    const flows: [boolean | undefined, string, string][] = [
      [o.blockUsernamePassword, 'username-password', 'blockOAuthUnPwFlow'],
      [o.blockUserAgent, 'user-agent', 'blockOAuthUsrAgtFlow']
    ];
    for (const [blocked, flow, element] of flows) {
      if (blocked === true) continue;
      out.push(
        finding(this, {
          message: t.message(flow),
          remediation: t.remediation,
          component: { type: 'OauthOidcSettings', name: 'OauthOidc' },
          location: locAt(s.oauth.at, o.lines[element])
        })
      );
    }
    return out;
  }
};
