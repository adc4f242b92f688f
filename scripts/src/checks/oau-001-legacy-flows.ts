import { checkText } from '../messages/checks';
import type { Check } from './types';
import { flagsNotTrue } from './util';

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
    return flagsNotTrue(
      this,
      [
        [o.blockUsernamePassword, 'username-password', 'blockOAuthUnPwFlow'],
        [o.blockUserAgent, 'user-agent', 'blockOAuthUsrAgtFlow']
      ],
      { at: s.oauth.at, lines: o.lines },
      { type: 'OauthOidcSettings', name: 'OauthOidc' },
      t
    );
  }
};
