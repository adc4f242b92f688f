import type { QueryResult } from '../../org/client';
import { known, type EventSettingsFact, type Fact, type TransactionPolicyFact } from '../model';
import { api, bool, failed, list, num, str, type Md } from './util';

/**
 * Event Monitoring settings and transaction security policies (ORG-106), see
 * /work/shared/org-api-map.md section 8:
 * - Tooling `TransactionSecurityPolicy` (DeveloperName, State Enabled|Disabled, Type, EventName); the
 *   BlockMessage and ActionConfig columns are never read (free text / recipient ids):
 *   https://developer.salesforce.com/docs/platform/api-tooling/references/tooling-objects/tooling-transactionsecuritypolicy.html
 * - Metadata `EventSettings` (`Event`): enableEventLogGeneration, eventLogRetentionDuration,
 *   enableTransactionSecurityPolicies: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_eventsettings.htm
 * - Metadata `RealTimeEventSettings` (`RealTimeEvent`): realTimeEvents[{entityName, isEnabled}]:
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_realtimeeventsettings.htm
 * Without Event Monitoring / Shield the org answers INVALID_TYPE: the fact is unknown with that reason.
 */

export const TRANSACTION_POLICY_QUERY =
  'SELECT DeveloperName, State, Type, EventName FROM TransactionSecurityPolicy';

export function transactionPolicies(r: QueryResult<Md>): Fact<TransactionPolicyFact[]> {
  if (!r.ok) return failed('TransactionSecurityPolicy', r.failure, 'View Setup and Configuration');
  return known(
    r.records.map((p) => {
      const name = str(p.DeveloperName) ?? '?';
      return {
        name,
        state: str(p.State) ?? '?',
        type: str(p.Type),
        eventName: str(p.EventName),
        at: api('TransactionSecurityPolicy', name)
      };
    }),
    api('TransactionSecurityPolicy')
  );
}

/** `settings` and `realTime` are the two readMetadata records (already checked for refusal/emptiness). */
export function eventSettings(settings: Fact<Md>, realTime: Fact<Md>): Fact<EventSettingsFact> {
  if (!settings.known) return settings;
  const e = settings.value;
  const streams: Record<string, boolean> = {};
  if (realTime.known)
    for (const x of list(realTime.value.realTimeEvents)) {
      const name = str(x.entityName);
      if (name) streams[name] = bool(x.isEnabled) === true;
    }
  const at = api('EventSettings', 'Event');
  return known(
    {
      logGeneration: bool(e.enableEventLogGeneration),
      retentionDays: num(e.eventLogRetentionDuration),
      transactionSecurity: bool(e.enableTransactionSecurityPolicies),
      realTimeEvents: realTime.known
        ? known(streams, api('RealTimeEventSettings', 'RealTimeEvent'))
        : realTime,
      at
    },
    at
  );
}
