import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hashRow, verifyChain, type LogRow } from '../../../src/audit/hash-chain';
import { ChainVerifier, type ChainRow } from '../../../src/ops/audit/chain';
import { syntheticChain } from '../../../bench/audit-chain-data';
import { REPO_ROOT } from '../../helpers/paths';

const vectors = JSON.parse(
  readFileSync(
    path.join(REPO_ROOT, 'force-app/main/default/staticresources/PhiAuditHashVectors.json'),
    'utf8'
  )
) as { rows: LogRow[] };

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
