import { integrationAppPolicy } from '../../src/checks/oau-002-app-policy';
import { md, runCheck } from '../helpers/project';

const connectedApp = (o: { scopes: string[]; admin: boolean; cert: boolean; refresh: string }) =>
  md.raw(
    'ConnectedApp',
    `    <contactEmail>x@example.com</contactEmail>\n    <label>Sync</label>\n    <oauthConfig>\n        <callbackUrl>https://example.com/cb</callbackUrl>\n${o.cert ? '        <certificate>PEM</certificate>\n' : ''}        <isAdminApproved>${o.admin}</isAdminApproved>\n${o.scopes.map((s) => `        <scopes>${s}</scopes>`).join('\n')}\n    </oauthConfig>\n    <oauthPolicy>\n        <ipRelaxation>ENFORCE</ipRelaxation>\n        <refreshTokenPolicy>${o.refresh}</refreshTokenPolicy>\n    </oauthPolicy>`
  );

describe('OAU-002 integration app OAuth policy', () => {
  it('fires on full scope, unlimited refresh, self-authorization and no certificate', () => {
    const { findings } = runCheck(integrationAppPolicy, {
      'connectedApps/Sync.connectedApp-meta.xml': connectedApp({
        scopes: ['Full', 'RefreshToken'],
        admin: false,
        cert: false,
        refresh: 'infinite'
      })
    });
    expect(findings.map((f) => [f.severity, f.message]).sort()).toEqual([
      ['high', 'Connected App Sync is open to all users who self-authorize (not admin-approved)'],
      ['high', 'Connected App Sync issues refresh tokens valid until revoked'],
      ['high', 'Connected App Sync requests the full scope'],
      ['medium', 'Connected App Sync has no certificate, so it cannot use the JWT bearer flow']
    ]);
  });

  it('is quiet for a scoped, certificate-based, admin-approved app', () => {
    const { result } = runCheck(integrationAppPolicy, {
      'connectedApps/Sync.connectedApp-meta.xml': connectedApp({
        scopes: ['Api'],
        admin: true,
        cert: true,
        refresh: 'specific_lifetime'
      })
    });
    expect(result.status).toBe('pass');
  });

  it('checks external client apps across their files; a malformed one makes the check not verified', () => {
    const { findings } = runCheck(integrationAppPolicy, {
      'externalClientApps/Eca.eca-meta.xml': md.raw('ExternalClientApplication', '    <label>Eca</label>'),
      'extlClntAppOauthSettings/Eca_oauth.ecaOauth-meta.xml': md.raw(
        'ExtlClntAppOauthSettings',
        '    <commaSeparatedOauthScopes>Api, Full</commaSeparatedOauthScopes>\n    <externalClientApplication>Eca</externalClientApplication>'
      ),
      'extlClntAppOauthPolicies/Eca_plcy.ecaOauthPlcy-meta.xml': '<ExtlClntAppOauthConfigurablePolicies>'
    });
    expect(findings.filter((f) => f.notVerified).map((f) => f.location)).toEqual([
      { file: 'force-app/main/default/extlClntAppOauthPolicies/Eca_plcy.ecaOauthPlcy-meta.xml' }
    ]);
    expect(
      findings
        .filter((f) => !f.notVerified)
        .map((f) => f.message)
        .sort()
    ).toEqual([
      'External Client App Eca declares no refresh-token policy (the default is valid until revoked)',
      'External Client App Eca has no certificate, so it cannot use the JWT bearer flow',
      'External Client App Eca is open to all users who self-authorize (not admin-approved)',
      'External Client App Eca requests the full scope'
    ]);
  });
});
