import type { OrgClient } from '../../org/client';
import { quote } from '../../org/soql';
import { LOG_FIELDS, recordToChainRow } from '../audit/log-rows';

/** What incident scope needs: the access facts, not the v3 hash fields (an org from before v3 lacks them). */
const SCOPE_FIELDS = LOG_FIELDS.filter(
  (f) => !['Hash_Version__c', 'Event_Uuid__c', 'Dedup_Id__c', 'CreatedDate'].includes(f)
);
import { ScopeCollector, type IncidentScope } from '../incident/scope';
import { to18 } from './ids';
import { logPages } from './log-pages';

/** SOQL datetime literal (no quotes), UTC: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm */
const soqlDateTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** What one user touched in a window, filtered in the org (selective on Actor_Id__c and Occurred_At__c). */
export async function scopeFromOrg(
  client: OrgClient,
  user: string,
  from: Date,
  to: Date
): Promise<IncidentScope> {
  const c = new ScopeCollector(user, from, to);
  const where = `Actor_Id__c = ${quote(to18(user))} AND Occurred_At__c >= ${soqlDateTime(from)} AND Occurred_At__c < ${soqlDateTime(to)}`;
  for await (const page of logPages(client, SCOPE_FIELDS, where)) {
    for (const rec of page) {
      const row = recordToChainRow(rec);
      if (row) c.push(row);
    }
  }
  return c.result();
}
