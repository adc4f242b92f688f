import { createHash } from 'node:crypto';

/**
 * The PHI access log's hash chain, recomputed outside Salesforce (docs/audit-hash-format.md).
 * Apex (PhiAuditHash) writes it; this module proves nobody altered, inserted or removed a row.
 *
 * Two canonical forms exist. v1 put milliseconds in the time line; a DateTime field stores whole
 * seconds ("Regular dateTime fields are full timestamps with a precision of one second",
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/primitive_data_types.htm), so a v1
 * row read back from an org could only verify when its milliseconds were zero. v2 (what Apex writes)
 * carries whole seconds. v1 stays verifiable here for its vectors; rows without a version are v2.
 */
export const GENESIS = '0'.repeat(64);
export type HashVersion = 'v1' | 'v2';
/** The version Apex writes today. */
export const VERSION: HashVersion = 'v2';
export const VERSIONS: readonly HashVersion[] = ['v1', 'v2'];

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
  previousHash: string;
  hash?: string;
  /** canonical form the row was written with; absent means the current VERSION */
  version?: HashVersion;
}

// The date-time forms Salesforce APIs return (REST/SOAP `...000+0000`, Bulk CSV `...000Z`) and plain
// whole-second UTC. Anything else (a date alone, a local time, a locale format) is not a log time.
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * The canonical time line. v2: whole-second UTC `yyyy-MM-ddTHH:mm:ssZ`, and a value with non-zero
 * milliseconds is rejected (no DateTime field can hold one, so it did not come from the org).
 * v1: `yyyy-MM-ddTHH:mm:ss.SSSZ`.
 */
export function canonicalTime(iso: string, version: HashVersion = VERSION): string {
  const d = ISO_UTC.test(iso) ? new Date(iso) : new Date(NaN);
  if (isNaN(d.getTime())) throw new Error(`not a date-time: ${iso}`);
  const full = d.toISOString();
  if (version === 'v1') return full;
  if (d.getUTCMilliseconds() !== 0) throw new Error(`not a whole-second date-time: ${iso}`);
  return `${full.slice(0, 19)}Z`;
}

export function canonical(row: LogRow): string {
  const version = row.version ?? VERSION;
  const fields = row.fieldNames ? row.fieldNames.split(',').sort() : [];
  return [
    version,
    String(row.sequence),
    canonicalTime(row.occurredAt, version),
    row.actorId,
    row.objectName,
    row.recordId,
    fields.join(','),
    row.action,
    row.channel,
    row.purpose ?? '',
    row.previousHash
  ].join('\n');
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
