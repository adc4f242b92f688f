import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hashRow, verifyChain, type LogRow } from '../../../src/audit/hash-chain';
import { ChainVerifier, type ChainRow } from '../../../src/ops/audit/chain';
import { rechain, syntheticChain, type ChainedRow } from '../../../bench/audit-chain-data';
import { REPO_ROOT } from '../../helpers/paths';

const vectors = JSON.parse(
  readFileSync(
    path.join(REPO_ROOT, 'force-app/main/default/staticresources/PhiAuditHashVectors.json'),
    'utf8'
  )
) as { rows: LogRow[] };
// The shared vectors are v3 (the file's top-level version); rows in the org carry it in Hash_Version__c.
vectors.rows = vectors.rows.map((r) => ({ ...r, version: 'v3' as const }));

function run(rows: ChainRow[]) {
  const v = new ChainVerifier();
  rows.forEach((r) => v.push(r));
  return v.summary();
}

const kinds = (rows: ChainRow[]) => run(rows).breaks.map((b) => [b.kind, b.sequence]);

describe('streaming chain verifier', () => {
  it('passes the shared test vectors (same vectors as Apex)', () => {
    const s = run(vectors.rows);
    expect(s.breakCount).toBe(0);
    expect(s.rows).toBe(vectors.rows.length);
    expect(s.lastHash).toBe(vectors.rows[vectors.rows.length - 1]!.hash);
  });

  it('agrees with hash-chain.ts verifyChain on altered, removed and re-linked chains', () => {
    const altered = vectors.rows.map((r) => ({ ...r }));
    altered[1]!.action = 'view';
    const removed = vectors.rows.filter((r) => r.sequence !== 2);
    const relinked = removed.map((r) => ({ ...r }));
    relinked[1]!.previousHash = relinked[0]!.hash!;
    relinked[1]!.hash = hashRow(relinked[1]!);
    for (const rows of [vectors.rows, altered, removed, relinked]) {
      expect(kinds(rows)).toEqual(verifyChain(rows).map((p) => [p.kind, p.sequence]));
    }
  });

  const chain = syntheticChain(50);

  it('detects a tampered row and names its record id', () => {
    const rows = chain.map((r) => ({ ...r }));
    rows[9]!.recordId = 'a01000000000999AAA';
    const s = run(rows);
    expect(s.breaks).toEqual([
      { kind: 'hash-mismatch', sequence: 10, recordId: rows[9]!.id, line: undefined }
    ]);
  });

  it('detects a deleted row as a gap and a broken link at the next row', () => {
    const rows = chain.filter((r) => r.sequence !== 20);
    expect(kinds(rows)).toEqual([
      ['sequence-gap', 21],
      ['broken-link', 21]
    ]);
    expect(run(rows).breaks[0]!.expected).toBe(20);
  });

  it('detects a reordered pair', () => {
    const rows = [...chain];
    [rows[29], rows[30]] = [rows[30]!, rows[29]!];
    expect(kinds(rows)).toEqual([
      ['sequence-gap', 31],
      ['broken-link', 31],
      ['out-of-order', 30],
      ['broken-link', 30],
      ['broken-link', 32]
    ]);
  });

  it('detects a re-hashed tampered row by the broken link after it', () => {
    const rows = chain.map((r) => ({ ...r }));
    rows[4]!.action = 'delete';
    rows[4]!.hash = hashRow(rows[4]!);
    expect(kinds(rows)).toEqual([['broken-link', 6]]);
  });

  it('verifies a window from its anchor and rejects the wrong anchor', () => {
    const window = chain.slice(10);
    const good = new ChainVerifier(chain[9]!.hash);
    window.forEach((r) => good.push(r));
    expect(good.summary().breakCount).toBe(0);
    expect(kinds(window)).toEqual([['broken-link', 11]]);
  });

  it('fails closed on no rows, and counts dead letters as breaks', () => {
    expect(run([]).breaks).toEqual([{ kind: 'empty' }]);
    const v = new ChainVerifier();
    chain.forEach((r) => v.push(r));
    v.lostEvent('a0M000000000001AAA', 2);
    const s = v.summary();
    expect(s.lostEvents).toBe(1);
    expect(s.breaks).toEqual([{ kind: 'lost-event', recordId: 'a0M000000000001AAA', line: 2 }]);
  });

  it('keeps at most maxBreaks, counting the rest', () => {
    const rows = chain.map((r) => ({ ...r, hash: 'f'.repeat(64) }));
    const v = new ChainVerifier(undefined, 5);
    rows.forEach((r) => v.push(r));
    const s = v.summary();
    expect(s.breaks).toHaveLength(5);
    expect(s.breakCount).toBeGreaterThan(50);
  });
});

const status = (source: string, sequence: number, headHash: string) => ({
  source,
  orgId: '00D000000000007AAA',
  sequence,
  headHash,
  time: '2026-11-25T12:00:00Z',
  keyId: 'k'.repeat(64)
});

describe('chain head (trail.ts verifyHead, streamed)', () => {
  const chain = syntheticChain(60);
  const last = chain[59]!;
  const head = { sequence: 60, lastDigest: last.hash };
  const verify = (rows: ChainedRow[], h: typeof head | null, later?: typeof head | null) => {
    const v = new ChainVerifier();
    v.expectHead(h, 'a0H000000000001AAA');
    rows.forEach((r) => v.push(r));
    if (later !== undefined) v.confirmHead(later);
    return v.summary();
  };

  it('a chain that ends at its head passes, and the head is in the summary', () => {
    const s = verify(chain, head);
    expect(s.breakCount).toBe(0);
    expect(s.head).toEqual({
      recordId: 'a0H000000000001AAA',
      sequence: 60,
      lastDigest: last.hash,
      rowsAfterHead: 0
    });
  });

  it('the last row, or the last 50, deleted: a head mismatch naming the head and both ends', () => {
    for (const keep of [59, 10]) {
      const s = verify(chain.slice(0, keep), head);
      expect(s.breaks).toEqual([
        {
          kind: 'head-mismatch',
          sequence: keep,
          recordId: 'a0H000000000001AAA',
          headSequence: 60,
          headHash: last.hash,
          foundHash: chain[keep - 1]!.hash
        }
      ]);
    }
    expect(verify([], head).breaks.map((b) => b.kind)).toEqual(['head-mismatch', 'empty']);
  });

  it('no head with rows is head-missing; an unreadable or duplicated head is reported', () => {
    expect(verify(chain, null).breaks).toEqual([{ kind: 'head-missing', sequence: 60 }]);
    const v = new ChainVerifier();
    v.headUnreadable('PHI_Audit_Chain_Head__c');
    v.headUnreadable('PHI_Audit_Chain_Head__c', true);
    expect(v.summary().breaks.map((b) => b.kind)).toEqual(['head-unreadable', 'head-duplicate', 'empty']);
  });

  it('rows written after the head was read are counted; the head read again must reach them', () => {
    const early = { sequence: 50, lastDigest: chain[49]!.hash };
    const moved = verify(chain, early, head);
    expect(moved.breakCount).toBe(0);
    expect(moved.head?.rowsAfterHead).toBe(10);
    // The head still behind the log after the read: rows added without the writer.
    expect(verify(chain, early, early).breaks.map((b) => [b.kind, b.sequence, b.headSequence])).toEqual([
      ['head-mismatch', 60, 50]
    ]);
    // At the last row with another digest, or gone.
    expect(verify(chain, early, { sequence: 60, lastDigest: 'f'.repeat(64) }).breakCount).toBe(1);
    expect(verify(chain, early, null).breakCount).toBe(1);
    // Nothing to confirm when no row went past the head.
    expect(verify(chain, head, null).breakCount).toBe(0);
  });
});

describe('outside checkpoints (held while streaming)', () => {
  const chain = syntheticChain(60);
  const cp = status('cp-40.json', 40, chain[39]!.hash);
  const run = (rows: ChainedRow[], start?: string, ...cps: ReturnType<typeof status>[]) => {
    const v = new ChainVerifier(start);
    cps.forEach((c) => v.hold(c));
    rows.forEach((r) => v.push(r));
    return v.summary();
  };

  it('an untouched chain holds to its checkpoint', () => {
    const s = run(chain, undefined, cp);
    expect(s.breakCount).toBe(0);
    expect(s.checkpoints).toEqual([{ ...cp, status: 'held' }]);
  });

  it('a middle row rewritten and every later hash recomputed: the checkpoint sees it, the chain alone does not', () => {
    const forged = chain.map((r) => ({ ...r }));
    forged[19]!.action = 'delete';
    const rewritten = rechain(forged, 19);
    expect(run(rewritten).breakCount).toBe(0);
    const s = run(rewritten, undefined, cp);
    expect(s.breaks).toEqual([
      {
        kind: 'checkpoint-mismatch',
        sequence: 40,
        recordId: rewritten[39]!.id,
        line: undefined,
        checkpoint: 'cp-40.json',
        headSequence: 40,
        headHash: chain[39]!.hash,
        foundHash: rewritten[39]!.hash
      }
    ]);
    expect(s.checkpoints[0]!.status).toBe('broken');
  });

  it('a middle row deleted, the rest renumbered and re-chained: the checkpoint sees it', () => {
    const renumbered = rechain(
      chain.filter((r) => r.sequence !== 25),
      24
    );
    expect(run(renumbered).breakCount).toBe(0);
    expect(run(renumbered, undefined, cp).breaks.map((b) => b.kind)).toEqual(['checkpoint-mismatch']);
  });

  it('a tail cut below the checkpoint is a truncation; a gap over its sequence is a mismatch', () => {
    const cut = run(chain.slice(0, 30), undefined, cp);
    expect(cut.breaks).toEqual([
      {
        kind: 'checkpoint-truncated',
        sequence: 30,
        checkpoint: 'cp-40.json',
        headSequence: 40,
        headHash: chain[39]!.hash
      }
    ]);
    expect(run([], undefined, cp).breaks.map((b) => b.kind)).toEqual(['checkpoint-truncated', 'empty']);
    const gap = run(
      chain.filter((r) => r.sequence !== 40),
      undefined,
      cp
    );
    expect(gap.breaks.map((b) => b.kind)).toEqual(['sequence-gap', 'broken-link', 'checkpoint-mismatch']);
  });

  it('a window: a checkpoint just before it is held against the start hash; one further back is not covered', () => {
    const window = chain.slice(40);
    expect(run(window, chain[39]!.hash, cp).breakCount).toBe(0);
    expect(run(window, 'e'.repeat(64), cp).breaks.map((b) => b.kind)).toEqual([
      'checkpoint-mismatch',
      'broken-link'
    ]);
    const older = run(chain.slice(45), chain[44]!.hash, cp);
    expect(older.breaks).toEqual([
      { kind: 'checkpoint-uncovered', checkpoint: 'cp-40.json', headSequence: 40 }
    ]);
    expect(older.checkpoints[0]!.status).toBe('uncovered');
  });

  it('refused and other-org checkpoints are breaks and hold nothing', () => {
    const v = new ChainVerifier();
    v.refuse(status('forged.json', 40, chain[39]!.hash), 'refused', 'bad-signature');
    v.refuse(status('other.json', 40, chain[39]!.hash), 'other-org');
    chain.forEach((r) => v.push(r));
    const s = v.summary();
    expect(s.breaks).toEqual([
      { kind: 'checkpoint-refused', checkpoint: 'forged.json', headSequence: 40, reason: 'bad-signature' },
      { kind: 'checkpoint-other-org', checkpoint: 'other.json', headSequence: 40 }
    ]);
    expect(s.checkpoints.map((c) => c.status)).toEqual(['refused', 'other-org']);
  });
});

describe('rows flagged for review', () => {
  const chain = syntheticChain(10);
  const run = (rows: ChainedRow[], minutes?: number) => {
    const v = new ChainVerifier(
      undefined,
      undefined,
      minutes === undefined ? {} : { backdateMs: minutes * 60_000 }
    );
    rows.forEach((r) => v.push(r));
    return v.summary();
  };
  /** A publisher's backdated event, written (and hashed) by the subscriber like any other. */
  const backdate = (rows: ChainedRow[], i: number, minutes: number) => {
    const out = rows.map((r) => ({ ...r }));
    out[i]!.occurredAt = new Date(Date.parse(out[i]!.occurredAt) - minutes * 60_000).toISOString();
    return rechain(out, i);
  };

  it('a clean chain has no flags', () => {
    expect(run(chain)).toMatchObject({ breakCount: 0, flagged: 0 });
  });

  it('an event more than 5 minutes before its CreatedDate is backdated, and out of time order', () => {
    const s = run(backdate(chain, 4, 90));
    expect(s.breaks.map((b) => [b.kind, b.sequence, b.minutes])).toEqual([
      ['backdated', 5, 90],
      ['time-order', 5, 89]
    ]);
    expect(s.flagged).toBe(2);
    // Within the threshold, or with a larger one: no flag.
    expect(run(backdate(chain, 4, 4)).breakCount).toBe(0);
    expect(run(backdate(chain, 4, 90), 120).breakCount).toBe(0);
  });

  it('a CreatedDate going back is out of time order; rows without CreatedDate are judged on Occurred_At__c', () => {
    const rows = chain.map((r) => ({ ...r }));
    rows[6]!.createdAt = new Date(Date.parse(rows[6]!.createdAt) - 3_600_000).toISOString();
    // CreatedDate is not hashed: no re-chaining needed to move it.
    expect(run(rows).breaks.map((b) => [b.kind, b.sequence])).toEqual([['time-order', 7]]);
    const bare = chain.map(({ createdAt: _c, ...r }) => r as ChainedRow);
    expect(run(bare).breakCount).toBe(0);
  });

  it('a v2 row after v3 rows is a version downgrade; v2 before v3 is an upgrade', () => {
    const rows = chain.map((r) => ({ ...r }));
    rows[5]!.version = undefined;
    const s = run(rechain(rows, 5));
    expect(s.breaks.map((b) => [b.kind, b.sequence, b.version, b.after])).toEqual([
      ['version-downgrade', 6, 'v2', 'v3']
    ]);
    // An unknown version label cannot be hashed (a malformed row) and ranks nowhere: no downgrade flag.
    const unknown = chain.map((r) => ({ ...r }));
    unknown[5]!.version = 'v9' as ChainedRow['version'];
    expect(run(unknown).breaks.map((b) => [b.kind, b.sequence])).toEqual([['malformed-row', 6]]);
    const upgraded = chain.map((r, i) => ({ ...r, version: i < 5 ? undefined : r.version }));
    expect(run(rechain(upgraded, 0)).breakCount).toBe(0);
  });
});
