import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PHI_EXPORT_GUARD_POLICY, eventMonitoringLogs } from '../../src/checks/org-106-event-monitoring';
import { runChecks } from '../../src/engine/run-checks';
import { known, unknown, type PostureSnapshot } from '../../src/posture/model';
import { REPO_ROOT } from '../helpers/paths';
import { NOW, snapshotOf } from '../helpers/project';

const at = { api: 'EventLogFile' };

function orgSnapshot(): PostureSnapshot {
  const s = snapshotOf({});
  s.orgOnly.eventMonitoring = known({ days: 30, logFiles: { Login: 30, ReportExport: 2 }, at });
  s.orgOnly.eventSettings = known({
    logGeneration: true,
    retentionDays: 365,
    transactionSecurity: true,
    realTimeEvents: known({ ReportEventStream: true }),
    at: { api: 'EventSettings', id: 'Event' }
  });
  s.orgOnly.transactionPolicies = known([
    {
      name: 'PHI_Report_Export_Guard',
      state: 'Enabled',
      type: 'CustomApexPolicy',
      eventName: 'ReportEvent',
      at: { api: 'TransactionSecurityPolicy', id: 'PHI_Report_Export_Guard' }
    }
  ]);
  return s;
}

const run = (s: PostureSnapshot) => runChecks(s, NOW, [eventMonitoringLogs]);

describe('ORG-106 Event Monitoring', () => {
  it('passes with log files, log generation on and the guard policy Enabled; fails with no log files', () => {
    const s = orgSnapshot();
    expect(run(s).checks[0]!.status).toBe('pass');
    s.orgOnly.eventMonitoring = known({ days: 30, logFiles: {}, at });
    expect(run(s).findings.map((f) => f.message)).toEqual([
      'no Event Monitoring log files in the last 30 days'
    ]);
  });

  it('fails when event log generation is off or not stated', () => {
    const s = orgSnapshot();
    for (const logGeneration of [false, undefined]) {
      if (s.orgOnly.eventSettings.known) s.orgOnly.eventSettings.value.logGeneration = logGeneration;
      const r = run(s);
      expect(r.checks[0]!.status).toBe('fail');
      expect(r.findings.map((f) => [f.message, f.component])).toEqual([
        [
          'event log generation is off (EventSettings.enableEventLogGeneration is not true)',
          { type: 'EventSettings', name: 'Event' }
        ]
      ]);
    }
  });

  it('fails when the PHI report-export guard policy is Disabled or absent from the org', () => {
    const s = orgSnapshot();
    if (s.orgOnly.transactionPolicies.known) s.orgOnly.transactionPolicies.value[0]!.state = 'Disabled';
    expect(run(s).findings.map((f) => f.message)).toEqual([
      'transaction security policy PHI_Report_Export_Guard is Disabled in the org, not Enabled'
    ]);
    s.orgOnly.transactionPolicies = known([
      { name: 'Other_Policy', state: 'Enabled', at: { api: 'TransactionSecurityPolicy' } }
    ]);
    expect(run(s).findings.map((f) => f.message)).toEqual([
      'transaction security policy PHI_Report_Export_Guard (force-app/main/default/transactionSecurityPolicies) is not in the org'
    ]);
  });

  it('is not verified when the policies or the settings cannot be read', () => {
    const s = orgSnapshot();
    s.orgOnly.transactionPolicies = unknown(
      'unreadable',
      'TransactionSecurityPolicy: the org does not have this feature (INVALID_TYPE)',
      'TransactionSecurityPolicy'
    );
    const r = run(s);
    expect(r.checks[0]).toMatchObject({
      status: 'not-verified',
      reason: 'TransactionSecurityPolicy: the org does not have this feature (INVALID_TYPE)'
    });
    const t = orgSnapshot();
    t.orgOnly.eventSettings = unknown('unreadable', 'EventSettings: the read failed (500)', 'EventSettings');
    expect(run(t).checks[0]!.status).toBe('not-verified');
  });

  it('names the policy force-app ships (transactionSecurityPolicies/), active', () => {
    const file = path.join(
      REPO_ROOT,
      'force-app/main/default/transactionSecurityPolicies',
      `${PHI_EXPORT_GUARD_POLICY}.transactionSecurityPolicy-meta.xml`
    );
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain(`<developerName>${PHI_EXPORT_GUARD_POLICY}</developerName>`);
    expect(xml).toContain('<active>true</active>');
  });
});
