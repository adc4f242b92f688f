import { GENESIS, verifyChain, type ChainProblem, type LogRow } from './hash-chain';

/**
 * The whole audit trail as the org holds it: the hash chain, its head (PHI_Audit_Chain_Head__c)
 * and the dead letters (PHI_Audit_Dead_Letter__c). verifyChain alone cannot see rows removed from
 * the end of the chain, nor events that never became rows; the head and the dead letters close
 * both gaps (docs/audit-hash-format.md). Pure functions: callers read the records.
 */

/** PHI_Audit_Chain_Head__c as read from the org. */
export interface ChainHead {
  sequence: number;
  lastDigest: string;
}

/** PHI_Audit_Dead_Letter__c as read from the org: ids and reason codes, never a value. */
export interface DeadLetter {
  eventUuid: string | null;
  replayId: string | null;
  reason: string;
  recordCount: number | null;
  quarantinedAt: string | null;
}

export type TrailProblem =
  | ChainProblem
  | { kind: 'head-missing' }
  | { kind: 'head-mismatch'; sequence: number; headSequence: number }
  | { kind: 'lost-events'; eventUuid: string | null; reason: string; recordCount: number | null };

/**
 * Checks that the chain ends where the head says it does. `last` is the last row of the chain as
 * far as the head covers it: a verifier that reads the head first and the rows after passes the
 * last row at or before the head's sequence (rows the writer added meanwhile are newer than the
 * head it read). A full chain (starting at GENESIS) with no head is only valid when it is empty.
 */
export function verifyHead(
  last: Pick<LogRow, 'sequence' | 'hash'> | undefined,
  head: ChainHead | null
): TrailProblem[] {
  if (!head) return last ? [{ kind: 'head-missing' }] : [];
  const lastSequence = last?.sequence ?? 0;
  const lastHash = last ? (last.hash ?? '') : GENESIS;
  if (lastSequence !== head.sequence || lastHash !== head.lastDigest) {
    return [{ kind: 'head-mismatch', sequence: lastSequence, headSequence: head.sequence }];
  }
  return [];
}

/** Every dead letter is a break in the trail: accesses that were never logged. */
export function lostEvents(deadLetters: DeadLetter[]): TrailProblem[] {
  return deadLetters.map((d) => ({
    kind: 'lost-events' as const,
    eventUuid: d.eventUuid,
    reason: d.reason,
    recordCount: d.recordCount
  }));
}

/**
 * Verifies a full trail: the chain from GENESIS, its head, and the dead letters. An empty result
 * means every recorded access is in an unaltered, complete chain and no event was lost.
 */
export function verifyTrail(
  rows: LogRow[],
  head: ChainHead | null,
  deadLetters: DeadLetter[]
): TrailProblem[] {
  return [
    ...verifyChain(rows, GENESIS),
    ...verifyHead(rows[rows.length - 1], head),
    ...lostEvents(deadLetters)
  ];
}
