import { orgMsg } from '../messages/org';
import type { Check } from './types';
import { finding } from './util';

const t = orgMsg.checks['ORG-106'];

/**
 * ORG-106: Event Monitoring produces log files (EventLogFile rows in the look-back window), so PHI
 * access through reports, APIs and exports is recorded.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/using_resources_event_log_files.htm
 */
export const eventMonitoringLogs: Check = {
  id: 'ORG-106',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(b)'],
  needs: ['eventMonitoring'],
  run(s) {
    const f = s.orgOnly.eventMonitoring;
    if (!f.known) return [];
    const total = Object.values(f.value.logFiles).reduce((a, b) => a + b, 0);
    if (total > 0) return [];
    return [
      finding(this, {
        message: t.none(f.value.days),
        remediation: t.remediation,
        component: { type: 'Org', name: 'EventLogFile' },
        location: f.value.at
      })
    ];
  }
};
