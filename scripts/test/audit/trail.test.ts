import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GENESIS, type LogRow } from '../../src/audit/hash-chain';
import { lostEvents, verifyHead, verifyTrail, type DeadLetter } from '../../src/audit/trail';
import { REPO_ROOT } from '../helpers/paths';

const rows = (
  JSON.parse(
    readFileSync(
      path.join(REPO_ROOT, 'force-app/main/default/staticresources/PhiAuditHashVectors.json'),
      'utf8'
    )
  ) as { rows: LogRow[] }
).rows.map((r) => ({ ...r, version: 'v3' as const }));
const last = rows[rows.length - 1]!;
const head = { sequence: last.sequence, lastDigest: last.hash! };

const deadLetter: DeadLetter = {
  eventUuid: '0d7e6c1a-6b1f-4a8e-9d37-2f1a5c9b0e11',
  replayId: '42',
  reason: 'invalid:Action__c',
  recordCount: 3,
  quarantinedAt: '2026-11-26T09:30:00.000+0000'
};

describe('audit trail: chain, head and dead letters', () => {
  it('a complete chain that ends at the head, with no dead letter, verifies', () => {
    expect(verifyTrail(rows, head, [])).toEqual([]);
  });

  it('rows removed from the end are invisible to the chain but not to the head', () => {
    const truncated = rows.slice(0, -1);
    expect(verifyTrail(truncated, head, [])).toEqual([
      { kind: 'head-mismatch', sequence: last.sequence - 1, headSequence: last.sequence }
    ]);
  });

  it('a rewound head or a missing head is reported', () => {
    expect(verifyHead(last, { sequence: last.sequence, lastDigest: GENESIS })).toEqual([
      { kind: 'head-mismatch', sequence: last.sequence, headSequence: last.sequence }
    ]);
    expect(verifyHead(last, null)).toEqual([{ kind: 'head-missing' }]);
    expect(verifyHead(undefined, null)).toEqual([]);
    expect(verifyHead(undefined, { sequence: 0, lastDigest: GENESIS })).toEqual([]);
    // a last row with no hash never matches a head
    expect(verifyHead({ sequence: last.sequence }, head)).toHaveLength(1);
    expect(verifyHead(undefined, { sequence: 3, lastDigest: GENESIS })).toEqual([
      { kind: 'head-mismatch', sequence: 0, headSequence: 3 }
    ]);
  });

  it('every dead letter is a break, with its reason and how many accesses were lost', () => {
    expect(lostEvents([deadLetter])).toEqual([
      { kind: 'lost-events', eventUuid: deadLetter.eventUuid, reason: 'invalid:Action__c', recordCount: 3 }
    ]);
    expect(verifyTrail(rows, head, [deadLetter])).toHaveLength(1);
  });

  it('chain problems, head problems and losses are all reported together', () => {
    const altered = rows.map((r) => ({ ...r }));
    altered[0]!.action = 'export';
    expect(verifyTrail(altered, null, [deadLetter]).map((p) => p.kind)).toEqual([
      'hash-mismatch',
      'head-missing',
      'lost-events'
    ]);
  });
});
