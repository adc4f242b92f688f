import { oauthLegacyFlows } from '../../src/checks/oau-001-legacy-flows';
import { md, runCheck } from '../helpers/project';

const oauth = (pw: boolean, ua: boolean) => ({
  'settings/OauthOidc.settings-meta.xml': md.settings(
    'OauthOidcSettings',
    `    <blockOAuthUnPwFlow>${pw}</blockOAuthUnPwFlow>\n    <blockOAuthUsrAgtFlow>${ua}</blockOAuthUsrAgtFlow>`
  )
});

describe('OAU-001 legacy OAuth flows', () => {
  it('fires for each flow left open', () => {
    expect(runCheck(oauthLegacyFlows, oauth(false, false)).findings.map((f) => f.message)).toEqual([
      'the OAuth username-password flow is not blocked',
      'the OAuth user-agent flow is not blocked'
    ]);
  });

  it('passes when both are blocked', () => {
    expect(runCheck(oauthLegacyFlows, oauth(true, true)).result.status).toBe('pass');
  });

  it('is not verified when OauthOidc settings are missing or malformed', () => {
    expect(runCheck(oauthLegacyFlows, {}).result.status).toBe('not-verified');
    expect(runCheck(oauthLegacyFlows, { 'settings/OauthOidc.settings-meta.xml': '<x' }).result.status).toBe(
      'not-verified'
    );
  });
});
