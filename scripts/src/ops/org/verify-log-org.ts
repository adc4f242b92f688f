import type { OrgClient } from '../../org/client';
import { ChainVerifier, type ChainSummary } from '../audit/chain';
import { LOG_FIELDS, recordToChainRow } from '../audit/log-rows';
import { logPages, unsequencedCount } from './log-pages';
import { readFailed } from './session';

export interface OrgLogOptions {
  startHash?: string;
  /** API name of the dead-letter object for lost audit events; each record is a break. */
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
  if (opts.deadLetterObject) {
    const r = await client.query<{ Id: string }>(
      `SELECT Id FROM ${opts.deadLetterObject} ORDER BY CreatedDate ASC`
    );
    if (!r.ok) throw readFailed(opts.deadLetterObject, r.failure);
    for (const rec of r.records) v.lostEvent(rec.Id);
  }
  return v.summary();
}
