import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  canonical,
  canonicalTime,
  GENESIS,
  hashRow,
  VERSION,
  verifyChain,
  type LogRow
} from '../../src/audit/hash-chain';
import { REPO_ROOT } from '../helpers/paths';

type Vectors = { version: string; genesis: string; rows: LogRow[] };
const read = (p: string): Vectors => JSON.parse(readFileSync(p, 'utf8')) as Vectors;
const vectors = read(path.join(REPO_ROOT, 'force-app/main/default/staticresources/PhiAuditHashVectors.json'));
const v1 = read(path.join(__dirname, 'fixtures/hash-vectors-v1.json'));

/** A row as the org returns it over REST (`...000+0000`) or Bulk CSV: every value a string. */
function fromOrgRecord(rec: Record<string, string | null>): LogRow {
  return {
    sequence: Number(rec.Sequence__c),
    occurredAt: rec.Occurred_At__c!,
    actorId: rec.Actor_Id__c!,
    objectName: rec.Object_Name__c!,
    recordId: rec.Record_Id__c!,
    fieldNames: rec.Field_Names__c ?? '',
    action: rec.Action__c!,
    channel: rec.Channel__c!,
    purpose: rec.Purpose__c ?? null,
    previousHash: rec.Previous_Hash__c!,
    hash: rec.Hash__c!
  };
}

describe('PHI access log hash chain (shared vectors with Apex)', () => {
  it('the shared vectors are format v2 with whole-second times', () => {
    expect([vectors.version, VERSION]).toEqual(['v2', 'v2']);
    for (const row of vectors.rows) expect(row.occurredAt).toMatch(/T\d{2}:\d{2}:\d{2}\.000Z$/);
  });

  it('recomputes every vector hash', () => {
    expect(vectors.genesis).toBe(GENESIS);
    for (const row of vectors.rows) expect([row.sequence, hashRow(row)]).toEqual([row.sequence, row.hash]);
  });

  it('the first vector hash equals an independent SHA-256 of the documented canonical text', () => {
    const text = [
      'v2',
      '1',
      '2026-11-25T18:04:05Z',
      '005000000000001AAA',
      'Prescription__c',
      'a01000000000001AAA',
      'Medication__c',
      'reveal',
      'portal',
      'patient-request',
      GENESIS
    ].join('\n');
    expect(canonical(vectors.rows[0]!)).toBe(text);
    expect(vectors.rows[0]!.hash).toBe('5ac9da0247b265c31f0ab7b82177feea65d324653ce37dbb7ecf3bfa6d790520');
    expect(createHash('sha256').update(text, 'utf8').digest('hex')).toBe(vectors.rows[0]!.hash);
  });

  it('the vectors form a valid chain', () => {
    expect(verifyChain(vectors.rows)).toEqual([]);
  });

  it('canonical form: versioned, newline-joined, whole-second time, sorted field names, empty purpose', () => {
    const row = vectors.rows[1]!;
    expect(canonical(row).split('\n')).toEqual([
      'v2',
      '2',
      '2026-11-25T18:04:05Z',
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

  it('verifies rows read back as the org returns them (REST `+0000` and CSV `Z` date-time strings)', () => {
    const rest = vectors.rows.map((r) =>
      fromOrgRecord({
        Sequence__c: `${r.sequence}.0`,
        Occurred_At__c: r.occurredAt.replace('Z', '+0000'),
        Actor_Id__c: r.actorId,
        Object_Name__c: r.objectName,
        Record_Id__c: r.recordId,
        Field_Names__c: r.fieldNames === '' ? null : r.fieldNames,
        Action__c: r.action,
        Channel__c: r.channel,
        Purpose__c: r.purpose,
        Previous_Hash__c: r.previousHash,
        Hash__c: r.hash!
      })
    );
    expect(rest[0]!.occurredAt).toBe('2026-11-25T18:04:05.000+0000');
    expect(verifyChain(rest)).toEqual([]);
    const csv = rest.map((r) => ({ ...r, occurredAt: r.occurredAt.replace('.000+0000', 'Z') }));
    expect(verifyChain(csv)).toEqual([]);
  });

  it('a v2 row cannot carry milliseconds: it is reported, not silently rounded', () => {
    expect(() => canonicalTime('2026-11-25T18:04:05.123Z')).toThrow(/whole-second/);
    const rows = vectors.rows.map((r) => ({ ...r }));
    rows[1]!.occurredAt = '2026-11-25T18:04:05.123Z';
    expect(verifyChain(rows)).toEqual([
      {
        kind: 'unreadable-row',
        sequence: 2,
        reason: 'not a whole-second date-time: 2026-11-25T18:04:05.123Z'
      }
    ]);
  });

  it('rejects a time that is not a UTC ISO date-time', () => {
    for (const bad of ['2026-11-25', '25/11/2026 18:04', '2026-11-25T18:04:05', 'x'])
      expect(() => canonicalTime(bad)).toThrow(/not a date-time/);
    expect(canonicalTime('2026-11-25T19:04:05+01:00')).toBe('2026-11-25T18:04:05Z');
  });

  it('still verifies a chain written in format v1', () => {
    expect(v1.rows.length).toBe(4);
    expect(verifyChain(v1.rows)).toEqual([]);
    expect(canonical(v1.rows[0]!).split('\n').slice(0, 3)).toEqual(['v1', '1', '2026-11-25T18:04:05.123Z']);
    // the same row under v2 is a different canonical form
    expect(hashRow({ ...v1.rows[2]!, version: 'v2' })).not.toBe(v1.rows[2]!.hash);
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
