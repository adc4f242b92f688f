/**
 * User-facing text for Event Monitoring settings and transaction security policies read from a
 * live org (ORG-106). Names, states and counts only; never a policy's block message.
 */
export const orgEventsMsg = {
  orgOnlySettings: 'Event Monitoring settings (EventSettings, RealTimeEventSettings)',
  orgOnlyPolicies: 'transaction security policies',
  logGenerationOff: 'event log generation is off (EventSettings.enableEventLogGeneration is not true)',
  policyMissing: (name: string) =>
    `transaction security policy ${name} (force-app/main/default/transactionSecurityPolicies) is not in the org`,
  policyNotEnabled: (name: string, state: string) =>
    `transaction security policy ${name} is ${state} in the org, not Enabled`,
  remediation:
    'Licence Event Monitoring, turn on event log generation (Setup > Event Monitoring Settings), deploy force-app and enable the PHI report-export guard policy (Setup > Transaction Security Policies).'
} as const;
