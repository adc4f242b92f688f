import { orgMsg } from '../messages/org';
import { orgEventsMsg } from '../messages/org-events';
import type { Check } from './types';
import { finding } from './util';

const t = orgMsg.checks['ORG-106'];

/**
 * The transaction security policy force-app ships to block PHI report exports
 * (force-app/main/default/transactionSecurityPolicies/PHI_Report_Export_Guard.transactionSecurityPolicy-meta.xml;
 * a test keeps this name in step with that file).
 */
export const PHI_EXPORT_GUARD_POLICY = 'PHI_Report_Export_Guard';

/**
 * ORG-106: Event Monitoring records PHI access through reports, APIs and exports: log files exist in
 * the look-back window, event log generation is on (EventSettings.enableEventLogGeneration), and the
 * PHI report-export guard transaction security policy is Enabled (Tooling TransactionSecurityPolicy.State).
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/using_resources_event_log_files.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_eventsettings.htm
 * https://developer.salesforce.com/docs/platform/api-tooling/references/tooling-objects/tooling-transactionsecuritypolicy.html
 * Any of the three unreadable (e.g. INVALID_TYPE without Event Monitoring) makes the control not verified.
 */
export const eventMonitoringLogs: Check = {
  id: 'ORG-106',
  title: t.title,
  severity: 'high',
  hipaa: ['164.312(b)'],
  needs: ['eventMonitoring', 'eventSettings', 'transactionPolicies'],
  run(s) {
    const f = s.orgOnly.eventMonitoring;
    const settings = s.orgOnly.eventSettings;
    const policies = s.orgOnly.transactionPolicies;
    if (!f.known || !settings.known || !policies.known) return [];
    const out = [];
    const total = Object.values(f.value.logFiles).reduce((a, b) => a + b, 0);
    if (total === 0)
      out.push(
        finding(this, {
          message: t.none(f.value.days),
          remediation: t.remediation,
          component: { type: 'Org', name: 'EventLogFile' },
          location: f.value.at
        })
      );
    if (settings.value.logGeneration !== true)
      out.push(
        finding(this, {
          message: orgEventsMsg.logGenerationOff,
          remediation: orgEventsMsg.remediation,
          component: { type: 'EventSettings', name: 'Event' },
          location: settings.value.at
        })
      );
    const guard = policies.value.find((p) => p.name === PHI_EXPORT_GUARD_POLICY);
    if (!guard || guard.state !== 'Enabled')
      out.push(
        finding(this, {
          message: guard
            ? orgEventsMsg.policyNotEnabled(PHI_EXPORT_GUARD_POLICY, guard.state)
            : orgEventsMsg.policyMissing(PHI_EXPORT_GUARD_POLICY),
          remediation: orgEventsMsg.remediation,
          component: { type: 'TransactionSecurityPolicy', name: PHI_EXPORT_GUARD_POLICY },
          location: guard?.at ?? { api: 'TransactionSecurityPolicy' }
        })
      );
    return out;
  }
};
