import { insecureEndpoint } from '../../src/checks/tls-001-insecure-endpoint';
import { md, runCheck } from '../helpers/project';

const site = (url: string, disable = false) =>
  md.raw(
    'RemoteSiteSetting',
    `    <disableProtocolSecurity>${disable}</disableProtocolSecurity>\n    <isActive>true</isActive>\n    <url>${url}</url>`
  );

describe('TLS-001 endpoints without TLS', () => {
  it('fires on http: remote sites and named credentials, and on disabled protocol security', () => {
    const { findings } = runCheck(insecureEndpoint, {
      'remoteSiteSettings/Old.remoteSite-meta.xml': site('http://pharmacy.example.com'),
      'remoteSiteSettings/Lax.remoteSite-meta.xml': site('https://lab.example.com', true),
      'namedCredentials/Legacy.namedCredential-meta.xml': md.raw(
        'NamedCredential',
        '    <endpoint>http://legacy.example.com</endpoint>\n    <label>Legacy</label>'
      )
    });
    expect(findings.map((f) => f.message).sort()).toEqual([
      'NamedCredential Legacy uses http: instead of https:',
      'RemoteSiteSetting Lax has protocol security disabled',
      'RemoteSiteSetting Old uses http: instead of https:'
    ]);
    expect(findings.every((f) => f.hipaa.includes('164.312(e)(1)'))).toBe(true);
  });

  it('is quiet for https endpoints', () => {
    const { result } = runCheck(insecureEndpoint, {
      'remoteSiteSettings/Ok.remoteSite-meta.xml': site('https://ok.example.com')
    });
    expect(result.status).toBe('pass');
  });

  it('a malformed remote site is not verified, never a pass (INP-001 reports the file)', () => {
    const { result, findings } = runCheck(insecureEndpoint, {
      'remoteSiteSettings/Bad.remoteSite-meta.xml': '<RemoteSiteSetting><url>http://x'
    });
    expect(result.status).toBe('not-verified');
    expect(findings.map((f) => f.location)).toEqual([
      { file: 'force-app/main/default/remoteSiteSettings/Bad.remoteSite-meta.xml' }
    ]);
  });
});
