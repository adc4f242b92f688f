import { mtlsWithoutCertificate } from '../../src/checks/tls-002-mtls';
import { md, runCheck } from '../helpers/project';

const nc = (certificate: string) =>
  md.raw(
    'NamedCredential',
    `    <label>Lab</label>\n    <namedCredentialParameters>\n        <parameterName>Url</parameterName>\n        <parameterType>Url</parameterType>\n        <parameterValue>https://lab.example.com</parameterValue>\n    </namedCredentialParameters>\n    <namedCredentialParameters>\n${certificate}        <parameterName>ClientCertificate</parameterName>\n        <parameterType>ClientCertificate</parameterType>\n    </namedCredentialParameters>\n    <namedCredentialType>SecuredEndpoint</namedCredentialType>`
  );

describe('TLS-002 mutual TLS without a client certificate', () => {
  it('fires when mTLS is declared but no certificate is named', () => {
    const { findings } = runCheck(mtlsWithoutCertificate, {
      'namedCredentials/Lab.namedCredential-meta.xml': nc(''),
      'namedCredentials/Desc.namedCredential-meta.xml': md.raw(
        'NamedCredential',
        '    <description>Partner requires mutual TLS</description>\n    <endpoint>https://x.example.com</endpoint>'
      )
    });
    expect(findings.map((f) => f.component.name).sort()).toEqual(['Desc', 'Lab']);
  });

  it('is quiet when the certificate is named', () => {
    const { result } = runCheck(mtlsWithoutCertificate, {
      'namedCredentials/Lab.namedCredential-meta.xml': nc('        <certificate>Lab_mTLS</certificate>\n')
    });
    expect(result.status).toBe('pass');
  });

  it('a malformed named credential is not verified, never a pass', () => {
    const { result } = runCheck(mtlsWithoutCertificate, {
      'namedCredentials/Lab.namedCredential-meta.xml': '<NamedCredential>'
    });
    expect(result.status).toBe('not-verified');
  });
});
