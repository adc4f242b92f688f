import { readFileSync } from 'node:fs';
import path from 'node:path';
import { canonical, GENESIS, hashRow, verifyChain, type LogRow } from '../../src/audit/hash-chain';
import { REPO_ROOT } from '../helpers/paths';

const vectors = JSON.parse(
  readFileSync(
    path.join(REPO_ROOT, 'force-app/main/default/staticresources/PhiAuditHashVectors.json'),
    'utf8'
  )
) as { genesis: string; rows: LogRow[] };

describe('PHI access log hash chain (shared vectors with Apex)', () => {
  it('recomputes every vector hash', () => {
    expect(vectors.genesis).toBe(GENESIS);
    for (const row of vectors.rows) expect([row.sequence, hashRow(row)]).toEqual([row.sequence, row.hash]);
  });

  it('the vectors form a valid chain', () => {
    expect(verifyChain(vectors.rows)).toEqual([]);
  });

  it('canonical form: versioned, newline-joined, sorted field names, empty purpose', () => {
    const row = vectors.rows[1]!;
    expect(canonical(row).split('\n')).toEqual([
      'v1',
      '2',
      '2026-11-25T18:04:05.123Z',
      '005000000000002AAA',
      'Health_Intake__c',
      'a02000000000001AAA',
      'Conditions__c,Current_Medications__c,Notes__c',
      'create',
      'api',
      'intake',
      vectors.rows[0]!.hash
    ]);
    expect(canonical(vectors.rows[3]!).split('\n')[9]).toBe('');
  });

  it('detects an altered row, a removed row and a re-linked chain', () => {
    const altered = vectors.rows.map((r) => ({ ...r }));
    altered[1]!.action = 'view';
    expect(verifyChain(altered)).toEqual([{ kind: 'hash-mismatch', sequence: 2 }]);

    const removed = vectors.rows.filter((r) => r.sequence !== 2);
    expect(verifyChain(removed)).toEqual([
      { kind: 'sequence-gap', sequence: 3, expected: 2 },
      { kind: 'broken-link', sequence: 3 }
    ]);

    const relinked = removed.map((r) => ({ ...r }));
    relinked[1]!.previousHash = relinked[0]!.hash!;
    relinked[1]!.hash = hashRow(relinked[1]!);
    expect(verifyChain(relinked)).toEqual([
      { kind: 'sequence-gap', sequence: 3, expected: 2 },
      { kind: 'broken-link', sequence: 4 }
    ]);
  });
});
