import { healthCheckScore } from '../../src/checks/org-103-health-check';
import { runChecks } from '../../src/engine/run-checks';
import { known } from '../../src/posture/model';
import { NOW, snapshotOf } from '../helpers/project';

const at = { api: 'SecurityHealthCheck' };

describe('ORG-103 Security Health Check score', () => {
  it('passes at or above the threshold', () => {
    const s = snapshotOf({});
    s.orgOnly.healthCheck = known({ score: 80, highRisks: [], at });
    expect(runChecks(s, NOW, [healthCheckScore]).checks[0]!.status).toBe('pass');
  });

  it('fails below it, with the number of high-risk settings', () => {
    const s = snapshotOf({});
    s.orgOnly.healthCheck = known({ score: 54, highRisks: ['SessionTimeout', 'PasswordExpiration'], at });
    const { findings } = runChecks(s, NOW, [healthCheckScore]);
    expect(findings.map((f) => f.message)).toEqual([
      'the Security Health Check score is 54 (threshold 80); 2 high-risk setting(s)'
    ]);
  });

  it('no rows (the running user lacks View Setup) is not verified, never a pass', () => {
    const s = snapshotOf({});
    s.orgOnly.healthCheck = {
      known: false,
      kind: 'unreadable',
      reason: 'SecurityHealthCheck: the API returned no rows'
    };
    expect(runChecks(s, NOW, [healthCheckScore]).checks[0]!.status).toBe('not-verified');
  });

  it('the threshold comes from healthCheckMinScore in config/phi-guard.json (default 80)', () => {
    const s = snapshotOf({ '/config/phi-guard.json': JSON.stringify({ healthCheckMinScore: 50 }) });
    s.orgOnly.healthCheck = known({ score: 54, highRisks: [], at });
    expect(runChecks(s, NOW, [healthCheckScore]).checks[0]!.status).toBe('pass');
    const strict = snapshotOf({ '/config/phi-guard.json': JSON.stringify({ healthCheckMinScore: 95 }) });
    strict.orgOnly.healthCheck = known({ score: 90, highRisks: [], at });
    expect(runChecks(strict, NOW, [healthCheckScore]).findings.map((f) => f.message)).toEqual([
      'the Security Health Check score is 90 (threshold 95); 0 high-risk setting(s)'
    ]);
  });
});
