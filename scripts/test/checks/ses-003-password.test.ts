import { weakPasswordPolicy } from '../../src/checks/ses-003-password';
import { md, phiField, runCheck } from '../helpers/project';

const policy = (body: string) => ({
  // A PHI field: without one (and no dictionary) the PHI inventory is unknown and the check is not verified.
  'objects/Rx__c/fields/Diagnosis__c.field-meta.xml': phiField('Diagnosis__c'),
  'settings/Security.settings-meta.xml': md.settings(
    'SecuritySettings',
    `    <passwordPolicies>\n${body}\n    </passwordPolicies>`
  )
});

describe('SES-003 password policy', () => {
  it('fires on short, simple, never-expiring passwords without lockout', () => {
    const { findings } = runCheck(
      weakPasswordPolicy,
      policy(
        '        <complexity>NoRestriction</complexity>\n        <expiration>Never</expiration>\n        <maxLoginAttempts>NoLimit</maxLoginAttempts>\n        <minimumPasswordLength>8</minimumPasswordLength>'
      )
    );
    expect(findings.map((f) => f.message)).toEqual([
      'password policy: complexity is NoRestriction',
      'password policy: passwords never expire',
      'password policy: there is no lockout after failed logins',
      'password policy: minimum length is 8, under 12'
    ]);
  });

  it('passes a strong policy', () => {
    const { result } = runCheck(
      weakPasswordPolicy,
      policy(
        '        <complexity>SpecialCharacters</complexity>\n        <expiration>NinetyDays</expiration>\n        <maxLoginAttempts>FiveAttempts</maxLoginAttempts>\n        <minimumPasswordLength>14</minimumPasswordLength>'
      )
    );
    expect(result.status).toBe('pass');
  });

  it('is not verified when the settings file is malformed', () => {
    expect(
      runCheck(weakPasswordPolicy, {
        'settings/Security.settings-meta.xml': '<SecuritySettings><passwordPolicies>'
      }).result.status
    ).toBe('not-verified');
  });
});
