import { orgOnlyChecks } from '../../src/checks/org-only';
import { runChecks } from '../../src/engine/run-checks';
import { known } from '../../src/posture/model';
import { NOW, snapshotOf } from '../helpers/project';

describe('org-only controls', () => {
  it('offline, each is listed as requiring --target-org, neither passed nor failed', () => {
    const { checks, findings } = runChecks(snapshotOf({}), NOW, orgOnlyChecks);
    expect(checks.map((c) => c.status)).toEqual([
      'requires-org',
      'requires-org',
      'requires-org',
      'requires-org',
      'requires-org'
    ]);
    expect(findings).toEqual([]);
  });

  it('with org evidence, a missing safeguard fails and a present one passes', () => {
    const s = snapshotOf({});
    s.orgOnly.shieldLicence = known(false, { api: 'tooling/query', id: 'TenantSecret' });
    s.orgOnly.eventMonitoring = known(true);
    const { checks, findings } = runChecks(s, NOW, orgOnlyChecks.slice(0, 2));
    expect(checks.map((c) => c.status)).toEqual(['fail', 'pass']);
    expect(findings[0]!.location).toEqual({ api: 'tooling/query', id: 'TenantSecret' });
  });

  it('a fact that could not be read (not org-only) makes the control not verified', () => {
    const s = snapshotOf({});
    s.orgOnly.healthCheck = {
      known: false,
      kind: 'unreadable',
      reason: 'SecurityHealthCheck returned no rows'
    };
    const { checks } = runChecks(s, NOW, orgOnlyChecks.slice(4));
    expect(checks[0]).toMatchObject({
      status: 'not-verified',
      reason: 'SecurityHealthCheck returned no rows'
    });
  });
});
