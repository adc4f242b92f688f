import type { KeyObject } from 'node:crypto';
import { CHAIN_NAME, signCheckpoint, type Checkpoint } from '../../audit/checkpoint';
import { GENESIS, hashRow } from '../../audit/hash-chain';
import type { OrgClient } from '../../org/client';
import { to18 } from './ids';
import { readChainHead, readLastRow, readOrgId } from './chain-head-org';

/** Why a chain was not anchored; nothing is signed then. */
export type AnchorProblem =
  | 'head-unreadable'
  | 'head-duplicate'
  | 'head-missing'
  | 'empty'
  | 'head-mismatch'
  | 'last-row-altered'
  | 'moving';

export type AnchorResult =
  | { anchored: true; checkpoint: Checkpoint }
  | {
      anchored: false;
      problem: AnchorProblem;
      orgId: string;
      headSequence?: number;
      headHash?: string;
      lastSequence?: number;
      lastHash?: string;
      recordId?: string;
    };

/** Reads of head and last row before giving up on a log the writer keeps extending. */
const ATTEMPTS = 3;

/**
 * Reads the chain head, checks that the last log row is the row the head names (same sequence,
 * same hash, and a hash that recomputes), and signs a checkpoint of it with `privateKey`: org id,
 * sequence, head hash, and `now` to the whole second. The head is read first: a last row past it
 * means the writer committed in between, and both are read again.
 */
export async function anchorOrg(client: OrgClient, privateKey: KeyObject, now: Date): Promise<AnchorResult> {
  const orgId = to18(await readOrgId(client));
  let before: { sequence: number; lastDigest: string } | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const read = await readChainHead(client);
    if (read.kind !== 'ok')
      return {
        anchored: false,
        orgId,
        problem: read.kind === 'unreadable' ? 'head-unreadable' : 'head-duplicate'
      };
    const head = read.head;
    if (!head) return { anchored: false, orgId, problem: 'head-missing' };
    const at = { orgId, headSequence: head.sequence, headHash: head.lastDigest, recordId: read.recordId };
    const last = await readLastRow(client);
    const lastSequence = last?.row?.sequence;
    if (head.sequence === 0 && head.lastDigest === GENESIS && !last)
      return { anchored: false, problem: 'empty', ...at };
    const row = last?.row;
    if (lastSequence !== undefined && lastSequence > head.sequence) {
      // Rows past the head: the writer committed between the two reads (read both again), unless
      // the head has not moved since the last attempt: then rows were added without the writer.
      if (before && before.sequence === head.sequence && before.lastDigest === head.lastDigest)
        return { anchored: false, problem: 'head-mismatch', ...at, lastSequence, lastHash: row?.hash };
      before = head;
      continue;
    }
    if (!row || row.sequence !== head.sequence || row.hash !== head.lastDigest)
      return { anchored: false, problem: 'head-mismatch', ...at, lastSequence, lastHash: row?.hash };
    let recomputed: string | undefined;
    try {
      recomputed = hashRow(row);
    } catch {
      recomputed = undefined;
    }
    if (recomputed !== row.hash)
      return { anchored: false, problem: 'last-row-altered', ...at, lastSequence, lastHash: row.hash };
    const time = new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    const checkpoint = signCheckpoint(
      { orgId, chain: CHAIN_NAME, sequence: head.sequence, headHash: head.lastDigest, time },
      privateKey
    );
    return { anchored: true, checkpoint };
  }
  return { anchored: false, orgId, problem: 'moving' };
}
