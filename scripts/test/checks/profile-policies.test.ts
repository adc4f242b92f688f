import { sessionTimeout } from '../../src/checks/ses-001-timeout';
import { weakPasswordPolicy } from '../../src/checks/ses-003-password';
import { runChecks } from '../../src/engine/run-checks';
import type { ProfilePolicyFact } from '../../src/posture/model';
import { md, NOW, phiField, snapshotOf } from '../helpers/project';

const security = md.settings(
  'SecuritySettings',
  `    <passwordPolicies>\n        <complexity>SpecialCharacters</complexity>\n        <expiration>NinetyDays</expiration>\n        <maxLoginAttempts>FiveAttempts</maxLoginAttempts>\n        <minimumPasswordLength>12</minimumPasswordLength>\n    </passwordPolicies>\n    <sessionSettings>\n        <forceLogoutOnSessionTimeout>true</forceLogoutOnSessionTimeout>\n        <sessionTimeout>FifteenMinutes</sessionTimeout>\n    </sessionSettings>`
);

/** A project whose org-wide policies are strong, with a clinical profile that reads PHI and a marketing one that does not. */
function snapshotWith(policies: ProfilePolicyFact[]) {
  const s = snapshotOf({
    'settings/Security.settings-meta.xml': security,
    'objects/Rx__c/fields/Drug__c.field-meta.xml': phiField('Drug__c'),
    'profiles/Clinician.profile-meta.xml': md.profile(md.fieldPerm('Rx__c.Drug__c', true)),
    'profiles/Marketing.profile-meta.xml': md.profile(md.userPerm('ApiEnabled'))
  });
  s.profilePolicies.push(...policies);
  return s;
}

const session = (profile: string, minutes: number): ProfilePolicyFact => ({
  kind: 'ProfileSessionSetting',
  profile,
  session: { timeoutMinutes: minutes, timeoutValue: `${minutes} minutes`, lines: { sessionTimeout: 5 } },
  at: {
    file: `force-app/main/default/profileSessionSettings/${profile}.profileSessionSetting-meta.xml`,
    line: 2
  }
});

describe('SES-001 and SES-003 judge per-profile policies that apply to PHI personas', () => {
  it('a PHI profile overriding the timeout to 2 hours fails; a profile without PHI access does not', () => {
    const { findings } = runChecks(
      snapshotWith([session('Clinician', 120), session('Marketing', 480)]),
      NOW,
      [sessionTimeout]
    );
    expect(findings.map((f) => [f.component, f.location])).toEqual([
      [
        { type: 'ProfileSessionSetting', name: 'Clinician' },
        {
          file: 'force-app/main/default/profileSessionSettings/Clinician.profileSessionSetting-meta.xml',
          line: 5
        }
      ]
    ]);
    expect(findings[0]!.message).toBe(
      'profile Clinician, which reads PHI, overrides the session timeout with 120 minutes, longer than the org-wide 15 minutes and over 15 minutes'
    );
  });

  it('a policy for a profile the project does not declare counts (fail closed)', () => {
    const { findings } = runChecks(snapshotWith([session('Retired Profile', 60)]), NOW, [sessionTimeout]);
    expect(findings[0]!.message).toContain('not in the project, so assumed to reach PHI');
  });

  it('a weak per-profile password policy on a PHI profile fails with each weakness at its line', () => {
    const { findings } = runChecks(
      snapshotWith([
        {
          kind: 'ProfilePasswordPolicy',
          profile: 'Clinician',
          password: {
            minLength: 8,
            complexity: 'AlphaNumeric',
            expiration: 'Never',
            maxLoginAttempts: 'TenAttempts',
            lines: { minimumPasswordLength: 6, complexity: 8, expiration: 9 }
          },
          at: {
            file: 'force-app/main/default/profilePasswordPolicies/Clinician.profilePasswordPolicy-meta.xml',
            line: 2
          }
        }
      ]),
      NOW,
      [weakPasswordPolicy]
    );
    expect(findings.map((f) => [f.location, f.message])).toEqual([
      [
        {
          file: 'force-app/main/default/profilePasswordPolicies/Clinician.profilePasswordPolicy-meta.xml',
          line: 6
        },
        'password policy: profile Clinician (reads PHI): minimum length is 8, under 12'
      ],
      [
        {
          file: 'force-app/main/default/profilePasswordPolicies/Clinician.profilePasswordPolicy-meta.xml',
          line: 8
        },
        'password policy: profile Clinician (reads PHI): complexity is AlphaNumeric'
      ],
      [
        {
          file: 'force-app/main/default/profilePasswordPolicies/Clinician.profilePasswordPolicy-meta.xml',
          line: 9
        },
        'password policy: profile Clinician (reads PHI): passwords never expire'
      ]
    ]);
  });

  it('strong org-wide policies and no overrides pass', () => {
    const { checks } = runChecks(snapshotWith([]), NOW, [sessionTimeout, weakPasswordPolicy]);
    expect(checks.map((c) => c.status)).toEqual(['pass', 'pass']);
  });
});
