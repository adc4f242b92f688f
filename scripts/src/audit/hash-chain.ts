import { createHash } from 'node:crypto';

/**
 * The PHI access log's hash chain, recomputed outside Salesforce (docs/audit-hash-format.md).
 * Apex (PhiAuditHash) writes it; this module proves nobody altered, inserted or removed a row.
 *
 * Three canonical forms exist. v1 put milliseconds in the time line; a DateTime field stores whole
 * seconds ("Regular dateTime fields are full timestamps with a precision of one second",
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/primitive_data_types.htm), so a v1
 * row read back from an org could only verify when its milliseconds were zero. v2 carries whole
 * seconds. v3 (what Apex writes now, and says so in Hash_Version__c) adds the platform event's
 * EventUuid and the row's Dedup_Id__c, which v2 left outside the hash. A row with no version
 * (a blank Hash_Version__c) is v2; v1 stays verifiable here for its vectors.
 */
export const GENESIS = '0'.repeat(64);
export type HashVersion = 'v1' | 'v2' | 'v3';
/** The version Apex writes today (PHI_Access_Log__c.Hash_Version__c). */
export const VERSION: HashVersion = 'v3';
/** The version of a row whose Hash_Version__c is blank: rows written before the field existed. */
export const UNVERSIONED: HashVersion = 'v2';
export const VERSIONS: readonly HashVersion[] = ['v1', 'v2', 'v3'];
/** Event_Uuid__c in a v3 row: the EventUuid, lower-cased by the writer before it is stored and hashed. */
export const EVENT_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface LogRow {
  sequence: number;
  /** ISO-8601 UTC as the org returns it: `2026-11-25T18:04:05.000+0000`, `2026-11-25T18:04:05Z`, … */
  occurredAt: string;
  actorId: string;
  objectName: string;
  recordId: string;
  fieldNames: string; // comma-separated API names
  action: string;
  channel: string;
  purpose: string | null;
  /** v3: Event_Uuid__c */
  eventUuid?: string | null;
  /** v3: Dedup_Id__c (idempotency key, `:`, record id) */
  dedupId?: string | null;
  previousHash: string;
  hash?: string;
  /** canonical form the row was written with (Hash_Version__c); absent means UNVERSIONED (v2) */
  version?: HashVersion;
}

// The date-time forms Salesforce APIs return (REST/SOAP `...000+0000`, Bulk CSV `...000Z`) and plain
// whole-second UTC. Anything else (a date alone, a local time, a locale format) is not a log time.
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * The canonical time line. v2 and v3: whole-second UTC `yyyy-MM-ddTHH:mm:ssZ`, and a value with non-zero
 * milliseconds is rejected (no DateTime field can hold one, so it did not come from the org).
 * v1: `yyyy-MM-ddTHH:mm:ss.SSSZ`.
 */
export function canonicalTime(iso: string, version: HashVersion = UNVERSIONED): string {
  const d = ISO_UTC.test(iso) ? new Date(iso) : new Date(NaN);
  if (isNaN(d.getTime())) throw new Error(`not a date-time: ${iso}`);
  const full = d.toISOString();
  if (version === 'v1') return full;
  if (d.getUTCMilliseconds() !== 0) throw new Error(`not a whole-second date-time: ${iso}`);
  return `${full.slice(0, 19)}Z`;
}

/** A line of the canonical form must not hold a line break, or two different rows could share one text. */
function line(value: string, field: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`${field} holds a line break`);
  return value;
}

export function canonical(row: LogRow): string {
  const version = row.version ?? UNVERSIONED;
  if (!VERSIONS.includes(version)) throw new Error('unknown hash version');
  if (!Number.isSafeInteger(row.sequence) || row.sequence < 1)
    throw new Error('Sequence__c is not a whole number');
  const fields = row.fieldNames ? row.fieldNames.split(',').sort() : [];
  const lines = [
    version,
    String(row.sequence),
    canonicalTime(row.occurredAt, version),
    line(row.actorId, 'Actor_Id__c'),
    line(row.objectName, 'Object_Name__c'),
    line(row.recordId, 'Record_Id__c'),
    line(fields.join(','), 'Field_Names__c'),
    line(row.action, 'Action__c'),
    line(row.channel, 'Channel__c'),
    line(row.purpose ?? '', 'Purpose__c')
  ];
  if (version === 'v3') {
    // The value is not echoed: the reason names the field and its required form only.
    if (!EVENT_UUID.test(row.eventUuid ?? '')) throw new Error('Event_Uuid__c is not a lower-case UUID');
    lines.push(row.eventUuid!, line(row.dedupId ?? '', 'Dedup_Id__c'));
  }
  lines.push(line(row.previousHash, 'Previous_Hash__c'));
  return lines.join('\n');
}

export function hashRow(row: LogRow): string {
  return createHash('sha256').update(canonical(row), 'utf8').digest('hex');
}

export type ChainProblem =
  | { kind: 'hash-mismatch'; sequence: number }
  | { kind: 'broken-link'; sequence: number }
  | { kind: 'sequence-gap'; sequence: number; expected: number }
  | { kind: 'unreadable-row'; sequence: number; reason: string };

/**
 * Verifies rows in sequence order. `startHash` is the previous hash of the first row (GENESIS
 * for a full chain). Reports every altered row, broken link, missing sequence number and row whose
 * canonical form cannot be built (for example a time that is not a whole-second UTC date-time).
 */
export function verifyChain(rows: LogRow[], startHash = GENESIS): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let previous = startHash;
  let expected = rows[0]?.sequence ?? 1;
  for (const row of rows) {
    if (row.sequence !== expected) problems.push({ kind: 'sequence-gap', sequence: row.sequence, expected });
    if (row.previousHash !== previous) problems.push({ kind: 'broken-link', sequence: row.sequence });
    let hash: string | undefined;
    try {
      hash = hashRow(row);
    } catch (e) {
      // the reason names the field's format only; log rows hold ids and API names, never PHI
      problems.push({ kind: 'unreadable-row', sequence: row.sequence, reason: (e as Error).message });
    }
    if (hash !== undefined && hash !== row.hash)
      problems.push({ kind: 'hash-mismatch', sequence: row.sequence });
    previous = row.hash ?? '';
    expected = row.sequence + 1;
  }
  return problems;
}
