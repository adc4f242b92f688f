import { phiUsersActivityMfa } from '../../src/checks/org-102-phi-users';
import { runChecks } from '../../src/engine/run-checks';
import { known } from '../../src/posture/model';
import { NOW, snapshotOf } from '../helpers/project';

const at = { api: 'User', id: 'PermissionSetAssignment' };

describe('ORG-102 PHI users: dormant accounts and MFA', () => {
  it('passes when every PHI user logged in recently and is covered by MFA', () => {
    const s = snapshotOf({});
    s.orgOnly.loginHistory = known({ phiUsers: 12, stale: 0, staleDays: 90, withoutMfa: 0, at });
    expect(runChecks(s, NOW, [phiUsersActivityMfa]).checks[0]!.status).toBe('pass');
  });

  it('reports dormant users, users without MFA and MFA waivers, as counts', () => {
    const s = snapshotOf({});
    s.orgOnly.loginHistory = known({
      phiUsers: 12,
      stale: 3,
      staleDays: 90,
      withoutMfa: 2,
      mfaWaived: 1,
      at
    });
    expect(
      runChecks(s, NOW, [phiUsersActivityMfa])
        .findings.map((f) => f.message)
        .sort()
    ).toEqual([
      '1 active user(s) holding PHI access have an MFA waiver (Bypass MFA)',
      '2 active user(s) holding PHI access are not required to use MFA',
      '3 active user(s) holding PHI access have not logged in for 90 days'
    ]);
  });
});
