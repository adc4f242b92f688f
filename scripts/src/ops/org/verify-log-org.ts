import type { OrgClient } from '../../org/client';
import { ChainVerifier, type ChainSummary, type VerifierOptions } from '../audit/chain';
import { applyCheckpoints, type LoadedCheckpoint } from '../audit/checkpoints';
import { LOG_FIELDS, recordToChainRow } from '../audit/log-rows';
import { HEAD_OBJECT, readChainHead, readOrgId } from './chain-head-org';
import { logPages, unsequencedCount } from './log-pages';
import { readFailed } from './session';

/** The force-app object that quarantines audit events that could not be logged. */
export const DEAD_LETTER_OBJECT = 'PHI_Audit_Dead_Letter__c';

export interface OrgLogOptions extends VerifierOptions {
  startHash?: string;
  /** Dead-letter object of lost audit events (default PHI_Audit_Dead_Letter__c); each record is a break. */
  deadLetterObject?: string;
  /** Outside checkpoints (signatures already checked); each must name this org. */
  checkpoints?: LoadedCheckpoint[];
  pageSize?: number;
  onProgress?: (rows: number) => void;
}

/**
 * Recomputes the chain of PHI_Access_Log__c in the org, page by page (bounded memory), and holds it
 * to the chain head (PHI_Audit_Chain_Head__c) and to any outside checkpoints.
 *
 * The head is read before the rows, so rows the writer adds while the log is being read are newer
 * than it and never look like a cut tail; the row at the head's sequence must carry the head's
 * digest, and the log must reach it. When rows past that head were read, the head is read again
 * and must reach them (trail.ts verifyHead; docs/audit-hash-format.md, "Chain rules").
 */
export async function verifyLogOrg(client: OrgClient, opts: OrgLogOptions = {}): Promise<ChainSummary> {
  const v = new ChainVerifier(opts.startHash, undefined, opts);
  if (opts.checkpoints?.length) applyCheckpoints(v, opts.checkpoints, await readOrgId(client));
  const head = await readChainHead(client);
  if (head.kind === 'ok') v.expectHead(head.head, head.recordId);
  else v.headUnreadable(HEAD_OBJECT, head.kind === 'duplicate');
  let rows = 0;
  for await (const page of logPages(client, LOG_FIELDS, '', opts.pageSize)) {
    for (const rec of page) {
      const row = recordToChainRow(rec);
      // CreatedDate is selected, so a row without one did not come from the org as the API serves it.
      if (row?.createdAt) v.push(row);
      else v.malformed(typeof rec.Id === 'string' ? rec.Id : undefined);
    }
    rows += page.length;
    opts.onProgress?.(rows);
  }
  if (v.headOutrun()) {
    const later = await readChainHead(client);
    if (later.kind === 'ok') v.confirmHead(later.head);
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
