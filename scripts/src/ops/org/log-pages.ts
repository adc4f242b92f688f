import type { OrgClient } from '../../org/client';
import { readFailed } from './session';

/**
 * Reads PHI_Access_Log__c in Sequence__c order, one page of at most `pageSize` rows at a time, by
 * keyset (`Sequence__c > last ORDER BY Sequence__c LIMIT n`): memory holds one page whatever the
 * log's size, and no page depends on a server-side cursor that could expire. Each page is one
 * REST query through the OrgClient (retries, budget, request log).
 * SOQL ORDER BY / LIMIT: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_orderby.htm
 */
export const LOG_OBJECT = 'PHI_Access_Log__c';

export async function* logPages(
  client: OrgClient,
  fields: readonly string[],
  where: string,
  pageSize = 2000
): AsyncGenerator<Record<string, unknown>[]> {
  let last: number | undefined;
  for (;;) {
    const conds = ['Sequence__c != NULL', where, last === undefined ? '' : `Sequence__c > ${last}`].filter(
      Boolean
    );
    const soql = `SELECT ${fields.join(', ')} FROM ${LOG_OBJECT} WHERE ${conds.join(' AND ')} ORDER BY Sequence__c ASC LIMIT ${pageSize}`;
    const r = await client.query(soql);
    if (!r.ok) throw readFailed(LOG_OBJECT, r.failure);
    if (r.records.length) yield r.records;
    if (r.records.length < pageSize) return;
    last = Number(r.records[r.records.length - 1]!.Sequence__c);
    if (!Number.isFinite(last)) return;
  }
}

/** Rows the keyset cannot order (no Sequence__c): each one is outside the chain. */
export async function unsequencedCount(client: OrgClient): Promise<number> {
  const r = await client.query(`SELECT COUNT() FROM ${LOG_OBJECT} WHERE Sequence__c = NULL`);
  if (!r.ok) throw readFailed(LOG_OBJECT, r.failure);
  return r.totalSize;
}
