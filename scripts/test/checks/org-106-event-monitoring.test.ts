import { eventMonitoringLogs } from '../../src/checks/org-106-event-monitoring';
import { runChecks } from '../../src/engine/run-checks';
import { known } from '../../src/posture/model';
import { NOW, snapshotOf } from '../helpers/project';

const at = { api: 'EventLogFile' };

describe('ORG-106 Event Monitoring log files', () => {
  it('passes with log files in the window, fails with none', () => {
    const s = snapshotOf({});
    s.orgOnly.eventMonitoring = known({ days: 30, logFiles: { Login: 30, ReportExport: 2 }, at });
    expect(runChecks(s, NOW, [eventMonitoringLogs]).checks[0]!.status).toBe('pass');
    s.orgOnly.eventMonitoring = known({ days: 30, logFiles: {}, at });
    expect(runChecks(s, NOW, [eventMonitoringLogs]).findings.map((f) => f.message)).toEqual([
      'no Event Monitoring log files in the last 30 days'
    ]);
  });
});
