import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  canonicalText,
  CHAIN_GENESIS,
  recordHash,
  syntheticDedupId,
  syntheticEventUuid,
  type LogRecord
} from '../../emulator/audit-chain';
import { REPO_ROOT } from '../helpers/paths';

/**
 * The emulator's own chain implementation, held to the shared vectors (v3, the static resource the Apex test reads)
 * and to the v2 vectors: it was written from docs/audit-hash-format.md, not from the verifier, so agreement here is
 * two implementations agreeing on the published form. It imports nothing from scripts/src.
 */
type Vector = Record<string, unknown> & { hash: string; sequence: number };
const load = (p: string) =>
  JSON.parse(readFileSync(p, 'utf8')) as { version: string; genesis: string; rows: Vector[] };
const v3 = load(path.join(REPO_ROOT, 'force-app/main/default/staticresources/PhiAuditHashVectors.json'));
const v2 = load(path.join(REPO_ROOT, 'scripts/test/audit/fixtures/hash-vectors-v2.json'));

/** A vector row (the key names both tests share) as the record the org stores. */
const asRecord = (v: Vector, version: string): LogRecord => ({
  Hash_Version__c: version === 'v2' ? null : version,
  Sequence__c: v.sequence,
  Occurred_At__c: v.occurredAt,
  Actor_Id__c: v.actorId,
  Object_Name__c: v.objectName,
  Record_Id__c: v.recordId,
  Field_Names__c: v.fieldNames,
  Action__c: v.action,
  Channel__c: v.channel,
  Purpose__c: v.purpose,
  Event_Uuid__c: v.eventUuid,
  Dedup_Id__c: v.dedupId,
  Previous_Hash__c: v.previousHash
});

describe('emulator audit chain (independent implementation of the canonical form)', () => {
  it.each([
    ['v3', v3],
    ['v2', v2]
  ])('reproduces every %s vector hash and link', (version, doc) => {
    expect(doc.version).toBe(version);
    expect(doc.genesis).toBe(CHAIN_GENESIS);
    let previous = CHAIN_GENESIS;
    for (const v of doc.rows) {
      expect(v.previousHash).toBe(previous);
      expect(recordHash(asRecord(v, version))).toBe(v.hash);
      previous = v.hash;
    }
  });

  it('the canonical text has 13 lines in v3 and 11 in v2', () => {
    expect(canonicalText(asRecord(v3.rows[0]!, 'v3')).split('\n')).toHaveLength(13);
    expect(canonicalText(asRecord(v2.rows[0]!, 'v2')).split('\n')).toHaveLength(11);
  });

  it('agrees with coreutils sha256sum on the first v3 vector', () => {
    let out: string;
    try {
      out = execFileSync('sha256sum', [], { input: canonicalText(asRecord(v3.rows[0]!, 'v3')) }).toString();
    } catch {
      // No coreutils here: the vectors above still hold the implementation to the published hashes.
      return;
    }
    expect(out.split(' ')[0]).toBe(v3.rows[0]!.hash);
  });

  it('refuses what the canonical form cannot express', () => {
    const rec = asRecord(v3.rows[0]!, 'v3');
    expect(() => recordHash({ ...rec, Occurred_At__c: '2026-11-25T18:04:05.123Z' })).toThrow('whole-second');
    expect(() => recordHash({ ...rec, Hash_Version__c: 'v1' })).toThrow('unsupported version');
  });

  it('sorts field names by code point, as the form says (UTF-8 byte order)', () => {
    const rec = { ...asRecord(v3.rows[0]!, 'v3'), Field_Names__c: 'b__c,B__c,a__c' };
    expect(canonicalText(rec).split('\n')[6]).toBe('B__c,a__c,b__c');
  });

  it('synthetic event UUIDs are lower-case UUIDs; dedup ids are a 64-hex key, a colon and the record id', () => {
    for (let n = 1; n < 50; n++) {
      expect(syntheticEventUuid(n)).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
      );
      expect(syntheticDedupId(n, 'a01000000000001AAA')).toMatch(/^[0-9a-f]{64}:a01000000000001AAA$/);
    }
    expect(new Set(Array.from({ length: 50 }, (_, n) => syntheticEventUuid(n))).size).toBe(50);
  });

  it('the emulator imports nothing from the module under test (scripts/src/audit)', () => {
    const dir = path.join(REPO_ROOT, 'scripts/emulator');
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => /src\/audit/.test(readFileSync(path.join(dir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
