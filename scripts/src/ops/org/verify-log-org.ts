import type { OrgClient } from '../../org/client';
import { ChainVerifier, type ChainSummary } from '../audit/chain';
import { LOG_FIELDS, recordToChainRow } from '../audit/log-rows';
import { logPages, unsequencedCount } from './log-pages';
import { readFailed } from './session';

/** The force-app object that quarantines audit events that could not be logged. */
export const DEAD_LETTER_OBJECT = 'PHI_Audit_Dead_Letter__c';

export interface OrgLogOptions {
  startHash?: string;
  /** Dead-letter object of lost audit events (default PHI_Audit_Dead_Letter__c); each record is a break. */
  deadLetterObject?: string;
  pageSize?: number;
  onProgress?: (rows: number) => void;
}

/** Recomputes the chain of PHI_Access_Log__c in the org, page by page (bounded memory). */
export async function verifyLogOrg(client: OrgClient, opts: OrgLogOptions = {}): Promise<ChainSummary> {
  const v = new ChainVerifier(opts.startHash);
  let rows = 0;
  for await (const page of logPages(client, LOG_FIELDS, '', opts.pageSize)) {
    for (const rec of page) {
      const row = recordToChainRow(rec);
      if (row) v.push(row);
      else v.malformed(typeof rec.Id === 'string' ? rec.Id : undefined);
    }
    rows += page.length;
    opts.onProgress?.(rows);
  }
  v.unsequenced(await unsequencedCount(client));
  // Dead letters (lost audit events) are few by design: one query. An org where the object cannot
  // be read (not deployed: INVALID_TYPE; or hidden) cannot show that no event was lost: not verified.
  const dlo = opts.deadLetterObject ?? DEAD_LETTER_OBJECT;
  const r = await client.query<{ Id: string }>(`SELECT Id FROM ${dlo} ORDER BY CreatedDate ASC`);
  if (r.ok) for (const rec of r.records) v.lostEvent(rec.Id);
  else if (r.failure.kind === 'fact') v.deadLettersUnreadable(dlo);
  else throw readFailed(dlo, r.failure);
  return v.summary();
}
