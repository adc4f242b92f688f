import { sessionHttpOnly } from '../../src/checks/ses-002-httponly';
import { md, runCheck } from '../helpers/project';

const security = (v: string) => ({
  'settings/Security.settings-meta.xml': md.settings(
    'SecuritySettings',
    `    <sessionSettings>\n        <requireHttpOnly>${v}</requireHttpOnly>\n    </sessionSettings>`
  )
});

describe('SES-002 HttpOnly session cookies', () => {
  it('fires when requireHttpOnly is false', () => {
    const { findings } = runCheck(sessionHttpOnly, security('false'));
    expect(findings).toEqual([
      expect.objectContaining({
        checkId: 'SES-002',
        location: { file: 'force-app/main/default/settings/Security.settings-meta.xml', line: 4 }
      })
    ]);
  });

  it('passes when it is true', () => {
    expect(runCheck(sessionHttpOnly, security('true')).result.status).toBe('pass');
  });

  it('is not verified without sessionSettings', () => {
    const { result } = runCheck(sessionHttpOnly, {
      'settings/Security.settings-meta.xml': md.settings(
        'SecuritySettings',
        '    <passwordPolicies></passwordPolicies>'
      )
    });
    expect(result.status).toBe('not-verified');
    expect(result.reason).toContain('has no <sessionSettings> element');
  });
});
