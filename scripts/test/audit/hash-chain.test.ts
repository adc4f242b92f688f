import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  canonical,
  canonicalTime,
  GENESIS,
  hashRow,
  UNVERSIONED,
  VERSION,
  verifyChain,
  type HashVersion,
  type LogRow
} from '../../src/audit/hash-chain';
import { REPO_ROOT } from '../helpers/paths';

type Vectors = { version: HashVersion; genesis: string; rows: LogRow[] };
const read = (p: string): Vectors => JSON.parse(readFileSync(p, 'utf8')) as Vectors;
const shared = read(path.join(REPO_ROOT, 'force-app/main/default/staticresources/PhiAuditHashVectors.json'));
/** The shared vectors as the org stores them: every row says its version (Hash_Version__c). */
const v3 = shared.rows.map((r) => ({ ...r, version: shared.version }));
const v2 = read(path.join(__dirname, 'fixtures/hash-vectors-v2.json'));
const v1 = read(path.join(__dirname, 'fixtures/hash-vectors-v1.json'));

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

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
    eventUuid: rec.Event_Uuid__c,
    dedupId: rec.Dedup_Id__c,
    previousHash: rec.Previous_Hash__c!,
    hash: rec.Hash__c!,
    version: (rec.Hash_Version__c || undefined) as HashVersion | undefined
  };
}

describe('PHI access log hash chain (shared vectors with Apex)', () => {
  it('the shared vectors are format v3: whole-second times, lower-case event UUIDs, dedup ids', () => {
    expect([shared.version, VERSION, UNVERSIONED]).toEqual(['v3', 'v3', 'v2']);
    expect(shared.rows.length).toBeGreaterThanOrEqual(4);
    for (const row of shared.rows) {
      expect(row.occurredAt).toMatch(/T\d{2}:\d{2}:\d{2}\.000Z$/);
      expect(row.eventUuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(row.dedupId).toBe(`${row.dedupId!.slice(0, 64)}:${row.recordId}`);
      expect(row.dedupId!.slice(0, 64)).toMatch(/^[0-9a-f]{64}$/);
    }
    // The key names the Apex test reads (PhiAuditHash_Test), exactly.
    expect(Object.keys(shared.rows[0]!).sort()).toEqual(
      [
        'occurredAt',
        'actorId',
        'objectName',
        'recordId',
        'fieldNames',
        'action',
        'channel',
        'purpose',
        'eventUuid',
        'dedupId',
        'sequence',
        'previousHash',
        'hash'
      ].sort()
    );
  });

  it('recomputes every v3 vector hash, and the vectors form a valid chain', () => {
    expect(shared.genesis).toBe(GENESIS);
    for (const row of v3) expect([row.sequence, hashRow(row)]).toEqual([row.sequence, row.hash]);
    expect(verifyChain(v3)).toEqual([]);
  });

  it('the first v3 vector equals an independent SHA-256 of the documented 13-line canonical text', () => {
    const text = [
      'v3',
      '1',
      '2026-11-25T18:04:05Z',
      '005000000000001AAA',
      'Prescription__c',
      'a01000000000001AAA',
      'Medication__c',
      'reveal',
      'portal',
      'patient-request',
      '3f6c2a1e-9b7d-4c58-a2e4-0d1f5b7c9e21',
      '3c7b928546c7bd8d1a367b3695877c0f50dfef7ede6136010205698d7fe93f56:a01000000000001AAA',
      GENESIS
    ].join('\n');
    expect(canonical(v3[0]!)).toBe(text);
    // Also computed outside node, with coreutils: printf '<the 13 lines>' | sha256sum
    expect(v3[0]!.hash).toBe('ae3a597e063276ef8960bed5fe3aa7cd620dbdef3b7bbad7349460ba3c2602d1');
    expect(sha256(text)).toBe(v3[0]!.hash);
  });

  it('canonical form v3: sorted field names, empty purpose, event UUID and dedup id before the previous hash', () => {
    expect(canonical(v3[1]!).split('\n')).toEqual([
      'v3',
      '2',
      '2026-11-25T18:04:05Z',
      '005000000000002AAA',
      'Health_Intake__c',
      'a02000000000001AAA',
      'Conditions__c,Current_Medications__c,Notes__c',
      'create',
      'api',
      'intake',
      v3[1]!.eventUuid,
      v3[1]!.dedupId,
      v3[0]!.hash
    ]);
    expect(canonical(v3[3]!).split('\n')[9]).toBe('');
  });

  it('the event UUID and the dedup id are inside the v3 hash', () => {
    const uuid = { ...v3[2]!, eventUuid: '00000000-0000-4000-8000-000000000000' };
    const dedup = { ...v3[2]!, dedupId: `${'0'.repeat(64)}:${v3[2]!.recordId}` };
    expect(hashRow(uuid)).not.toBe(v3[2]!.hash);
    expect(hashRow(dedup)).not.toBe(v3[2]!.hash);
  });

  it('a v3 row needs a lower-case UUID; no line may hold a line break', () => {
    for (const bad of [v3[0]!.eventUuid!.toUpperCase(), '', null, 'not-a-uuid'])
      expect(() => canonical({ ...v3[0]!, eventUuid: bad })).toThrow(
        'Event_Uuid__c is not a lower-case UUID'
      );
    expect(() => canonical({ ...v3[0]!, dedupId: 'a\nb' })).toThrow('Dedup_Id__c holds a line break');
    expect(() => canonical({ ...v2.rows[0]!, objectName: 'A\r' })).toThrow(
      'Object_Name__c holds a line break'
    );
    expect(() => canonical({ ...v3[0]!, version: 'v9' as HashVersion })).toThrow('unknown hash version');
    expect(() => canonical({ ...v3[0]!, sequence: 1.5 })).toThrow('Sequence__c is not a whole number');
    expect(verifyChain([{ ...v3[0]!, eventUuid: 'X' }])).toEqual([
      { kind: 'unreadable-row', sequence: 1, reason: 'Event_Uuid__c is not a lower-case UUID' }
    ]);
  });

  it('verifies rows read back as the org returns them (REST `+0000` and CSV `Z` date-time strings)', () => {
    const rest = v3.map((r) =>
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
        Event_Uuid__c: r.eventUuid!,
        Dedup_Id__c: r.dedupId!,
        Hash_Version__c: 'v3',
        Previous_Hash__c: r.previousHash,
        Hash__c: r.hash!
      })
    );
    expect(rest[0]!.occurredAt).toBe('2026-11-25T18:04:05.000+0000');
    expect(verifyChain(rest)).toEqual([]);
    const csv = rest.map((r) => ({ ...r, occurredAt: r.occurredAt.replace('.000+0000', 'Z') }));
    expect(verifyChain(csv)).toEqual([]);
    // Read without its version, a v3 row is a v2 row, and its hash does not match.
    expect(verifyChain(rest.map((r) => ({ ...r, version: undefined }))).map((p) => p.kind)).toEqual([
      'hash-mismatch',
      'hash-mismatch',
      'hash-mismatch',
      'hash-mismatch'
    ]);
  });

  it('a row cannot carry milliseconds: it is reported, not silently rounded', () => {
    expect(() => canonicalTime('2026-11-25T18:04:05.123Z')).toThrow(/whole-second/);
    expect(() => canonicalTime('2026-11-25T18:04:05.123Z', 'v3')).toThrow(/whole-second/);
    const rows = v3.map((r) => ({ ...r }));
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

  it('still verifies chains written in format v2 (blank Hash_Version__c) and v1', () => {
    expect(v2.version).toBe('v2');
    expect(v2.rows[0]!.version).toBeUndefined();
    expect(verifyChain(v2.rows)).toEqual([]);
    expect(canonical(v2.rows[0]!).split('\n')).toHaveLength(11);
    expect(sha256(canonical(v2.rows[0]!))).toBe(
      '5ac9da0247b265c31f0ab7b82177feea65d324653ce37dbb7ecf3bfa6d790520'
    );
    expect(v1.rows.length).toBe(4);
    expect(verifyChain(v1.rows)).toEqual([]);
    expect(canonical(v1.rows[0]!).split('\n').slice(0, 3)).toEqual(['v1', '1', '2026-11-25T18:04:05.123Z']);
    // the same row under another version is a different canonical form
    expect(hashRow({ ...v1.rows[2]!, version: 'v2' })).not.toBe(v1.rows[2]!.hash);
    expect(
      hashRow({ ...v2.rows[2]!, version: 'v3', eventUuid: v3[2]!.eventUuid, dedupId: v3[2]!.dedupId })
    ).not.toBe(v2.rows[2]!.hash);
  });

  it('detects an altered row, a removed row and a re-linked chain', () => {
    const altered = v3.map((r) => ({ ...r }));
    altered[1]!.action = 'view';
    expect(verifyChain(altered)).toEqual([{ kind: 'hash-mismatch', sequence: 2 }]);

    const removed = v3.filter((r) => r.sequence !== 2);
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
