import { CHAIN_NAME } from '../../audit/checkpoint';
import type { ChainHead } from '../../audit/trail';
import { UserError } from '../../errors';
import { opsMsg } from '../../messages/ops';
import type { OrgClient } from '../../org/client';
import { LOG_FIELDS, recordToChainRow } from '../audit/log-rows';
import type { ChainRow } from '../audit/chain';
import { LOG_OBJECT } from './log-pages';
import { readFailed } from './session';

/**
 * The org-side facts a chain is anchored to: the org's id, the chain head the writer keeps
 * (PHI_Audit_Chain_Head__c, one record per chain, Chain__c unique) and the last log row.
 */
export const HEAD_OBJECT = 'PHI_Audit_Chain_Head__c';

export type HeadRead =
  { kind: 'ok'; head: ChainHead | null; recordId?: string } | { kind: 'unreadable' } | { kind: 'duplicate' };

/**
 * Reads the chain head. A head object the org will not serve (INVALID_TYPE, no access) is
 * `unreadable`: a cut tail can then not be ruled out. SOQL `=` on text ignores case, so only a
 * record whose Chain__c is exactly the chain's name counts; two of them is `duplicate`.
 * SOQL comparison operators: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm
 */
export async function readChainHead(client: OrgClient): Promise<HeadRead> {
  const r = await client.query(
    `SELECT Id, Chain__c, Sequence__c, Last_Digest__c FROM ${HEAD_OBJECT} WHERE Chain__c = '${CHAIN_NAME}'`
  );
  if (!r.ok) {
    if (r.failure.kind === 'fact') return { kind: 'unreadable' };
    throw readFailed(HEAD_OBJECT, r.failure);
  }
  const exact = r.records.filter((rec) => rec.Chain__c === CHAIN_NAME);
  if (exact.length > 1) return { kind: 'duplicate' };
  const rec = exact[0];
  if (!rec) return { kind: 'ok', head: null };
  // A head whose values are not a whole sequence and a 64-hex digest matches no row (NaN, '').
  const seq = rec.Sequence__c;
  const digest = rec.Last_Digest__c;
  return {
    kind: 'ok',
    recordId: typeof rec.Id === 'string' ? rec.Id : undefined,
    head: {
      sequence: typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 ? seq : NaN,
      lastDigest: typeof digest === 'string' && /^[0-9a-f]{64}$/.test(digest) ? digest : ''
    }
  };
}

/** The org's id (Organization.Id), which a checkpoint names. */
export async function readOrgId(client: OrgClient): Promise<string> {
  const r = await client.query<{ Id?: unknown }>('SELECT Id FROM Organization LIMIT 1');
  if (!r.ok) throw readFailed('Organization', r.failure);
  const id = r.records[0]?.Id;
  if (typeof id !== 'string' || !/^00D[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/.test(id))
    throw new UserError(opsMsg.org.noOrgId, 'OrgReadError');
  return id;
}

/** The log row with the highest Sequence__c, with every chained field; undefined when there is none. */
export async function readLastRow(
  client: OrgClient
): Promise<{ row: ChainRow | undefined; recordId?: string } | undefined> {
  const r = await client.query(
    `SELECT ${LOG_FIELDS.join(', ')} FROM ${LOG_OBJECT} WHERE Sequence__c != NULL ORDER BY Sequence__c DESC LIMIT 1`
  );
  if (!r.ok) throw readFailed(LOG_OBJECT, r.failure);
  const rec = r.records[0];
  if (!rec) return undefined;
  return { row: recordToChainRow(rec), recordId: typeof rec.Id === 'string' ? rec.Id : undefined };
}
