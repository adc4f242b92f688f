import { sessionTimeout } from '../../src/checks/ses-001-timeout';
import { md, phiField, runCheck } from '../helpers/project';

const security = (session: string) => ({
  // A PHI field: without one (and no dictionary) the PHI inventory is unknown and the check is not verified.
  'objects/Rx__c/fields/Diagnosis__c.field-meta.xml': phiField('Diagnosis__c'),
  'settings/Security.settings-meta.xml': md.settings(
    'SecuritySettings',
    `    <sessionSettings>\n${session}\n    </sessionSettings>`
  )
});

describe('SES-001 automatic logoff', () => {
  it('fires on a timeout over 15 minutes and on no forced logout, at their lines', () => {
    const { findings } = runCheck(
      sessionTimeout,
      security(
        '        <forceLogoutOnSessionTimeout>false</forceLogoutOnSessionTimeout>\n        <sessionTimeout>TwoHours</sessionTimeout>'
      )
    );
    expect(findings.map((f) => [f.message, (f.location as { line: number }).line, f.hipaa])).toEqual([
      [
        'sessions are not logged out on timeout (forceLogoutOnSessionTimeout is not true)',
        4,
        ['164.312(a)(2)(iii)']
      ],
      ['session timeout is TwoHours, over 15 minutes', 5, ['164.312(a)(2)(iii)']]
    ]);
  });

  it('passes at 15 minutes with forced logout', () => {
    const { result } = runCheck(
      sessionTimeout,
      security(
        '        <forceLogoutOnSessionTimeout>true</forceLogoutOnSessionTimeout>\n        <sessionTimeout>FifteenMinutes</sessionTimeout>'
      )
    );
    expect(result.status).toBe('pass');
  });

  it('is not verified when the settings are missing or malformed', () => {
    expect(runCheck(sessionTimeout, {}).result.status).toBe('not-verified');
    expect(
      runCheck(sessionTimeout, { 'settings/Security.settings-meta.xml': '<SecuritySettings>' }).result.status
    ).toBe('not-verified');
  });
});
