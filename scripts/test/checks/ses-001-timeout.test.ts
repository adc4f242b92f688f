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

describe("SES-001: a profile's own session setting, through the source loader", () => {
  const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
  // ProfileSessionSetting: profile, sessionTimeout in minutes (valid 15 ... 1440); it overrides the org-wide value.
  // https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_profilesessionsetting.htm
  const profileSession = (profile: string, minutes: number) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<ProfileSessionSetting ${NS}>\n    <forceLogout>true</forceLogout>\n    <profile>${profile}</profile>\n    <sessionTimeout>${minutes}</sessionTimeout>\n    <sessionTimeoutWarning>true</sessionTimeoutWarning>\n</ProfileSessionSetting>\n`;
  const base = {
    'objects/Rx__c/fields/Diagnosis__c.field-meta.xml': phiField('Diagnosis__c'),
    // reaches PHI only through Modify All on the object: still a way in
    'profiles/Support Agent.profile-meta.xml': md.profile(
      md.objectPerm('Rx__c', { allowRead: true, modifyAllRecords: true })
    ),
    'profiles/Warehouse.profile-meta.xml': md.profile(md.userPerm('ApiEnabled'))
  };
  const org15 = security(
    '        <forceLogoutOnSessionTimeout>true</forceLogoutOnSessionTimeout>\n        <sessionTimeout>FifteenMinutes</sessionTimeout>'
  )['settings/Security.settings-meta.xml'];

  it('fires on a PHI profile whose own timeout is longer than the org policy, at the sessionTimeout line', () => {
    const { result, findings } = runCheck(sessionTimeout, {
      ...base,
      'settings/Security.settings-meta.xml': org15,
      'profileSessionSettings/Support Agent.profileSessionSetting-meta.xml': profileSession(
        'Support Agent',
        120
      )
    });
    expect(result.status).toBe('fail');
    expect(findings.map((f) => [f.component.name, f.message, f.location])).toEqual([
      [
        'Support Agent',
        'profile Support Agent, which reads PHI, overrides the session timeout with 120 minutes, longer than the org-wide 15 minutes and over 15 minutes',
        {
          file: 'force-app/main/default/profileSessionSettings/Support Agent.profileSessionSetting-meta.xml',
          line: 5
        }
      ]
    ]);
    expect(findings[0]!.remediation).toMatch(/ProfileSessionSetting/);
  });

  it('still names the profile when the org-wide settings are not in the project (and stays not verified)', () => {
    const { result, findings } = runCheck(sessionTimeout, {
      ...base,
      'profileSessionSettings/Support Agent.profileSessionSetting-meta.xml': profileSession(
        'Support Agent',
        480
      )
    });
    expect(result.status).toBe('not-verified');
    expect(findings.map((f) => [f.notVerified ?? false, f.component.type])).toEqual([
      [false, 'ProfileSessionSetting'],
      [true, 'Control']
    ]);
    expect(findings[0]!.message).toBe(
      'profile Support Agent, which reads PHI, overrides the session timeout with 480 minutes, over 15 minutes'
    );
  });

  it('is quiet for 15 minutes on a PHI profile, and for any value on a profile without PHI access', () => {
    const { result } = runCheck(sessionTimeout, {
      ...base,
      'settings/Security.settings-meta.xml': org15,
      'profileSessionSettings/Support Agent.profileSessionSetting-meta.xml': profileSession(
        'Support Agent',
        15
      ),
      'profileSessionSettings/Warehouse.profileSessionSetting-meta.xml': profileSession('Warehouse', 720)
    });
    expect(result.status).toBe('pass');
  });

  it('is not verified when a profile session setting cannot be read', () => {
    const { result } = runCheck(sessionTimeout, {
      ...base,
      'settings/Security.settings-meta.xml': org15,
      'profileSessionSettings/Support Agent.profileSessionSetting-meta.xml': '<ProfileSessionSetting>'
    });
    expect(result.status).toBe('not-verified');
  });
});
