import { oauthTokensUnregistered } from '../../src/checks/org-105-oauth-tokens';
import { runChecks } from '../../src/engine/run-checks';
import { known } from '../../src/posture/model';
import { NOW, snapshotOf } from '../helpers/project';

describe('ORG-105 active OAuth tokens only for registered apps', () => {
  it('flags apps with tokens that the register does not list', () => {
    const s = snapshotOf({ '/config/compliance-register.json': JSON.stringify({ controls: {}, baas: [] }) });
    if (!s.register.known) throw new Error('register expected');
    s.register.value.oauthApps = [{ name: 'Ecommerce_Integration' }];
    const at = (app: string) => ({ api: 'OauthToken', id: app });
    s.orgOnly.oauthTokens = known([
      { app: 'Ecommerce_Integration', tokens: 4, at: at('Ecommerce_Integration') },
      { app: 'Data Loader Bulk', tokens: 2, at: at('Data Loader Bulk') }
    ]);
    const { findings } = runChecks(s, NOW, [oauthTokensUnregistered]);
    expect(findings.map((f) => f.message)).toEqual([
      '2 active OAuth token(s) for Data Loader Bulk, an app that is not in the compliance register'
    ]);
  });

  it('tokens seen without Customize Application (own rows only) are not verified', () => {
    const s = snapshotOf({ '/config/compliance-register.json': JSON.stringify({ controls: {}, baas: [] }) });
    s.orgOnly.oauthTokens = {
      known: false,
      kind: 'unreadable',
      reason: "OauthToken: without Customize Application the API returns only the running user's own rows"
    };
    expect(runChecks(s, NOW, [oauthTokensUnregistered]).checks[0]!.status).toBe('not-verified');
  });
});
