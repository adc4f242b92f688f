import { shieldTenantSecret } from '../../src/checks/org-101-shield';
import { orgOnlyChecks } from '../../src/checks/org-only';
import { runChecks } from '../../src/engine/run-checks';
import { known, type TenantSecretFact } from '../../src/posture/model';
import { NOW, snapshotOf } from '../helpers/project';

const secret = (type: string, status: string, daysOld: number): TenantSecretFact => ({
  type,
  status,
  version: 1,
  created: new Date(NOW.getTime() - daysOld * 86_400_000).toISOString(),
  at: { api: 'TenantSecret', id: `02G${type}${daysOld}` }
});

describe('ORG-101 Shield tenant secret', () => {
  it('offline, every org-only control is listed as requiring --target-org, neither passed nor failed', () => {
    const register = JSON.stringify({ controls: {}, baas: [] });
    const { checks, findings } = runChecks(
      snapshotOf({ '/config/compliance-register.json': register }),
      NOW,
      orgOnlyChecks
    );
    expect(checks.map((c) => c.status)).toEqual(Array(orgOnlyChecks.length).fill('requires-org'));
    expect(findings).toEqual([]);
  });

  it('passes with an active, recent Data secret', () => {
    const s = snapshotOf({});
    s.orgOnly.shieldLicence = known([secret('Data', 'ACTIVE', 30), secret('Data', 'ARCHIVED', 900)]);
    expect(runChecks(s, NOW, [shieldTenantSecret]).checks[0]!.status).toBe('pass');
  });

  it('fails with no active Data secret, and names each active secret past the rotation interval', () => {
    const s = snapshotOf({});
    s.orgOnly.shieldLicence = known([secret('Data', 'ARCHIVED', 10), secret('SearchIndex', 'ACTIVE', 400)]);
    const { findings } = runChecks(s, NOW, [shieldTenantSecret]);
    expect(findings.map((f) => f.message).sort()).toEqual([
      'the active SearchIndex tenant secret is 400 days old (rotation interval 365 days)',
      'the org has no active Shield Platform Encryption tenant secret'
    ]);
    expect(
      findings.find((f) => f.component.type === 'TenantSecret' && /SearchIndex/.test(f.message))!.location
    ).toEqual({ api: 'TenantSecret', id: '02GSearchIndex400' });
  });

  it('an unreadable TenantSecret (feature absent) makes the control not verified', () => {
    const s = snapshotOf({});
    s.orgOnly.shieldLicence = {
      known: false,
      kind: 'unreadable',
      reason: 'TenantSecret: the org does not have this feature (INVALID_TYPE)'
    };
    expect(runChecks(s, NOW, [shieldTenantSecret]).checks[0]).toMatchObject({
      status: 'not-verified',
      reason: expect.stringMatching(/INVALID_TYPE/)
    });
  });

  it('the rotation interval comes from keyRotationDays in config/phi-guard.json', () => {
    const s = snapshotOf({ '/config/phi-guard.json': JSON.stringify({ keyRotationDays: 90 }) });
    s.orgOnly.shieldLicence = known([secret('Data', 'ACTIVE', 100)]);
    const { findings } = runChecks(s, NOW, [shieldTenantSecret]);
    expect(findings.map((f) => f.message)).toEqual([
      'the active Data tenant secret is 100 days old (rotation interval 90 days)'
    ]);
    expect(findings[0]!.remediation).toMatch(/at least every 90 days \(keyRotationDays/);
    const d = snapshotOf({});
    expect(d.config.keyRotationDays).toBe(365);
    d.orgOnly.shieldLicence = known([secret('Data', 'ACTIVE', 100)]);
    expect(runChecks(d, NOW, [shieldTenantSecret]).checks[0]!.status).toBe('pass');
  });
});
