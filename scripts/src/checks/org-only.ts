import { shieldTenantSecret } from './org-101-shield';
import { phiUsersActivityMfa } from './org-102-phi-users';
import { healthCheckScore } from './org-103-health-check';
import { packagePhiWithoutBaa } from './org-104-package-baa';
import { oauthTokensUnregistered } from './org-105-oauth-tokens';
import { eventMonitoringLogs } from './org-106-event-monitoring';
import type { Check } from './types';

/**
 * Controls only a live org can show. Offline their facts are "org-only", so the engine lists them
 * as needing --target-org; online each runs over the facts the org loader read.
 */
export const orgOnlyChecks: Check[] = [
  shieldTenantSecret,
  phiUsersActivityMfa,
  healthCheckScore,
  packagePhiWithoutBaa,
  oauthTokensUnregistered,
  eventMonitoringLogs
];
